// A loopback HTTP server that records exactly what arrived — method, raw request-target,
// raw header lines and body bytes — and answers with a JSON echo of it. Status per request
// from `statusFor` (default 200).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrived {
  method: string;
  /** The request-target as sent (`/pets/1?x=%20`), not re-encoded. */
  target: string;
  path: string;
  query: string;
  /** Header lines as received, names in their original case. */
  rawHeaders: [string, string][];
  /** Lower-cased names, like Node's req.headers. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface EchoServer {
  url: string;
  arrived: Arrived[];
  close(): Promise<void>;
}

export async function startEchoServer(statusFor: (a: Arrived) => number = () => 200): Promise<EchoServer> {
  const arrived: Arrived[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '';
      const q = target.indexOf('?');
      const rawHeaders: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      const a: Arrived = {
        method: req.method ?? '',
        target,
        path: q < 0 ? target : target.slice(0, q),
        query: q < 0 ? '' : target.slice(q + 1),
        rawHeaders,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
        body: Buffer.concat(chunks),
      };
      arrived.push(a);
      const payload = JSON.stringify({ method: a.method, path: a.path, query: a.query, headers: a.headers, bodyBase64: a.body.toString('base64') });
      res.writeHead(statusFor(a), { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
