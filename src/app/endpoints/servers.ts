// Use cases over registered servers and their endpoints: register an external server by URL,
// refresh one (re-reading its document, rewriting endpoints only when the document's hash
// changed), remove one. The CLI `servers` command and the Endpoints view both go through here.
import type { EndpointRecord, ServerRecord } from '../../core/model';
import { registeredBaseUrl } from '../../core/openapi/baseUrl';
import { type ApiDocument, endpointKey, type ResolvedOperation } from '../../core/openapi/model';
import { type AnalyzeOptions, isOpenApiError, listSource, readOpenApiSource, resolveAllOperations } from '../../infra/openapi/index';
import { classifySource } from '../../infra/openapi/sourceReader';
import type { Store } from '../../infra/store/store';
import { baseUrlProblem, externalServerId, normalizeBaseUrl, specSourceProblem } from './serverInput';

export interface RegisterInput {
  name?: string;
  baseUrl: string;
  /** An OpenAPI document, a Swagger UI / ReDoc page, or a file. Empty: probe the base URL. */
  specUrl?: string;
  /** Keep this id (editing a server whose base URL changed). */
  id?: string;
}

export interface EndpointsOptions extends AnalyzeOptions {
  now?: () => number;
  /** Register the server even when its document cannot be read (the reason becomes a warning). */
  keepOnError?: boolean;
}

export interface RefreshResult {
  server: ServerRecord;
  /** Endpoints were rewritten (a new or changed document). */
  changed: boolean;
  document?: ApiDocument;
  /** Why the document could not be read; the server keeps its previous endpoints. */
  error?: string;
}

/** Tag used for operations without tags. */
export const defaultTag = 'default';

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Registers (or re-registers) an external server and reads its endpoints. */
export async function registerExternalServer(store: Store, input: RegisterInput, options: EndpointsOptions = {}): Promise<RefreshResult> {
  const problem = baseUrlProblem(input.baseUrl) ?? specSourceProblem(input.specUrl ?? '');
  if (problem) throw new InputError(problem);
  const now = options.now?.() ?? Date.now();
  const baseUrl = normalizeBaseUrl(input.baseUrl);
  const id = input.id ?? externalServerId(baseUrl);
  const existing = store.servers.get(id);
  const specUrl = storedSpecLocation(input.specUrl);
  const source = specUrl ?? baseUrl;
  let document: ApiDocument;
  try {
    document = await listSource(source, await readOpenApiSource(source, options), options);
  } catch (err) {
    if (!options.keepOnError || !isOpenApiError(err)) throw err;
    const server: ServerRecord = {
      id,
      kind: 'external',
      name: input.name?.trim() || existing?.name || new URL(baseUrl).host,
      baseUrl,
      specUrl,
      specHash: existing?.specHash,
      warnings: withReadError([], err.message),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    store.servers.upsert(server);
    return { server, changed: false, error: err.message };
  }
  const server: ServerRecord = {
    id,
    kind: 'external',
    name: input.name?.trim() || document.title || new URL(baseUrl).host,
    // Where it runs, with the base path the document declares (a relative `servers` URL, a Swagger 2.0 basePath).
    baseUrl: registeredBaseUrl(baseUrl, document.servers),
    // Without a given location, remember where the document was found so a refresh goes straight there.
    specUrl: specUrl ?? document.documentUrl,
    specHash: document.hash,
    warnings: document.warnings,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  return { server, document, changed: save(store, server, document, await resolvedOrNone(source, options)) };
}

/** The document location to keep: as given, but a relative file path made absolute (the CLI's working directory is not the extension's). */
function storedSpecLocation(given: string | undefined): string | undefined {
  const s = given?.trim();
  if (!s) return undefined;
  const where = classifySource(s);
  return where.kind === 'file' && !/^file:/i.test(s) ? where.file : s;
}

/**
 * Re-reads a server's document. When its hash is unchanged nothing is parsed or rewritten;
 * when it cannot be read, the server keeps its endpoints and shows the reason as a warning.
 */
export async function refreshServer(store: Store, id: string, options: EndpointsOptions = {}): Promise<RefreshResult> {
  const server = store.servers.get(id);
  if (!server) throw new InputError(`No server with id "${id}".`);
  const source = server.specUrl ?? server.baseUrl;
  const now = options.now?.() ?? Date.now();
  try {
    const read = await readOpenApiSource(source, options);
    if (read.hash === server.specHash && store.endpoints.countForServer(id) > 0) {
      const kept = { ...server, warnings: withReadError(server.warnings), updatedAt: now };
      store.servers.upsert(kept);
      return { server: kept, changed: false };
    }
    const document = await listSource(source, read, options);
    const updated: ServerRecord = { ...server, baseUrl: registeredBaseUrl(server.baseUrl, document.servers), specHash: document.hash, warnings: document.warnings, updatedAt: now };
    return { server: updated, document, changed: save(store, updated, document, await resolvedOrNone(source, options)) };
  } catch (err) {
    if (!isOpenApiError(err)) throw err;
    const failed: ServerRecord = { ...server, warnings: withReadError(server.warnings, err.message), updatedAt: now };
    store.servers.upsert(failed);
    return { server: failed, changed: false, error: err.message };
  }
}

const readErrorPrefix = 'Could not read the OpenAPI document: ';

/** A server's warnings with the last read error replaced by `error` (or dropped when there is none now). */
function withReadError(warnings: string[], error?: string): string[] {
  const rest = warnings.filter((w) => !w.startsWith(readErrorPrefix));
  return error === undefined ? rest : [`${readErrorPrefix}${error}`, ...rest];
}

export function removeServer(store: Store, id: string): boolean {
  return store.servers.delete(id);
}

/** Stores the server and its endpoints in one go; returns whether endpoints were rewritten. */
function save(store: Store, server: ServerRecord, document: ApiDocument, resolved?: ResolvedOperation[]): boolean {
  let changed = false;
  store.db.transaction(() => {
    store.servers.upsert(server);
    changed = store.endpoints.replaceForServer(server.id, document.hash, documentToEndpoints(document, resolved));
  })();
  return changed;
}

/** Every operation resolved (in the worker, from the document just read); undefined if that fails. */
async function resolvedOrNone(source: string, options: AnalyzeOptions): Promise<ResolvedOperation[] | undefined> {
  try {
    return await resolveAllOperations(source, { ...options, allowExternalRefs: false });
  } catch {
    return undefined;
  }
}

/**
 * What an endpoint row keeps beyond its columns: where its document is, and a compact view of
 * the resolved operation (parameter names, body media types, security scheme names) — no
 * schemas, which may be large or cyclic; resolve the operation for those.
 */
export interface EndpointDetail {
  tags: string[];
  documentUrl: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; mediaTypes: string[] };
  security?: string[][];
  expectedStatus?: number;
  /** The operation is a `$ref` that could not be read: why (shown as a warning on its row). */
  warning?: string;
}

/** One row per operation and tag (an operation with two tags shows under both); untagged under "default". */
export function documentToEndpoints(document: ApiDocument, resolved?: ResolvedOperation[]): Omit<EndpointRecord, 'serverId' | 'specHash'>[] {
  const byKey = new Map((resolved ?? []).map((r) => [endpointKey(r), r]));
  const rows: Omit<EndpointRecord, 'serverId' | 'specHash'>[] = [];
  for (const op of document.operations) {
    const tags = op.tags.length ? op.tags : [defaultTag];
    const r = byKey.get(endpointKey(op));
    const detail: EndpointDetail = { tags: op.tags, documentUrl: document.documentUrl };
    if (op.warning) detail.warning = op.warning;
    if (r) {
      detail.parameters = r.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required }));
      if (r.requestBody) detail.requestBody = { required: r.requestBody.required, mediaTypes: r.requestBody.contents.map((c) => c.mediaType) };
      detail.security = r.security.map((alt) => alt.map((s) => s.name));
      detail.expectedStatus = r.expectedStatus;
    }
    for (const tag of tags) {
      rows.push({ method: op.method, path: op.path, operationId: op.operationId, tag, summary: op.summary, deprecated: op.deprecated, detail });
    }
  }
  return rows;
}

/** The document URL an endpoint row was read from (for resolving it), falling back to the server's. */
export function documentUrlOf(server: ServerRecord, endpoint?: EndpointRecord): string {
  const detail = endpoint?.detail as { documentUrl?: unknown } | undefined;
  return typeof detail?.documentUrl === 'string' ? detail.documentUrl : (server.specUrl ?? server.baseUrl);
}
