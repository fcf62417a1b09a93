// The k6 stand-in's network side: performs the requests a script made, with real sockets,
// sending exactly the method, request-target, headers and body bytes the script produced
// (the URL is not normalized: what the script built is what goes on the wire, as in Go's
// client). Follows redirects like k6 (up to `redirects`, 303 and POST 301/302 become GET).
import * as http from 'node:http';
import * as https from 'node:https';

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  timeoutMs: number;
  redirects: number;
}

export interface WireResult {
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  error?: string;
  errorCode?: number;
  timings: { blocked: number; connecting: number; tls_handshaking: number; sending: number; waiting: number; receiving: number; duration: number };
  bytesSent: number;
  bytesReceived: number;
}

function splitUrl(url: string): { protocol: string; host: string; port: number; target: string } | undefined {
  const m = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(url);
  if (!m) return undefined;
  const protocol = m[1].toLowerCase();
  const hostPort = m[2].replace(/^[^@]*@/, '');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  const host = v6 ? v6[1] : hostPort.split(':')[0];
  const portText = v6 ? v6[2] : hostPort.split(':')[1];
  const port = portText ? Number(portText) : protocol === 'https' ? 443 : 80;
  const target = m[3] === '' ? '/' : m[3].startsWith('?') ? `/${m[3]}` : m[3];
  return { protocol, host, port, target };
}

const goStatusText = (status: number) => http.STATUS_CODES[status] ?? '';

/** Go-style canonical header names for the response, values of repeated headers joined with ", ". */
function responseHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i].toLowerCase().replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
    out[key] = key in out ? `${out[key]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return out;
}

function once(req: WireRequest): Promise<WireResult> {
  const t0 = performance.now();
  const timings = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
  const parts = splitUrl(req.url);
  const fail = (error: string, errorCode: number): WireResult => ({
    status: 0, statusText: '', url: req.url, headers: {}, body: new Uint8Array(0), error, errorCode, timings: { ...timings, duration: performance.now() - t0 }, bytesSent: 0, bytesReceived: 0,
  });
  if (!parts) return Promise.resolve(fail(`invalid URL "${req.url}"`, 1000));
  return new Promise((resolve) => {
    const lib = parts.protocol === 'https' ? https : http;
    let connectedAt = t0;
    let sentAt = t0;
    let firstByteAt = t0;
    const r = lib.request(
      { host: parts.host, port: parts.port, method: req.method, path: parts.target, headers: req.headers, agent: false, setHost: true },
      (res) => {
        firstByteAt = performance.now();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => resolve(fail(e.message, 1000)));
        res.on('end', () => {
          const end = performance.now();
          const body = Buffer.concat(chunks);
          timings.connecting = connectedAt - t0;
          timings.sending = sentAt - connectedAt;
          timings.waiting = firstByteAt - sentAt;
          timings.receiving = end - firstByteAt;
          timings.duration = timings.sending + timings.waiting + timings.receiving;
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? goStatusText(res.statusCode ?? 0),
            url: req.url,
            headers: responseHeaders(res.rawHeaders),
            body: new Uint8Array(body),
            timings,
            bytesSent: (req.body?.byteLength ?? 0) + Object.entries(req.headers).reduce((a, [k, v]) => a + k.length + v.length + 4, 0),
            bytesReceived: body.byteLength,
          });
        });
      },
    );
    r.on('socket', (s) => s.once('connect', () => (connectedAt = performance.now())));
    r.setTimeout(req.timeoutMs, () => r.destroy(new Error(`request timeout`)));
    r.on('error', (e: NodeJS.ErrnoException) => resolve(fail(e.code === 'ECONNREFUSED' ? `dial tcp ${parts.host}:${parts.port}: connect: connection refused` : e.message, e.code === 'ECONNREFUSED' ? 1212 : 1000)));
    r.on('finish', () => (sentAt = performance.now()));
    r.end(req.body ? Buffer.from(req.body) : undefined);
  });
}

export async function perform(req: WireRequest): Promise<WireResult> {
  let current = req;
  for (let hop = 0; ; hop++) {
    const result = await once(current);
    const location = result.headers.Location;
    if (![301, 302, 303, 307, 308].includes(result.status) || !location || hop >= current.redirects) return result;
    const next = new URL(location, current.url).href;
    const toGet = result.status === 303 || ((result.status === 301 || result.status === 302) && current.method === 'POST');
    const headers = { ...current.headers };
    if (toGet) {
      delete headers['Content-Length'];
      delete headers['Content-Type'];
    }
    current = { ...current, url: next, method: toGet ? 'GET' : current.method, body: toGet ? null : current.body, headers };
  }
}
