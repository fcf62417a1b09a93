// The API server's service proxy: `/api/v1/namespaces/<ns>/services/[http:|https:]<svc>[:<port>]/proxy/<path>`.
// A test plugs in what answers behind a service port — a function, or the URL of a real
// server on loopback to forward to. Like the real proxy, it does not forward the caller's
// Authorization header, rewrites absolute links in HTML and `Location` headers to stay
// under the proxy prefix, and answers 503 when nothing serves the port.
import * as http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { StatusError } from './status';

export interface ProxyRequest {
  method: string;
  /** The path after `/proxy`, starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxyResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | Buffer | object;
}

/** A function answering requests, or the base URL (`http://127.0.0.1:PORT`) of a server to forward to. */
export type ProxyHandler = ((req: ProxyRequest) => ProxyResponse | Promise<ProxyResponse>) | string;

interface ServicePort {
  name?: string;
  port: number;
}

/** Picks the service port a proxy name (`svc`, `svc:8080`, `svc:http`, `https:svc:443`) refers to. */
export function resolveProxyPort(nameSpec: string, ports: ServicePort[]): { service: string; port: ServicePort } | undefined {
  const parts = nameSpec.split(':');
  if (parts[0] === 'http' || parts[0] === 'https') parts.shift();
  const [service, portSpec] = parts;
  const port = portSpec === undefined || portSpec === '' ? ports[0] : ports.find((p) => String(p.port) === portSpec || p.name === portSpec);
  return port && { service, port };
}

export async function callProxyHandler(handler: ProxyHandler, req: ProxyRequest): Promise<Required<Pick<ProxyResponse, 'status'>> & { headers: Record<string, string>; body: Buffer }> {
  if (typeof handler === 'string') return forward(handler, req);
  const r = await handler(req);
  const headers = { ...(r.headers ?? {}) };
  let body: Buffer;
  if (r.body === undefined) body = Buffer.alloc(0);
  else if (typeof r.body === 'string') body = Buffer.from(r.body, 'utf8');
  else if (Buffer.isBuffer(r.body)) body = r.body;
  else {
    body = Buffer.from(JSON.stringify(r.body), 'utf8');
    headers['content-type'] ??= 'application/json';
  }
  return { status: r.status ?? 200, headers, body };
}

function forward(base: string, req: ProxyRequest): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const target = new URL(base.replace(/\/$/, '') + req.path);
  for (const [k, v] of req.query) target.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || ['authorization', 'host', 'connection', 'content-length', 'transfer-encoding'].includes(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return new Promise((resolve) => {
    const r = http.request(target, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-length') out[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
    });
    r.on('error', (err) =>
      resolve({
        status: 503,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(new StatusError(503, 'ServiceUnavailable', `error trying to reach service: ${err.message}`).toStatus())),
      }),
    );
    r.end(req.body.length ? req.body : undefined);
  });
}

/** Keeps absolute links of an HTML page, and redirects, under the proxy prefix. */
export function rewriteForProxy(prefix: string, res: { headers: Record<string, string>; body: Buffer }): void {
  const location = res.headers.location;
  if (location?.startsWith('/') && !location.startsWith('//')) res.headers.location = prefix + location;
  if (!(res.headers['content-type'] ?? '').includes('text/html')) return;
  const html = res.body.toString('utf8').replace(/\b(href|src|action)=(["'])\/(?!\/)/gi, (_m, attr: string, q: string) => `${attr}=${q}${prefix}/`);
  res.body = Buffer.from(html, 'utf8');
}
