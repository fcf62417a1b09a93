// Plain HTTP(S) requests to the API server with the kubeconfig's credentials — for what the
// generated client has no call for or handles poorly: the service proxy and streamed pod
// logs. Authentication (token header, client certificate, CA) comes from
// KubeConfig.applyToHTTPSOptions, so it works for every kubeconfig client-node understands.
import type { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import { type Errorable, fail, ok } from '../../core/result';
import { type ErrorContext, fromStatus, toKubeError } from './errors';

/** Headers and agent for requests through the API server (auth header + TLS/client-cert agent). */
export interface ApiServerRequestOptions {
  /** The API server URL, without a trailing slash. */
  server: string;
  headers: Record<string, string>;
  agent: http.Agent;
}

export async function apiServerRequestOptions(kc: KubeConfig): Promise<ApiServerRequestOptions> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster.');
  const opts: https.RequestOptions & { headers?: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  // Basic auth from the kubeconfig arrives as `auth`; turn it into a header so callers need only headers.
  if (typeof opts.auth === 'string' && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return { server: cluster.server.replace(/\/+$/, ''), headers, agent: opts.agent as http.Agent };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  /** Path on the API server, starting with `/`, query included. */
  path: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Larger bodies are cut off and the request fails. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Streams a 200 body to this callback instead of buffering it (logs). */
  onData?: (chunk: Buffer) => void;
  /** Called when the status line arrives, before the body. */
  onResponse?: (status: number) => void;
}

/**
 * One request. Statuses are not errors here (the caller decides: a proxied 404 is an answer);
 * transport failures become `unreachable`.
 */
export async function rawRequest(kc: KubeConfig, req: RawRequest, context: ErrorContext = {}): Promise<Errorable<RawResponse>> {
  let base: ApiServerRequestOptions;
  try {
    base = await apiServerRequestOptions(kc);
  } catch (err) {
    return fail(toKubeError(err, context));
  }
  const url = new URL(base.server + req.path);
  const mod = url.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Errorable<RawResponse>): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const r = mod.request(url, { method: req.method ?? 'GET', headers: { Accept: 'application/json, */*', ...base.headers, ...req.headers }, agent: base.agent, signal: req.signal }, (res) => {
      req.onResponse?.(res.statusCode ?? 0);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (req.onData && res.statusCode === 200) {
          req.onData(c);
          return;
        }
        size += c.length;
        if (req.maxBytes !== undefined && size > req.maxBytes) {
          res.destroy();
          done(fail(toKubeError(new Error(`response larger than ${req.maxBytes} bytes`), context)));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => done(ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })));
      res.on('error', (err) => done(fail(toKubeError(err, context))));
      res.on('close', () => done(ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })));
    });
    if (req.timeoutMs) {
      r.setTimeout(req.timeoutMs, () => r.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    }
    r.on('error', (err) => done(fail(toKubeError(err, context))));
    r.end();
  });
}

/** A non-2xx answer from the API server itself (not from a proxied service) as a KubeError. */
export function statusError(res: RawResponse, context: ErrorContext): Errorable<never> {
  return fail(fromStatus(res.status, res.body.toString('utf8'), context));
}
