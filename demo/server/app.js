// A small Express service: the demo workspace's JavaScript side.
// Its routes are those of the demo API (demo-api/ in the repository), so the "Load test"
// CodeLens above each route below finds the endpoint in Metric Vault's Endpoints view.
const express = require('express');

const app = express();
const items = express.Router();
app.use(express.json());

items.get('/', (req, res) => {
  res.json([{ id: 1, name: '기계식 키보드', price: 45000 }].slice(0, Number(req.query.limit ?? 20)));
});

items.post('/', (req, res) => {
  res.status(201).json({ id: 4, ...req.body });
});

items.get('/:itemId', (req, res) => {
  res.json({ id: Number(req.params.itemId), name: 'USB-C cable', price: 9000 });
});

app.post('/greetings', (req, res) => {
  res.json({ message: `안녕하세요, ${req.body.name}님!`, lang: 'ko' });
});

app.get('/flaky', (req, res) => {
  if (Math.random() < 0.2) return res.status(503).json({ error: 'Temporarily unavailable' });
  res.json({ ok: true });
});

app.use('/items', items);
app.listen(3000);
