// GET over node:http/https with the limits untrusted servers need: an overall deadline (a
// server that accepts the connection and never answers still ends), a byte limit checked on
// Content-Length and while streaming (after decompression, so a zip bomb stops too), at most
// 5 redirects, http/https only. Callers may pass credentials (a token, an Agent with the
// cluster's CA and client certificate) scoped to a URL prefix: they go to URLs under it only,
// a hop to the same server outside it is refused, a hop elsewhere goes without them
// (urlPolicy.ts). Redirects to link-local or metadata addresses are refused when asked.
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { inScope, isLinkLocalAddress, linkLocalMessage, outsideScopeOnSameOrigin, refusingLinkLocalLookup, type ScopedCredentials } from './urlPolicy';

export type HttpErrorKind = 'not-found' | 'http-status' | 'too-large' | 'timeout' | 'redirects' | 'scheme' | 'network' | 'aborted' | 'refused';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpGetOptions {
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes: number;
  /** Deadline for the whole exchange, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  /** Sent (headers and agent) only to URLs under `credentials.scope`. */
  credentials?: ScopedCredentials;
  /**
   * Link-local / metadata addresses: `redirects` refuses them as redirect targets, `always`
   * also as the URL itself (one a server named, not the user). Default: allowed.
   */
  refuseLinkLocal?: 'redirects' | 'always';
  signal?: AbortSignal;
  accept?: string;
}

export interface HttpResponse {
  /** The URL finally read, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

export const defaultMaxRedirects = 5;

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const deadline = Date.now() + options.timeoutMs;
  const maxRedirects = options.maxRedirects ?? defaultMaxRedirects;
  let current = parseHttpUrl(url);
  for (let hop = 0; ; hop++) {
    const access = accessFor(current, options, hop > 0 ? options.refuseLinkLocal !== undefined : options.refuseLinkLocal === 'always');
    const res = await requestOnce(current, options, deadline, access);
    if (res.redirect === undefined) return res.response;
    if (hop >= maxRedirects) throw new HttpError('redirects', `${url} redirected more than ${maxRedirects} times (last to ${res.redirect}); it may be a redirect loop.`);
    current = parseHttpUrl(new URL(res.redirect, current).toString());
  }
}

export function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpError('scheme', `"${url}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError('scheme', `Only http and https URLs can be read, not "${parsed.protocol}" (${truncate(url)}).`);
  }
  return parsed;
}

/** What one hop may carry: the credentials when in scope, and whether to refuse link-local hosts. */
interface HopAccess {
  credentials?: ScopedCredentials;
  refuseLinkLocal: boolean;
}

function accessFor(url: URL, options: HttpGetOptions, guardLinkLocal: boolean): HopAccess {
  const c = options.credentials;
  if (c && inScope(url, c.scope)) return { credentials: c, refuseLinkLocal: false };
  if (c && outsideScopeOnSameOrigin(url, c.scope)) {
    throw new HttpError(
      'refused',
      `${truncate(url.href)} is on the same server as ${c.scope} but outside it. Your credentials are only sent under that path (the one service being read), so Metric Vault did not read it.`,
    );
  }
  if (guardLinkLocal && isLinkLocalAddress(url.hostname)) throw new HttpError('refused', linkLocalMessage(url.href));
  return { refuseLinkLocal: guardLinkLocal };
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

interface Once {
  redirect?: string;
  response: HttpResponse;
}

function requestOnce(url: URL, options: HttpGetOptions, deadline: number, access: HopAccess): Promise<Once> {
  return new Promise<Once>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(timeoutError(url, options.timeoutMs));
    if (options.signal?.aborted) return reject(new HttpError('aborted', 'Reading was cancelled.'));
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      accept: options.accept ?? 'application/json, application/yaml, text/yaml, text/html;q=0.9, */*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'metric-vault',
      ...access.credentials?.headers,
    };
    let settled = false;
    const finish = (err: Error | undefined, value?: Once) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value!);
    };
    const onAbort = () => finish(new HttpError('aborted', 'Reading was cancelled.'));
    const timer = setTimeout(() => finish(timeoutError(url, options.timeoutMs)), remaining);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const lookup = access.refuseLinkLocal ? refusingLinkLocalLookup(url.href) : undefined;
    const req = mod.get(url, { headers, agent: access.credentials?.agent, ...(lookup ? { lookup } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return finish(undefined, { redirect: res.headers.location, response: emptyResponse(url, status) });
      }
      if (status === 404 || status === 410) {
        res.resume();
        return finish(new HttpError('not-found', `${url} was not found (HTTP ${status}).`, status));
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return finish(new HttpError('http-status', `${url} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`, status));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        res.resume();
        return finish(new HttpError('too-large', tooLarge(url, options.maxBytes)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const body = decoded(res, res.headers['content-encoding']);
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          body.destroy();
          res.destroy();
          return finish(new HttpError('too-large', tooLarge(url, options.maxBytes)));
        }
        chunks.push(chunk);
      });
      body.on('end', () =>
        finish(undefined, { response: { url: url.toString(), status, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) } }),
      );
      body.on('error', (err) => finish(new HttpError('network', `Reading ${url} failed: ${err.message}`)));
      res.on('error', (err) => finish(new HttpError('network', `Reading ${url} failed: ${err.message}`)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(requestError(url, err)));
  });
}

function decoded(res: Readable, encoding: string | string[] | undefined): Readable {
  switch (String(encoding ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function emptyResponse(url: URL, status: number): HttpResponse {
  return { url: url.toString(), status, contentType: '', body: Buffer.alloc(0) };
}

function timeoutError(url: URL, timeoutMs: number): HttpError {
  return new HttpError('timeout', `${url} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`);
}

function tooLarge(url: URL, maxBytes: number): string {
  return `${url} is larger than the limit of ${formatBytes(maxBytes)} (setting metricVault.openapi.maxDocumentSizeMB).`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

function requestError(url: URL, err: NodeJS.ErrnoException): HttpError {
  return err.code === 'ELINKLOCAL' ? new HttpError('refused', err.message) : new HttpError('network', networkMessage(url, err));
}

function networkMessage(url: URL, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${url.host} (connection refused). Is the server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${url.hostname} could not be found.`;
    case 'ECONNRESET':
      return `${url.host} closed the connection.`;
    default:
      return `Reading ${url} failed: ${err.message}`;
  }
}
