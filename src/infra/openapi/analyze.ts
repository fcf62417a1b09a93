// The single entry point of the PLOG guide, `analyzeOpenApiWithStrategy(source)`: reads a URL
// (a document, a docs page, or a base URL to probe) or a file, and returns its endpoint list.
// `resolveOperation` builds one operation's details on demand from the same (cached) document.
import { crc32 } from 'node:zlib';
import { OpenApiError } from '../../core/openapi/errors';
import type { ApiDocument, HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { documentEngine } from './engine';
import { type AnalyzeOptions, defaultMaxBytes, defaultProbePaths, defaultTimeoutMs, maxExternalDocuments } from './options';
import { classifySource, type Deadline, type Fetched, fileSource, readUrl } from './sourceReader';
import { OpenAPIStrategyFactory, type Reader, type StrategyType } from './strategies';
import type { ExternalDocument } from './workbench';

export interface Loaded {
  document: Fetched;
  strategy: StrategyType;
  warnings: string[];
  hash: string;
}

export async function analyzeOpenApiWithStrategy(source: string, options: AnalyzeOptions = {}): Promise<ApiDocument> {
  return listSource(source, await readOpenApiSource(source, options), options);
}

/** The first half of analysis: the document's bytes and change-detection key, not parsed yet. */
export type OpenApiSource = Loaded;

/** Reads a source (following pages and probes) without parsing it: a refresh compares the key first. */
export function readOpenApiSource(source: string, options: AnalyzeOptions = {}): Promise<OpenApiSource> {
  return load(source, options);
}

/** The second half: the endpoint list of a source read by readOpenApiSource. */
export async function listSource(source: string, loaded: OpenApiSource, options: AnalyzeOptions = {}): Promise<ApiDocument> {
  const engine = documentEngine();
  const base = { hash: loaded.hash, bytes: loaded.document.bytes, ...documentRequest(loaded, options) };
  const { listing } = await withExternalDocuments(options, (external) => engine.list({ ...base, external }));
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
  const base = { hash: loaded.hash, operations, ...documentRequest(loaded, options) };
  const result = await withExternalDocuments(options, async (external) => {
    const first = await engine.resolve({ ...base, external });
    const answer = first.needBytes ? await engine.resolve({ ...base, external, bytes: loaded.document.bytes }) : first;
    if (answer.needBytes) throw new OpenApiError('invalid', 'The OpenAPI reader lost the document.');
    return answer;
  });
  if (result.notFound.length) throw new OpenApiError('operation-not-found', result.notFound[0]!);
  return result.operations;
}

function documentRequest(loaded: Loaded, options: AnalyzeOptions): { documentUrl: string; allowRemote: boolean; maxBytes: number } {
  return { documentUrl: loaded.document.url, allowRemote: options.allowExternalRefs === true, maxBytes: options.maxBytes ?? defaultMaxBytes };
}

/** Rounds of fetching: a fetched document may refer to further ones (a path item file to its operations' files). */
const maxExternalRounds = 8;
const parallelFetches = 6;

/**
 * Calls `work` with the external http(s) documents fetched so far, fetching those it reports
 * missing (only when the user allows external refs) and calling it again, until nothing is
 * missing or a limit is reached; the last answer stands, its unread `$ref`s marked.
 */
async function withExternalDocuments<T extends { missingExternal: string[] }>(options: AnalyzeOptions, work: (external: ExternalDocument[]) => Promise<T>): Promise<T> {
  const external: ExternalDocument[] = [];
  const tried = new Set<string>();
  let result = await work(external);
  const deadline = startDeadline(options);
  for (let round = 0; round < maxExternalRounds && options.allowExternalRefs; round++) {
    const missing = result.missingExternal.filter((u) => !tried.has(u)).slice(0, maxExternalDocuments - tried.size);
    if (missing.length === 0) break;
    for (let i = 0; i < missing.length; i += parallelFetches) {
      const batch = missing.slice(i, i + parallelFetches);
      batch.forEach((u) => tried.add(u));
      external.push(...(await Promise.all(batch.map((url) => readUrl(url, options, deadline, true).then((f): ExternalDocument => ({ url, bytes: f.bytes }), failedFetch(url))))));
    }
    result = await work(external);
  }
  return result;
}

/** A document that cannot be fetched stays an unresolved `$ref` (with its reason); a timeout or cancel stops everything. */
function failedFetch(url: string): (err: unknown) => ExternalDocument {
  return (err) => {
    if (err instanceof OpenApiError && (err.kind === 'timeout' || err.kind === 'aborted')) throw err;
    return { url, error: err instanceof Error ? err.message : String(err) };
  };
}

// --- reading ---------------------------------------------------------------------------

function startDeadline(options: AnalyzeOptions): Deadline {
  const totalMs = options.timeoutMs ?? defaultTimeoutMs;
  return { at: Date.now() + totalMs, totalMs };
}

async function load(source: string, options: AnalyzeOptions): Promise<Loaded> {
  const where = classifySource(source);
  if (where.kind === 'file') return withKey({ document: await readFile(where.file, options), strategy: 'direct', warnings: [] });
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
    loaded = await withKey({ document: located.document, strategy: strategy.type, warnings: located.warnings });
  } catch (err) {
    if (!(isBaseUrl(where.url) && err instanceof OpenApiError && err.kind === 'not-openapi')) throw err;
    if (where.url.pathname.length <= 1) return probe(where.url, options, reader);
    // A page at a path prefix (an app's front page): its own reason says more than the failed probes.
    try {
      return await probe(where.url, options, reader);
    } catch (probeErr) {
      if (probeErr instanceof OpenApiError && probeErr.kind === 'not-found') throw new OpenApiError('not-openapi', `${err.message} No document was found under it either (tried ${/tried (.*?)\. Give/.exec(probeErr.message)?.[1] ?? 'the usual paths'}).`);
      throw probeErr;
    }
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

/**
 * A URL that names no document and no docs page — the host alone, or a path prefix such as an
 * ingress prefix or a Spring context path (`https://host/shop`): a base to probe under.
 */
function isBaseUrl(url: URL): boolean {
  if (url.search !== '') return false;
  return url.pathname === '/' || url.pathname === '' || OpenAPIStrategyFactory.detectStrategyType(url.toString()) === undefined;
}

/** A local file, read by the document engine (in the worker, in the extension). */
async function readFile(file: string, options: AnalyzeOptions): Promise<Fetched> {
  const cancelled = () => new OpenApiError('aborted', 'Reading was cancelled.');
  if (options.signal?.aborted) throw cancelled();
  const bytes = await documentEngine().readFile({ file, maxBytes: options.maxBytes ?? defaultMaxBytes });
  if (options.signal?.aborted) throw cancelled();
  return fileSource(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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
      const loaded = await withKey({ document: located.document, strategy: strategy.type, warnings: located.warnings });
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

/**
 * Bytes checksummed per turn of the event loop: about 1 ms each, so a 50 MB document never
 * blocks the extension host.
 */
const keySlice = 4 << 20;

/**
 * The document's change-detection key: its length and CRC-32 (`crc32:1a2b3c4d:4184581`). It
 * only decides whether a document must be listed again (and which parsed copy the worker may
 * reuse for the same URL), so it need not resist a forger — whoever can change the document
 * can change the endpoints anyway — but it must be cheap: zlib's CRC-32 reads 4 MB in about
 * 1 ms where SHA-256 took 3 ms, a quarter of JSON.parse's time on the same bytes. Two versions
 * of a document of the same length with the same CRC-32 (one chance in 2³² for a change) would
 * keep the old list until the next change; the stored SHA-256 keys of earlier versions simply
 * differ, so each document is listed once more after the upgrade.
 */
async function withKey(l: Omit<Loaded, 'hash'>): Promise<Loaded> {
  const bytes = l.document.bytes;
  let crc = 0;
  for (let i = 0; i < bytes.length; i += keySlice) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    crc = crc32(bytes.subarray(i, i + keySlice), crc);
  }
  return { ...l, hash: `crc32:${crc.toString(16).padStart(8, '0')}:${bytes.length}` };
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
