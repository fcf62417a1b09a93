// The few API calls the pod runner makes, as plain HTTPS with the kubeconfig's credentials (the
// same auth path the product uses, apiServerRequestOptions), so it works unchanged against the
// real API server and against test/support/fakeKube.
import type { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import { apiServerRequestOptions, type ApiServerRequestOptions } from '../../../src/infra/kube/rawRequest';

export type Json = Record<string, unknown>;

export interface KubeObject extends Json {
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: Json[] };
}

export interface ApiAnswer {
  status: number;
  body: Json;
  /** The body as sent (pods/log answers plain text, which may happen to parse as JSON). */
  text: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export class KubeApi {
  private constructor(private readonly base: ApiServerRequestOptions) {}

  static async open(kc: KubeConfig): Promise<KubeApi> {
    return new KubeApi(await apiServerRequestOptions(kc));
  }

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiAnswer> {
    const url = new URL(this.base.server + path);
    const mod = url.protocol === 'http:' ? http : https;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'application/json', ...this.base.headers };
      if (payload !== undefined) {
        headers['Content-Type'] = contentType;
        // Node frames a DELETE body neither with a length nor chunked unless told: the server would read none.
        headers['Content-Length'] = String(Buffer.byteLength(payload));
      }
      const req = mod.request(url, { method, headers, agent: this.base.agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Json = {};
          try {
            parsed = text ? (JSON.parse(text) as Json) : {};
          } catch {
            parsed = { message: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string): Promise<ApiAnswer> {
    return this.request('GET', path);
  }

  /** JSON merge patch of a pod's status (the kubelet's own write). */
  patchPodStatus(namespace: string, name: string, status: Json): Promise<ApiAnswer> {
    return this.request('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}/status`, { status }, 'application/merge-patch+json');
  }

  /** Streams watch events until the server ends the stream or `signal` aborts; resolves then. */
  watch(path: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    const url = new URL(this.base.server + path);
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise((resolve) => {
      const req = mod.request(url, { method: 'GET', headers: { Accept: 'application/json', ...this.base.headers }, agent: this.base.agent, signal }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', () => resolve());
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (!line) continue;
            try {
              onEvent(JSON.parse(line) as WatchEvent);
            } catch {
              // A half-written line is completed by the next chunk; anything else is not JSON we know.
            }
          }
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
  }
}

/**
 * A controller's view of a collection: list, then watch from the list's resourceVersion until
 * `signal` aborts. Each list (the first, and again after a 410 or a dropped watch) goes to
 * `onList`; every change after it to `onEvent` (bookmarks only move the resourceVersion).
 */
export async function listAndWatch(api: KubeApi, path: string, handlers: { onList(items: KubeObject[]): void; onEvent(e: WatchEvent): void }, signal: AbortSignal): Promise<void> {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sep = path.includes('?') ? '&' : '?';
  while (!signal.aborted) {
    const list = await api.get(path).catch(() => undefined);
    if (!list || list.status !== 200) {
      await pause(1000);
      continue;
    }
    let rv = String((list.body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
    handlers.onList((list.body.items as KubeObject[] | undefined) ?? []);
    let expired = false;
    while (!signal.aborted && !expired) {
      const began = Date.now();
      await api.watch(
        `${path}${sep}watch=1&allowWatchBookmarks=true&timeoutSeconds=240&resourceVersion=${rv}`,
        (e) => {
          if (e.type === 'ERROR') {
            expired = true;
            return;
          }
          rv = e.object.metadata.resourceVersion ?? rv;
          if (e.type !== 'BOOKMARK') handlers.onEvent(e);
        },
        signal,
      );
      if (Date.now() - began < 1000 && !signal.aborted) {
        await pause(500);
        expired = true; // the server refused or dropped us at once: list again
      }
    }
  }
}
