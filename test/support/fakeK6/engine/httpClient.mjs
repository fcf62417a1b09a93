// The stand-in's network side: performs a VU's requests with real sockets, sending exactly
// the method, request-target, headers and body bytes the script produced (no URL
// normalization, as Go's client). Each VU keeps its own keep-alive connections, as k6's VUs
// do, so a reused connection has no connecting time. Timings follow k6's definitions:
// blocked (waiting for a connection), connecting, tls_handshaking, sending, waiting (to the
// first byte), receiving; duration = sending + waiting + receiving. Targets are bounded:
// loopback, plus the hosts in K6_STANDIN_ALLOW_HOSTS (test network namespaces). In a k6 pod
// of the local cluster, in-cluster Service names (K6_STANDIN_SERVICES, from the pod runner)
// connect to the Service's endpoint as cluster DNS and kube-proxy would, Host unchanged.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';

export function splitUrl(url) {
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

/** Loopback, or listed in K6_STANDIN_ALLOW_HOSTS (host names, addresses or IPv4 CIDRs, comma-separated). */
export function hostAllowed(host, allowList = process.env.K6_STANDIN_ALLOW_HOSTS ?? '') {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'))) return true;
  for (const entry of allowList.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (entry === h) return true;
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
    if (cidr && isIP(h) === 4) {
      const bits = Number(cidr[2]);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if (((ipv4(h) & mask) >>> 0) === ((ipv4(cidr[1]) & mask) >>> 0)) return true;
    }
  }
  return false;
}

/** `host:port` → `{ host, port }` to connect to, from K6_STANDIN_SERVICES (read once). */
let routes;
function routeOf(host, port) {
  if (routes === undefined) {
    try {
      routes = JSON.parse(process.env.K6_STANDIN_SERVICES ?? '{}');
    } catch {
      routes = {};
    }
  }
  const to = routes[`${host.toLowerCase()}:${port}`];
  const m = typeof to === 'string' ? /^(.+):(\d+)$/.exec(to) : null;
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

const ipv4 = (a) => a.split('.').reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);

/** Go-style canonical header names for the response, values of repeated headers joined with ", ". */
function responseHeaders(raw) {
  const out = {};
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i].toLowerCase().replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase());
    out[key] = key in out ? `${out[key]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return out;
}

const zeroTimings = () => ({ blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 });

/** k6's error codes for the failures a loopback test meets. */
function errorOf(e, parts) {
  if (e.code === 'ECONNREFUSED') return { error: `dial tcp ${parts.host}:${parts.port}: connect: connection refused`, errorCode: 1212 };
  if (e.code === 'ECONNRESET') return { error: 'read: connection reset by peer', errorCode: 1220 };
  if (e.message === 'request timeout') return { error: 'request timeout', errorCode: 1050 };
  if (e.code === 'ENOTFOUND') return { error: `lookup ${parts.host}: no such host`, errorCode: 1101 };
  return { error: e.message, errorCode: 1000 };
}

export class VuHttpClient {
  constructor() {
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, rejectUnauthorized: process.env.K6_INSECURE_SKIP_TLS_VERIFY !== 'true' }) };
  }

  close() {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  once(req) {
    const t0 = performance.now();
    const parts = splitUrl(req.url);
    const fail = (error, errorCode, timings = zeroTimings()) => ({ status: 0, statusText: '', proto: '', url: req.url, headers: {}, body: new Uint8Array(0), error, errorCode, timings, bytesSent: 0, bytesReceived: 0 });
    if (!parts) return Promise.resolve(fail(`unsupported protocol scheme "${/^([a-z][a-z0-9+.-]*):/i.exec(req.url)?.[1] ?? ''}"`, 1020));
    const route = routeOf(parts.host, parts.port);
    const connectTo = route ?? { host: parts.host, port: parts.port };
    if (!hostAllowed(connectTo.host)) return Promise.resolve(fail(`the k6 stand-in only sends to loopback addresses (and K6_STANDIN_ALLOW_HOSTS): ${connectTo.host}${route ? ` (the Service ${parts.host})` : ''} is neither`, 1000));
    return new Promise((resolve) => {
      const lib = parts.protocol === 'https' ? https : http;
      const at = { socket: 0, connectStart: 0, connected: 0, secured: 0, sent: 0, firstByte: 0 };
      let socket;
      let read0 = 0;
      let written0 = 0;
      const timings = zeroTimings();
      const r = lib.request(
        {
          host: connectTo.host,
          port: connectTo.port,
          method: req.method,
          path: parts.target,
          // Through a Service the request still names it, as it would through kube-proxy.
          headers: route && !('Host' in req.headers) ? { ...req.headers, Host: parts.port === (parts.protocol === 'https' ? 443 : 80) ? parts.host : `${parts.host}:${parts.port}` } : req.headers,
          agent: this.agents[parts.protocol],
          setHost: !route && !('Host' in req.headers),
          servername: isIP(parts.host) ? undefined : parts.host,
        },
        (res) => {
          at.firstByte = performance.now();
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('error', (e) => resolve(fail(errorOf(e, parts).error, errorOf(e, parts).errorCode)));
          res.on('end', () => {
            const end = performance.now();
            const body = Buffer.concat(chunks);
            const start = at.secured || at.connected || at.socket;
            timings.blocked = (at.connectStart || at.socket) - t0;
            timings.connecting = at.connected ? at.connected - at.connectStart : 0;
            timings.tls_handshaking = at.secured ? at.secured - at.connected : 0;
            timings.sending = Math.max(0, at.sent - start);
            timings.waiting = Math.max(0, at.firstByte - Math.max(at.sent, start));
            timings.receiving = end - at.firstByte;
            timings.duration = timings.sending + timings.waiting + timings.receiving;
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? http.STATUS_CODES[res.statusCode ?? 0] ?? '',
              proto: `HTTP/${res.httpVersion}`,
              tlsVersion: socket?.getProtocol?.() ?? undefined,
              url: req.url,
              headers: responseHeaders(res.rawHeaders),
              body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
              timings,
              bytesSent: (socket?.bytesWritten ?? 0) - written0,
              bytesReceived: (socket?.bytesRead ?? 0) - read0,
            });
          });
        },
      );
      r.on('socket', (s) => {
        socket = s;
        at.socket = performance.now();
        read0 = s.bytesRead;
        written0 = s.bytesWritten;
        if (s.connecting) {
          s.once('lookup', () => (at.connectStart = performance.now()));
          s.once('connect', () => {
            at.connectStart ||= at.socket;
            at.connected = performance.now();
          });
          s.once('secureConnect', () => (at.secured = performance.now()));
        }
      });
      r.setTimeout(req.timeoutMs, () => r.destroy(new Error('request timeout')));
      r.on('error', (e) => {
        const { error, errorCode } = errorOf(e, parts);
        resolve(fail(error, errorCode, { ...zeroTimings(), blocked: performance.now() - t0 }));
      });
      r.on('finish', () => (at.sent = performance.now()));
      r.end(req.body ? Buffer.from(req.body) : undefined);
    });
  }

  /**
   * Follows redirects like k6 (up to `redirects`; 303, and POST 301/302, become GET). Every
   * round trip is a request of its own in k6's metrics, so all of them come back in `hops`.
   */
  async perform(req) {
    let current = req;
    const hops = [];
    for (let hop = 0; ; hop++) {
      const result = await this.once(current);
      hops.push({ req: current, result });
      const location = result.headers.Location;
      if (![301, 302, 303, 307, 308].includes(result.status) || !location || hop >= current.redirects) return { result, hops };
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
}
