// The single entry point of the PLOG guide, `analyzeOpenApiWithStrategy(source)`: reads a URL
// (a document, a docs page, or a base URL to probe) or a file, and returns its endpoint list.
// `resolveOperation` builds one operation's details on demand from the same (cached) document.
import { createHash } from 'node:crypto';
import { OpenApiError } from '../../core/openapi/errors';
import type { ApiDocument, HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { documentEngine } from './engine';
import { type AnalyzeOptions, defaultProbePaths, defaultTimeoutMs, maxExternalDocuments } from './options';
import { classifySource, type Deadline, type Fetched, readFileSource, readUrl } from './sourceReader';
import { OpenAPIStrategyFactory, type Reader, type StrategyType } from './strategies';

export interface Loaded {
  document: Fetched;
  strategy: StrategyType;
  warnings: string[];
  hash: string;
}

export async function analyzeOpenApiWithStrategy(source: string, options: AnalyzeOptions = {}): Promise<ApiDocument> {
  return listSource(source, await readOpenApiSource(source, options), options);
}

/** The first half of analysis: the document's bytes and hash, not parsed yet. */
export type OpenApiSource = Loaded;

/** Reads a source (following pages and probes) without parsing it: a refresh compares the hash first. */
export function readOpenApiSource(source: string, options: AnalyzeOptions = {}): Promise<OpenApiSource> {
  return load(source, options);
}

/** The second half: the endpoint list of a source read by readOpenApiSource. */
export async function listSource(source: string, loaded: OpenApiSource, options: AnalyzeOptions = {}): Promise<ApiDocument> {
  const listing = await documentEngine().list({ hash: loaded.hash, bytes: loaded.document.bytes, documentUrl: loaded.document.url });
  remember(source, loaded, options);
  return {
    ...listing,
    strategy: loaded.strategy,
    documentUrl: loaded.document.url,
    hash: loaded.hash,
    warnings: [...loaded.warnings, ...listing.warnings],
  };
}

export async function resolveOperation(source: string, method: HttpMethod, path: string, options: AnalyzeOptions = {}): Promise<ResolvedOperation> {
  const [op] = await resolveMany(source, [{ method: method.toUpperCase() as HttpMethod, path }], options);
  return op!;
}

/** Every operation of the document, resolved (for generating one script per operation). */
export async function resolveAllOperations(source: string, options: AnalyzeOptions = {}): Promise<ResolvedOperation[]> {
  return resolveMany(source, undefined, options);
}

async function resolveMany(source: string, operations: { method: HttpMethod; path: string }[] | undefined, options: AnalyzeOptions): Promise<ResolvedOperation[]> {
  const loaded = await cachedOrLoad(source, options);
  const engine = documentEngine();
  const base = { hash: loaded.hash, documentUrl: loaded.document.url, operations };
  const external: { url: string; bytes: Uint8Array }[] = [];
  for (let round = 0; round < 3; round++) {
    let result = await engine.resolve({ ...base, external });
    if (result.needBytes) result = await engine.resolve({ ...base, external, bytes: loaded.document.bytes });
    if (result.needBytes) throw new OpenApiError('invalid', 'The OpenAPI reader lost the document.');
    const missing = result.missingExternal.filter((u) => !external.some((e) => e.url === u));
    if (!options.allowExternalRefs || missing.length === 0 || external.length >= maxExternalDocuments) return result.operations;
    const deadline = startDeadline(options);
    for (const url of missing.slice(0, maxExternalDocuments - external.length)) {
      const fetched = await readUrl(url, options, deadline, true);
      external.push({ url, bytes: fetched.bytes });
    }
  }
  throw new OpenApiError('invalid', 'External $refs kept pointing at further documents; stopped after 3 rounds.');
}

// --- reading ---------------------------------------------------------------------------

function startDeadline(options: AnalyzeOptions): Deadline {
  const totalMs = options.timeoutMs ?? defaultTimeoutMs;
  return { at: Date.now() + totalMs, totalMs };
}

async function load(source: string, options: AnalyzeOptions): Promise<Loaded> {
  const where = classifySource(source);
  if (where.kind === 'file') return withHash({ document: await readFileSource(where.file, options), strategy: 'direct', warnings: [] });
  const deadline = startDeadline(options);
  // The user's URL and the probes under it vs the URLs a page names (stricter, see readUrl).
  const reader: Readers = { user: { read: (u) => readUrl(u, options, deadline, false) }, named: { read: (u) => readUrl(u, options, deadline, true) } };
  const url = where.url.toString();
  let fetched: Fetched;
  try {
    fetched = await reader.user.read(url);
  } catch (err) {
    if (isBaseUrl(where.url) && err instanceof OpenApiError && (err.kind === 'not-found' || err.kind === 'http-status')) return probe(where.url, options, reader);
    throw err;
  }
  const strategy = OpenAPIStrategyFactory.forResponse(url, fetched);
  let loaded: Loaded;
  try {
    const located = await strategy.locate(fetched, reader.named);
    loaded = withHash({ document: located.document, strategy: strategy.type, warnings: located.warnings });
  } catch (err) {
    if (isBaseUrl(where.url) && err instanceof OpenApiError && err.kind === 'not-openapi') return probe(where.url, options, reader);
    throw err;
  }
  // A base URL that answers with some other JSON (`{"message": "Hello"}`): the document is at one of the usual places.
  if (isBaseUrl(where.url) && strategy.type === 'direct' && !looksLikeOpenApi(loaded.document.bytes)) {
    try {
      return await probe(where.url, options, reader);
    } catch (err) {
      if (!(err instanceof OpenApiError && err.kind === 'not-found')) throw err;
    }
  }
  return loaded;
}

/** A URL with nothing after the host (or a trailing slash on a bare prefix): a base to probe. */
function isBaseUrl(url: URL): boolean {
  return (url.pathname === '/' || url.pathname === '') && url.search === '';
}

interface Readers {
  user: Reader;
  named: Reader;
}

async function probe(base: URL, options: AnalyzeOptions, reader: Readers): Promise<Loaded> {
  const paths = options.probePaths?.length ? options.probePaths : defaultProbePaths;
  const tried: string[] = [];
  const refused: string[] = [];
  for (const p of paths) {
    const url = new URL(p.replace(/^\/+/, ''), base.toString().endsWith('/') ? base : `${base}/`).toString();
    tried.push(p);
    let fetched: Fetched;
    try {
      fetched = await reader.user.read(url);
    } catch (err) {
      if (err instanceof OpenApiError && (err.kind === 'timeout' || err.kind === 'aborted' || err.kind === 'too-large')) throw err;
      continue;
    }
    const strategy = OpenAPIStrategyFactory.forResponse(url, fetched);
    try {
      const located = await strategy.locate(fetched, reader.named);
      const loaded = withHash({ document: located.document, strategy: strategy.type, warnings: located.warnings });
      if (strategy.type === 'swagger-ui' || looksLikeOpenApi(loaded.document.bytes)) return loaded;
    } catch (err) {
      if (err instanceof OpenApiError && (err.kind === 'timeout' || err.kind === 'aborted')) throw err;
      if (err instanceof OpenApiError && err.kind === 'refused') refused.push(err.message);
    }
  }
  if (refused.length) throw new OpenApiError('refused', refused[0]!);
  throw new OpenApiError('not-found', `No OpenAPI document or Swagger UI page was found at ${base.origin}${base.pathname.replace(/\/$/, '')}; tried ${tried.join(', ')}. Give the document's URL instead.`);
}

/** A cheap look at the first bytes, so a probe does not settle on some unrelated JSON. */
function looksLikeOpenApi(bytes: Buffer): boolean {
  return /["']?(openapi|swagger)["']?\s*:/.test(bytes.subarray(0, 4096).toString('utf8'));
}

function withHash(l: Omit<Loaded, 'hash'>): Loaded {
  return { ...l, hash: createHash('sha256').update(l.document.bytes).digest('hex') };
}

// --- the source cache: resolving many operations reads the source once ----------------

const freshMs = 30_000;
const cache = new Map<string, Loaded & { at: number }>();

function cacheKey(source: string, options: AnalyzeOptions): string {
  return `${source}\u0000${JSON.stringify(options.credentials ? [options.credentials.scope, options.credentials.headers] : [])}`;
}

function remember(source: string, loaded: Loaded, options: AnalyzeOptions = {}): void {
  const key = cacheKey(source, options);
  cache.delete(key);
  cache.set(key, { ...loaded, at: Date.now() });
  while (cache.size > 8) cache.delete(cache.keys().next().value!);
}

async function cachedOrLoad(source: string, options: AnalyzeOptions): Promise<Loaded> {
  const hit = cache.get(cacheKey(source, options));
  if (hit && Date.now() - hit.at < freshMs) return hit;
  const loaded = await load(source, options);
  remember(source, loaded, options);
  return loaded;
}

/** Forgets cached sources and parsed documents (after a refresh the next resolve re-reads). */
export function forgetCachedSources(): void {
  cache.clear();
  void documentEngine().forget().catch(() => undefined);
}
