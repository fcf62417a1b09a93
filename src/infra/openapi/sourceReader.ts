// Reads the bytes behind a source: an http(s) URL (through infra/http, with its limits) or a
// local file (a path or a file:// URL) that the user chose. Any other scheme is refused.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpenApiError } from '../../core/openapi/errors';
import { formatBytes, HttpError, httpGet } from '../http/httpGet';
import { type AnalyzeOptions, defaultMaxBytes } from './options';

export interface Fetched {
  /** http(s) URL after redirects, or the file:// URL of a file. */
  url: string;
  contentType: string;
  bytes: Buffer;
  isFile: boolean;
}

export type SourceKind = { kind: 'url'; url: URL } | { kind: 'file'; file: string };

/** Classifies a source string; throws OpenApiError('scheme') for ftp:, javascript:, data: and the like. */
export function classifySource(source: string): SourceKind {
  const s = source.trim();
  if (s === '') throw new OpenApiError('invalid', 'No URL or file was given.');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1]?.toLowerCase();
  // One letter is a Windows drive (C:\api.yaml), not a scheme.
  if (!scheme || scheme.length === 1) return { kind: 'file', file: path.resolve(s) };
  if (scheme === 'http' || scheme === 'https') {
    try {
      return { kind: 'url', url: new URL(s) };
    } catch {
      throw new OpenApiError('invalid', `"${s}" is not a valid URL.`);
    }
  }
  if (scheme === 'file') {
    try {
      return { kind: 'file', file: fileURLToPath(s) };
    } catch {
      throw new OpenApiError('invalid', `"${s}" is not a valid file URL.`);
    }
  }
  throw new OpenApiError('scheme', `Only http, https and file sources can be read, not "${scheme}:".`);
}

export async function readFileSource(file: string, options: AnalyzeOptions): Promise<Fetched> {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new OpenApiError('not-found', `The file ${file} does not exist.`);
  }
  if (!stat.isFile()) throw new OpenApiError('invalid', `${file} is not a file.`);
  if (stat.size > maxBytes) throw new OpenApiError('too-large', `${file} is ${formatBytes(stat.size)}, larger than the limit of ${formatBytes(maxBytes)} (setting metricVault.openapi.maxDocumentSizeMB).`);
  let bytes: Buffer;
  try {
    bytes = await readWhole(file, stat.size, options.signal);
  } catch (err) {
    if (options.signal?.aborted) throw new OpenApiError('aborted', 'Reading was cancelled.');
    throw err;
  }
  const contentType = /\.ya?ml$/i.test(file) ? 'application/yaml' : /\.json$/i.test(file) ? 'application/json' : '';
  return { url: pathToFileURL(file).toString(), contentType, bytes, isFile: true };
}

/**
 * The file in one read into a buffer of the size stat gave (fs.readFile reads in chunks and
 * joins them: twice the CPU for a large document). A file that shrank meanwhile is cut to what
 * was read; one that grew is read up to the size checked against the limit.
 */
async function readWhole(file: string, size: number, signal: AbortSignal | undefined): Promise<Buffer> {
  signal?.throwIfAborted();
  const handle = await fs.open(file, 'r');
  try {
    // Shared memory: the parsing worker reads these same bytes, where a private buffer would be
    // copied (≈ 1 ms per 4 MB on the extension host's main thread) to be transferred.
    const buffer = Buffer.from(new SharedArrayBuffer(size));
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      signal?.throwIfAborted();
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

export interface Deadline {
  readonly at: number;
  readonly totalMs: number;
}

/**
 * @param named true when a server named the URL (a docs page, an external $ref) rather than the
 *   user: then a link-local or metadata address is refused outright, not only as a redirect.
 */
export async function readUrl(url: string, options: AnalyzeOptions, deadline: Deadline, named: boolean): Promise<Fetched> {
  const remaining = deadline.at - Date.now();
  if (remaining <= 0) throw new OpenApiError('timeout', `Reading ${url} took longer than ${Math.round(deadline.totalMs / 1000)} s (setting metricVault.openapi.timeoutSeconds).`);
  try {
    const res = await httpGet(url, {
      maxBytes: options.maxBytes ?? defaultMaxBytes,
      timeoutMs: remaining,
      credentials: options.credentials,
      refuseLinkLocal: named ? 'always' : 'redirects',
      signal: options.signal,
    });
    return { url: res.url, contentType: res.contentType, bytes: res.body, isFile: false };
  } catch (err) {
    if (err instanceof HttpError && err.kind === 'timeout') {
      throw new OpenApiError('timeout', `${url} did not answer within ${Math.round(deadline.totalMs / 100) / 10} s (setting metricVault.openapi.timeoutSeconds).`);
    }
    throw toOpenApiError(err);
  }
}

export function toOpenApiError(err: unknown): OpenApiError {
  if (err instanceof OpenApiError) return err;
  if (err instanceof HttpError) return new OpenApiError(err.kind, err.message);
  return new OpenApiError('network', err instanceof Error ? err.message : String(err));
}
