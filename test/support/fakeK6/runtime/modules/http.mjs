// `k6/http` as k6 behaves: request/get/post/put/patch/del/head/options/batch, synchronous,
// returning Response objects. Bodies are encoded as k6 encodes them (strings as UTF-8, objects
// as sorted form fields, http.file parts as multipart), header names canonicalized as Go's
// net/http does, the `tags` param passed into the metrics. The engine performs the I/O.
import { state } from './state.mjs';

const userAgent = 'k6/1.4.2 (https://k6.io/)';

/** Go's textproto.CanonicalMIMEHeaderKey: content-type → Content-Type; left alone if not a token. */
export function canonicalHeaderKey(key) {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());
}

/** Go's url.QueryEscape. */
function queryEscape(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

export function file(data, filename, contentType = 'application/octet-stream') {
  return { __k6file: true, data, filename, content_type: contentType };
}

function toBytes(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data), 'utf8');
}

function encodeBody(body, headers) {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return toBytes(body);
  if (typeof body === 'object') {
    const entries = Object.entries(body);
    if (entries.some(([, v]) => v && v.__k6file)) {
      const boundary = Array.from({ length: 30 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
      const parts = [];
      for (const [k, v] of entries) {
        const head = v && v.__k6file
          ? `Content-Disposition: form-data; name="${k}"; filename="${v.filename ?? 'file'}"\r\nContent-Type: ${v.content_type}`
          : `Content-Disposition: form-data; name="${k}"`;
        parts.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), toBytes(v && v.__k6file ? v.data : v), Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      headers['Content-Type'] ??= `multipart/form-data; boundary=${boundary}`;
      return Buffer.concat(parts);
    }
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    return Buffer.from(
      entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${queryEscape(k)}=${queryEscape(String(v))}`)
        .join('&'),
      'utf8',
    );
  }
  return toBytes(body);
}

function prepare(method, url, body, params = {}) {
  const headers = {};
  for (const [k, v] of Object.entries(params.headers ?? {})) headers[canonicalHeaderKey(k)] = String(v);
  const urlText = typeof url === 'object' && url !== null && 'url' in url ? String(url.url) : String(url);
  const bytes = encodeBody(body, headers);
  if (!('User-Agent' in headers)) headers['User-Agent'] = userAgent;
  const m = String(method).toUpperCase();
  if (bytes !== undefined) headers['Content-Length'] = String(bytes.byteLength);
  else if (m === 'POST' || m === 'PUT' || m === 'PATCH') headers['Content-Length'] = '0';
  const tags = { ...(params.tags ?? {}) };
  if (state.initContext) throw new Error('Making http requests in the init context is not supported');
  return {
    throw: params.throw ?? state.options?.throw ?? false,
    expected: params.responseCallback,
    wire: { method: m, url: urlText, headers, body: bytes ? new Uint8Array(bytes) : null, timeoutMs: timeoutMs(params.timeout), redirects: params.redirects ?? 10 },
    tags,
    responseType: params.responseType ?? 'text',
    requestBodyText: bytes ? bytes.toString('utf8') : '',
  };
}

function timeoutMs(t) {
  if (t === undefined) return 60000;
  if (typeof t === 'number') return t;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(t));
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60000 }[m[2]] : 60000;
}

class Response {
  constructor(prep, result) {
    this.status = result.status;
    this.status_text = result.statusText ? `${result.status} ${result.statusText}` : '';
    this.proto = result.proto ?? '';
    this.url = result.url;
    this.headers = result.headers;
    this.cookies = {};
    this.error = result.error ?? '';
    this.error_code = result.errorCode ?? 0;
    this.timings = result.timings;
    const bytes = Buffer.from(result.body ?? new Uint8Array(0));
    this.body = prep.responseType === 'none' ? null : prep.responseType === 'binary' ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes.toString('utf8');
    this.request = { method: prep.wire.method, url: prep.wire.url, headers: Object.fromEntries(Object.entries(prep.wire.headers).map(([k, v]) => [k, [v]])), body: prep.requestBodyText, cookies: {} };
  }

  /** Parses the body as JSON; a selector such as `items.0.name` picks a value (gjson-style, dotted). */
  json(selector) {
    if (typeof this.body !== 'string') throw new Error('the body is not text');
    const value = JSON.parse(this.body);
    if (!selector) return value;
    let cur = value;
    for (const part of String(selector).split('.')) {
      if (cur === null || cur === undefined) return undefined;
      cur = cur[part];
    }
    return cur;
  }

  html() {
    throw new Error('Response.html() is not available in the k6 stand-in');
  }
}

// The engine performs the request and records k6's http_req_* samples (it knows the timings
// and bytes); the VU hands over the tags the samples carry and how to judge the status.
function run(preps) {
  state.checkInterrupt();
  state.flush();
  const results = state.call('http', {
    requests: preps.map((p) => p.wire),
    tags: preps.map((p) => state.sampleTags(p.tags)),
    expected: preps.map((p) => p.expected ?? responseCallback),
  });
  state.checkInterrupt();
  return results.map((result, i) => {
    if (result.error && preps[i].throw) throw new Error(result.error);
    return new Response(preps[i], result);
  });
}

export function request(method, url, body, params) {
  return run([prepare(method, url, body, params)])[0];
}
export const get = (url, params) => request('GET', url, null, params);
export const head = (url, params) => request('HEAD', url, null, params);
export const post = (url, body, params) => request('POST', url, body, params);
export const put = (url, body, params) => request('PUT', url, body, params);
export const patch = (url, body, params) => request('PATCH', url, body, params);
export const del = (url, body, params) => request('DELETE', url, body, params);
export const options = (url, body, params) => request('OPTIONS', url, body, params);

/** Sends the requests in parallel; an array in gives an array out, an object an object. */
export function batch(requests) {
  const entries = Array.isArray(requests) ? requests.map((r, i) => [i, r]) : Object.entries(requests);
  const preps = entries.map(([, r]) => {
    if (typeof r === 'string') return prepare('GET', r, null, {});
    if (Array.isArray(r)) return prepare(r[0], r[1], r[2], r[3]);
    return prepare(r.method ?? 'GET', r.url, r.body, r.params);
  });
  const responses = run(preps);
  if (Array.isArray(requests)) return responses;
  return Object.fromEntries(entries.map(([k], i) => [k, responses[i]]));
}

/** k6's default: statuses 200–399 are expected; null means no http_req_failed samples. */
let responseCallback = [{ min: 200, max: 399 }];

/** http.expectedStatuses(200, { min: 400, max: 404 }): what http_req_failed counts as a success. */
export function expectedStatuses(...specs) {
  return specs.map((s) => (typeof s === 'number' ? { min: s, max: s } : { min: Number(s.min), max: Number(s.max) }));
}

export function setResponseCallback(callback) {
  responseCallback = callback ?? null;
}

export default { request, get, head, post, put, patch, del, options, batch, file, expectedStatuses, setResponseCallback };
