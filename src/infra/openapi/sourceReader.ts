// Reads the bytes behind a source: an http(s) URL (through infra/http, with its limits) or a
// local file (a path or a file:// URL) that the user chose. Any other scheme is refused.
import * as fs from 'node:fs';
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

/**
 * The bytes of a local file the user chose, read whole and synchronously by the document
 * engine (engine.ts) in its own thread: the OpenAPI worker in the extension, so the extension
 * host's main thread never touches the file, or the CLI's thread, which has no UI to keep
 * responsive. Reading in one synchronous call costs about half the CPU of the asynchronous
 * open/stat/read/close round trips through libuv's thread pool (bench/openapi.bench.ts).
 * @param shared read into shared memory, which the worker hands to the main thread (and takes
 *   back to parse) without a copy
 */
export function readLocalFile(file: string, maxBytes: number, shared: boolean): Buffer {
  // stat before open: opening a FIFO or a device would wait for a writer.
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new OpenApiError('not-found', `The file ${file} does not exist.`);
  }
  if (!stat.isFile()) throw new OpenApiError('invalid', `${file} is not a file.`);
  if (stat.size > maxBytes) throw new OpenApiError('too-large', `${file} is ${formatBytes(stat.size)}, larger than the limit of ${formatBytes(maxBytes)} (setting metricVault.openapi.maxDocumentSizeMB).`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new OpenApiError('invalid', `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    // The size stat gave, in one read (fs.readFileSync reads in chunks and joins them): a file
    // that shrank meanwhile is cut to what was read; one that grew is read up to the size checked.
    const size = stat.size;
    const buffer = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = fs.readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    fs.closeSync(fd);
  }
}

/** A local file's bytes as a source (its file:// URL, a content type from its extension). */
export function fileSource(file: string, bytes: Buffer): Fetched {
  const contentType = /\.ya?ml$/i.test(file) ? 'application/yaml' : /\.json$/i.test(file) ? 'application/json' : '';
  return { url: pathToFileURL(file).toString(), contentType, bytes, isFile: true };
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
