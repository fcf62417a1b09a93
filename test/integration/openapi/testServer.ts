// A loopback HTTP server whose routes each test sets: for documents, pages, redirects,
// silence and oversize bodies. Counts requests per path.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  hits: Map<string, number>;
  requests: http.IncomingMessage[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requests.push(req);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(value: unknown, type = 'application/json'): Handler {
  return (_req, res) => {
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    res.writeHead(200, { 'content-type': type }).end(body);
  };
}

export function sendHtml(html: string): Handler {
  return (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

export function redirectTo(location: string, status = 302): Handler {
  return (_req, res) => res.writeHead(status, { location }).end();
}

export const minimalDoc = {
  openapi: '3.0.3',
  info: { title: 'Minimal', version: '1' },
  paths: { '/ping': { get: { operationId: 'ping', tags: ['health'], responses: { '200': { description: 'ok' } } } } },
};
