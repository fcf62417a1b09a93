// The demo API: a small HTTP service on loopback for the demo and the tests. It serves its
// OpenAPI document at /openapi.json (and /openapi.yaml), a Swagger UI page at /docs (from
// swagger-ui-dist, its initializer pointed at /openapi.json), and endpoints with path and
// query parameters, JSON bodies, Korean text, a slow one, a flaky one and an echo.
//
//   node --import tsx demo-api/server.ts --port 4010
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { demoOpenApi } from './openapi';

export interface DemoApiOptions {
  port?: number;
  host?: string;
  /** Default failure rate of GET /flaky (0..1). */
  failRate?: number;
}

export interface DemoApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Item {
  id: number;
  name: string;
  price: number;
  description?: string;
}

const maxBody = 1024 * 1024;
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const swaggerUiFiles = new Set(fs.readdirSync(swaggerUiDir).filter((f) => /\.(js|css|html|png)$/.test(f)));
const contentTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8', '.png': 'image/png' };

export async function startDemoApi(options: DemoApiOptions = {}): Promise<DemoApi> {
  const host = options.host ?? '127.0.0.1';
  const state = { items: seedItems(), nextId: 4, requests: 0, failRate: options.failRate ?? 0.2 };
  let spec = '';
  const server = http.createServer((req, res) => {
    state.requests++;
    readBody(req)
      .then((body) => route(req, res, body, state, spec))
      .catch((err: unknown) => send(res, 400, { error: err instanceof Error ? err.message : String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${host}:${port}`;
  spec = JSON.stringify(demoOpenApi(url), null, 2);
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function seedItems(): Map<number, Item> {
  return new Map<number, Item>([
    [1, { id: 1, name: '기계식 키보드', price: 45000, description: '갈축 스위치 (brown switches)' }],
    [2, { id: 2, name: 'USB-C cable', price: 9000 }],
    [3, { id: 3, name: '모니터 받침대', price: 32000, description: '원목 (solid wood)' }],
  ]);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        reject(new Error(`Request body larger than ${maxBody} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type State = { items: Map<number, Item>; nextId: number; requests: number; failRate: number };

async function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, state: State, spec: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo');
  // HEAD answers like GET; node:http leaves the body out.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const p = url.pathname;
  if (p === '/echo' || p.startsWith('/echo/')) return echo(req, res, url, body);
  if (method === 'GET' && p === '/openapi.json') return sendText(res, 200, spec, 'application/json; charset=utf-8');
  if (method === 'GET' && p === '/openapi.yaml') return sendText(res, 200, toYaml(JSON.parse(spec)), 'application/yaml; charset=utf-8');
  if (method === 'GET' && p === '/docs') return redirect(res, '/docs/');
  if (method === 'GET' && p.startsWith('/docs/')) return swaggerUi(res, p.slice('/docs/'.length));
  if (method === 'GET' && p === '/') return redirect(res, '/docs/');
  if (method === 'GET' && p === '/health') return send(res, 200, { status: 'ok' });
  if (p === '/items' || p === '/v1/items') return items(method, res, url, body, state);
  const m = /^\/items\/([^/]+)$/.exec(p);
  if (m) return item(method, res, m[1]!, body, state);
  if (p === '/greetings') return greet(method, res, url, body);
  if (method === 'GET' && p === '/slow') {
    const delay = clampInt(url.searchParams.get('delayMs'), 800, 0, 10000);
    await new Promise((r) => setTimeout(r, delay));
    return send(res, 200, { waitedMs: delay });
  }
  if (method === 'GET' && p === '/flaky') {
    const rate = clampNumber(url.searchParams.get('failRate'), state.failRate, 0, 1);
    if (Math.random() < rate) return send(res, 503, { error: 'Temporarily unavailable (this endpoint fails now and then)' });
    return send(res, 200, { ok: true });
  }
  if (method === 'GET' && p === '/admin/stats') {
    if (req.headers.authorization !== 'Bearer demo-token') return send(res, 401, { error: 'Send "Authorization: Bearer demo-token"' }, { 'www-authenticate': 'Bearer' });
    return send(res, 200, { requests: state.requests, items: state.items.size });
  }
  send(res, 404, { error: `No route for ${method} ${p}` });
}

function items(method: string, res: http.ServerResponse, url: URL, body: Buffer, state: State): void {
  if (method === 'GET') {
    const limit = clampInt(url.searchParams.get('limit'), 20, 1, 100);
    const offset = clampInt(url.searchParams.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const all = [...state.items.values()].filter((i) => !q || i.name.toLowerCase().includes(q) || (i.description ?? '').toLowerCase().includes(q));
    return send(res, 200, all.slice(offset, offset + limit));
  }
  if (method === 'POST' && url.pathname === '/items') {
    const parsed = parseItem(body);
    if (typeof parsed === 'string') return send(res, 400, { error: parsed });
    const created = { id: state.nextId++, ...parsed };
    state.items.set(created.id, created);
    return send(res, 201, created, { location: `/items/${created.id}` });
  }
  send(res, 405, { error: `${method} is not allowed on ${url.pathname}` });
}

function item(method: string, res: http.ServerResponse, rawId: string, body: Buffer, state: State): void {
  const id = Number(rawId);
  if (!Number.isInteger(id) || id < 1) return send(res, 400, { error: `itemId must be a positive integer, got "${decodeURIComponent(rawId)}"` });
  const existing = state.items.get(id);
  if (!existing) return send(res, 404, { error: `No item ${id}` });
  if (method === 'GET') return send(res, 200, existing);
  if (method === 'PUT') {
    const parsed = parseItem(body);
    if (typeof parsed === 'string') return send(res, 400, { error: parsed });
    const updated = { id, ...parsed };
    state.items.set(id, updated);
    return send(res, 200, updated);
  }
  if (method === 'DELETE') {
    state.items.delete(id);
    res.writeHead(204).end();
    return;
  }
  send(res, 405, { error: `${method} is not allowed on /items/${id}` });
}

function parseItem(body: Buffer): Omit<Item, 'id'> | string {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return 'The body must be JSON: { "name": string, "price": integer, "description"?: string }';
  }
  const o = v as Partial<Item>;
  if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || o.name.length === 0) return '"name" (a non-empty string) is required';
  if (typeof o.price !== 'number' || !Number.isInteger(o.price) || o.price < 0) return '"price" (an integer ≥ 0) is required';
  const out: Omit<Item, 'id'> = { name: o.name, price: o.price };
  if (typeof o.description === 'string') out.description = o.description;
  return out;
}

function greet(method: string, res: http.ServerResponse, url: URL, body: Buffer): void {
  if (method === 'GET') {
    const name = url.searchParams.get('name') ?? '손님';
    return send(res, 200, { message: `안녕하세요, ${name}님!`, lang: 'ko' });
  }
  if (method === 'POST') {
    let name: unknown;
    try {
      name = (JSON.parse(body.toString('utf8')) as { name?: unknown }).name;
    } catch {
      return send(res, 400, { error: 'The body must be JSON: { "name": string }' });
    }
    if (typeof name !== 'string' || !name) return send(res, 400, { error: '"name" is required' });
    return send(res, 200, { message: `안녕하세요, ${name}님!`, lang: 'ko' });
  }
  send(res, 405, { error: `${method} is not allowed on /greetings` });
}

/** Everything the request carried, body bytes exactly (base64 and hex), for delivery checks. */
function echo(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer): void {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    Object.defineProperty(query, key, { value: all.length === 1 ? all[0] : all, enumerable: true, writable: true, configurable: true });
  }
  send(res, 200, {
    method: req.method,
    path: url.pathname,
    rawPath: req.url,
    query,
    headers: req.headers,
    bodyLength: body.length,
    bodyBase64: body.toString('base64'),
    bodyHex: body.toString('hex'),
    bodySha256: createHash('sha256').update(body).digest('hex'),
  });
}

function swaggerUi(res: http.ServerResponse, file: string): void {
  const name = file === '' ? 'index.html' : file;
  if (name === 'swagger-initializer.js') {
    const js = `window.onload = function () {\n  window.ui = SwaggerUIBundle({\n    url: "/openapi.json",\n    dom_id: '#swagger-ui',\n    deepLinking: true,\n    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],\n    plugins: [SwaggerUIBundle.plugins.DownloadUrl],\n    layout: "StandaloneLayout"\n  });\n};\n`;
    return sendText(res, 200, js, contentTypes['.js']!);
  }
  if (!swaggerUiFiles.has(name)) return send(res, 404, { error: `No file ${file}` });
  const data = fs.readFileSync(path.join(swaggerUiDir, name));
  res.writeHead(200, { 'content-type': contentTypes[path.extname(name)] ?? 'application/octet-stream', 'content-length': data.length });
  res.end(data);
}

function redirect(res: http.ServerResponse, to: string): void {
  res.writeHead(302, { location: to }).end();
}

function send(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

function sendText(res: http.ServerResponse, status: number, text: string, type: string, headers: Record<string, string> = {}): void {
  const data = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': type, 'content-length': data.length, ...headers });
  res.end(data);
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null || raw === '' ? fallback : Math.trunc(Number(raw));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function clampNumber(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null || raw === '' ? fallback : Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' }, 'fail-rate': { type: 'string' } } });
  const failRate = values['fail-rate'] === undefined ? undefined : Number(values['fail-rate']);
  startDemoApi({ port: Number(values.port), host: values.host, failRate }).then(
    (api) => {
      process.stdout.write(`Demo API listening on ${api.url} (OpenAPI: ${api.url}/openapi.json, Swagger UI: ${api.url}/docs)\n`);
      const stop = () => void api.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`Demo API could not start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
