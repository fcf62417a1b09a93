// Which operations a load test covers, resolved from the OpenAPI document: one endpoint, every
// endpoint of a tag, or a whole server — from the store (VS Code) or from a spec (CLI).
import { bareOperation } from '../../core/k6';
import type { ServerRecord } from '../../core/model';
import { scriptBaseUrl } from '../../core/openapi/baseUrl';
import type { ApiDocument, HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { documentUrlOf } from '../endpoints/servers';
import { type AnalyzeOptions, analyzeOpenApiWithStrategy, resolveAllOperations, resolveOperation } from '../../infra/openapi/index';
import type { Store } from '../../infra/store/store';

export type LoadTestScope = { method: string; path: string } | { tag: string } | { server: string };

export interface LoadTestTarget {
  operations: ResolvedOperation[];
  baseUrl: string;
  scope: LoadTestScope;
  serverId?: string;
  /** Set when the document could not be read and the operations were built from method and path alone. */
  warning?: string;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

const methods = new Set<HttpMethod>(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** Parses `GET /pets/{petId}`. */
export function parseEndpointKey(key: string): { method: HttpMethod; path: string } | undefined {
  const m = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(key);
  if (!m) return undefined;
  const method = m[1].toUpperCase() as HttpMethod;
  return methods.has(method) ? { method, path: m[2] } : undefined;
}

function toMethod(method: string): HttpMethod {
  const m = method.toUpperCase() as HttpMethod;
  if (!methods.has(m)) throw new TargetError(`"${method}" is not an HTTP method.`);
  return m;
}

/** Operations for an endpoint, a tag or a server registered in the store. */
export async function targetFromStore(
  store: Store,
  selection: { serverId: string; method?: string; path?: string; tag?: string },
  options: AnalyzeOptions = {},
): Promise<LoadTestTarget> {
  const server = store.servers.get(selection.serverId);
  if (!server) throw new TargetError(`The server "${selection.serverId}" is not registered any more. Refresh the Endpoints view.`);
  const endpoints = store.endpoints.listByServer(server.id);
  if (selection.method && selection.path) {
    const method = toMethod(selection.method);
    const endpoint = store.endpoints.find(server.id, method, selection.path);
    const scope = { method, path: selection.path };
    try {
      return { operations: [await resolveOperation(documentUrlOf(server, endpoint), method, selection.path, options)], baseUrl: server.baseUrl, scope, serverId: server.id };
    } catch (err) {
      return offline(server, [{ method, path: selection.path }], scope, err);
    }
  }
  const chosen = selection.tag === undefined ? endpoints : endpoints.filter((e) => e.tag === selection.tag);
  const keys = [...new Map(chosen.map((e) => [`${e.method} ${e.path}`, e])).values()];
  if (keys.length === 0) throw new TargetError(selection.tag === undefined ? `${server.name} has no endpoints yet.` : `${server.name} has no endpoints tagged "${selection.tag}".`);
  const scope = selection.tag === undefined ? { server: server.name } : { tag: selection.tag };
  try {
    const all = await resolveAllOperations(documentUrlOf(server, keys[0]), options);
    const wanted = new Set(keys.map((e) => `${e.method} ${e.path}`));
    const ops = all.filter((o) => wanted.has(`${o.method} ${o.path}`));
    return { operations: preferCurrent(ops), baseUrl: server.baseUrl, scope, serverId: server.id };
  } catch (err) {
    return offline(server, keys.map((e) => ({ method: toMethod(e.method), path: e.path })), scope, err);
  }
}

function offline(server: ServerRecord, ops: { method: HttpMethod; path: string }[], scope: LoadTestScope, err: unknown): LoadTestTarget {
  return {
    operations: ops.map((o) => bareOperation(o.method, o.path)),
    baseUrl: server.baseUrl,
    scope,
    serverId: server.id,
    warning: `The API description could not be read (${err instanceof Error ? err.message : String(err)}), so the script has paths only: add parameters and bodies by hand.`,
  };
}

/** Deprecated operations are left out of a tag or server script unless that is all there is. */
function preferCurrent(ops: ResolvedOperation[]): ResolvedOperation[] {
  const current = ops.filter((o) => !o.deprecated);
  return current.length > 0 ? current : ops;
}

export interface SpecSelection {
  /** `GET /pets/{petId}` */
  endpoint?: string;
  tag?: string;
  all?: boolean;
  /** Where the API runs (`--base-url`); required when the document names no absolute server. */
  baseUrl?: string;
}

/** Operations from an OpenAPI document or Swagger UI page (the CLI's `generate --spec`). */
export async function targetFromSpec(spec: string, selection: SpecSelection, options: AnalyzeOptions = {}): Promise<LoadTestTarget> {
  const doc = await analyzeOpenApiWithStrategy(spec, options);
  const picked = await operationsFromSpec(spec, doc, selection, options);
  // A document read over http without servers is served by the API it describes.
  const servers = doc.servers.length || !/^https?:/i.test(doc.documentUrl) ? doc.servers : [new URL(doc.documentUrl).origin];
  const choice = scriptBaseUrl(servers, selection.baseUrl);
  if ('problem' in choice) throw new TargetError(choice.problem);
  return { ...picked, baseUrl: choice.url };
}

async function operationsFromSpec(spec: string, doc: ApiDocument, selection: SpecSelection, options: AnalyzeOptions): Promise<Pick<LoadTestTarget, 'operations' | 'scope'>> {
  if (selection.endpoint) {
    const key = parseEndpointKey(selection.endpoint);
    if (!key) throw new TargetError(`--endpoint must look like "GET /pets/{petId}", got "${selection.endpoint}".`);
    const listed = doc.operations.find((o) => o.method === key.method && o.path === key.path);
    if (!listed) {
      const near = doc.operations.filter((o) => o.path === key.path || o.path.toLowerCase().includes(key.path.toLowerCase().split('/')[1] ?? '')).slice(0, 5);
      throw new TargetError(`The document has no operation "${key.method} ${key.path}".${near.length ? ` Did you mean: ${near.map((o) => `${o.method} ${o.path}`).join(', ')}?` : ''}`);
    }
    return { operations: [await resolveOperation(spec, key.method, key.path, options)], scope: key };
  }
  const all = await resolveAllOperations(spec, options);
  if (selection.tag !== undefined) {
    const ops = preferCurrent(all.filter((o) => o.tags.includes(selection.tag ?? '')));
    if (ops.length === 0) throw new TargetError(`The document has no operations tagged "${selection.tag}".`);
    return { operations: ops, scope: { tag: selection.tag } };
  }
  if (all.length === 0) throw new TargetError('The document lists no operations.');
  return { operations: preferCurrent(all), scope: { server: doc.title || 'api' } };
}
