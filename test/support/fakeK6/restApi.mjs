// The part of k6's REST API (public docs: "k6 REST API") that a paused run needs: k6 started
// with --paused listens on --address, answers GET /v1/status, and starts the test when
// PATCH /v1/status sets `paused: false` — how k6-operator's starter releases all runners at once.
import * as http from 'node:http';

const statusDoc = (paused, running) => ({ data: { type: 'status', id: 'default', attributes: { paused, running, stopped: false, tainted: false } } });

/**
 * Listens on `address` (host:port) and resolves `resumed()` once a PATCH unpauses the run (or
 * `release()` is called, on a signal). `close()` stops listening.
 */
export async function pausedGate(address, warn) {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m) throw new Error(`invalid --address "${address}": expected host:port`);
  let paused = true;
  let release;
  const resumed = new Promise((r) => (release = r));
  const server = http.createServer((req, res) => {
    const send = (code, body) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url !== '/v1/status') return send(404, { errors: [{ status: '404', title: 'Not Found' }] });
    if (req.method === 'GET') return send(200, statusDoc(paused, !paused));
    if (req.method !== 'PATCH') return send(405, { errors: [{ status: '405', title: 'Method Not Allowed' }] });
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      let attrs;
      try {
        attrs = JSON.parse(text)?.data?.attributes;
      } catch {
        return send(400, { errors: [{ status: '400', title: 'Bad Request', detail: 'the body is not JSON' }] });
      }
      if (attrs?.paused === false && paused) {
        paused = false;
        release();
      }
      send(200, statusDoc(paused, !paused));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(m[2]), m[1].replace(/^\[|\]$/g, '') || undefined, resolve);
  }).catch((err) => {
    warn(`time="${new Date().toISOString()}" level=error msg="could not start the REST API on ${address}: ${err.message}"\n`);
    process.exit(255);
  });
  return {
    resumed: () => resumed,
    release: () => release(),
    close: () => server.close(),
  };
}
