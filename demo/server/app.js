// A small Express service: the demo workspace's JavaScript side.
// Metric Vault shows a "Load test" CodeLens above each route below.
const express = require('express');

const app = express();
const router = express.Router();
app.use(express.json());

router.get('/orders', (req, res) => {
  res.json({ orders: [], page: Number(req.query.page ?? 1) });
});

router.post('/orders', (req, res) => {
  res.status(201).json({ id: 'ord_1', ...req.body });
});

router.get('/orders/:orderId', (req, res) => {
  res.json({ id: req.params.orderId, status: 'paid' });
});

app.get('/flaky', (req, res) => {
  if (Math.random() < 0.1) return res.status(503).json({ error: 'try again' });
  res.json({ ok: true });
});

app.use('/api', router);
app.listen(3000);
