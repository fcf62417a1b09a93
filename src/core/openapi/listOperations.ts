// The endpoint list of a parsed document, built by walking `paths` only: schemas are not
// dereferenced (slow on large documents, impossible to serialize on cyclic ones); only the
// `$ref`s of path items and operations are followed, which split documents use. Problems
// that do not stop the listing become warnings, shown on the server node.
import { OpenApiError } from './errors';
import type { ApiDocument, HttpMethod, OperationSummary } from './model';
import { serverUrlOf } from './operationServers';
import { operationAt, type PathItem, pathItemAt } from './pathItems';
import { RefResolver } from './refResolver';
import { hasOwn, isRecord, own, ownArray, ownRecord, ownString } from './safeObject';

export const httpMethods: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const methodKeys = httpMethods.map((m) => [m.toLowerCase(), m] as const);

/** Everything about a document that depends on its content alone. */
export type DocumentListing = Pick<ApiDocument, 'title' | 'version' | 'specVersion' | 'servers' | 'warnings' | 'operations'>;

/** At most this many warnings are kept; the rest are counted in a last line. */
const maxWarnings = 25;

class Warnings {
  readonly lines: string[] = [];
  private dropped = 0;
  add(line: string): void {
    if (this.lines.length < maxWarnings) this.lines.push(line);
    else this.dropped++;
  }
  done(): string[] {
    return this.dropped ? [...this.lines, `…and ${this.dropped} more warnings.`] : this.lines;
  }
}

/** Which OpenAPI major version a parsed document is, or an OpenApiError saying why it is none. */
export function detectSpecVersion(doc: unknown): string {
  if (!isRecord(doc)) throw new OpenApiError('not-openapi', 'The document is not an object with an "openapi" or "swagger" field.');
  const openapi = own(doc, 'openapi');
  const swagger = own(doc, 'swagger');
  if (typeof openapi === 'string' && /^3\.\d+(\.\d+)?/.test(openapi)) return openapi;
  if (swagger === '2.0' || swagger === 2) return '2.0';
  if (typeof openapi === 'string' || typeof openapi === 'number') throw new OpenApiError('unsupported', `OpenAPI version "${String(openapi)}" is not supported (3.x and Swagger 2.0 are).`);
  if (typeof swagger === 'string' || typeof swagger === 'number') throw new OpenApiError('unsupported', `Swagger version "${String(swagger)}" is not supported (2.0 and OpenAPI 3.x are).`);
  throw new OpenApiError('not-openapi', 'The document has no "openapi" or "swagger" field, so it is not an OpenAPI or Swagger document.');
}

/**
 * @param refs follows path-item and operation `$ref`s; one without a loader (the default)
 *   follows `#/…` pointers only and leaves refs to other documents as warnings.
 */
export function listOperations(doc: unknown, documentUrl?: string, refs: RefResolver = new RefResolver(doc, documentUrl)): DocumentListing {
  const specVersion = detectSpecVersion(doc);
  const warnings = new Warnings();
  const info = ownRecord(doc, 'info');
  const title = ownString(info, 'title') ?? '';
  const version = ownString(info, 'version') ?? (typeof own(info, 'version') === 'number' ? String(own(info, 'version')) : '');
  if (!info) warnings.add('The document has no "info" object.');
  else if (!title) warnings.add('The document has no info.title.');
  const paths = own(doc, 'paths');
  const operations: OperationSummary[] = [];
  if (paths !== undefined && !isRecord(paths)) warnings.add('"paths" is not an object; no operations could be listed.');
  if (isRecord(paths)) collectOperations(paths, refs, operations, warnings);
  else if (paths === undefined && specVersion.startsWith('3.0')) warnings.add('The document has no "paths" object.');
  reportDuplicateIds(operations, warnings);
  const servers = specVersion === '2.0' ? swagger2Servers(doc, documentUrl) : openApi3Servers(doc, documentUrl, warnings);
  return { title, version, specVersion, servers, warnings: warnings.done(), operations };
}

function collectOperations(paths: Record<string, unknown>, refs: RefResolver, out: OperationSummary[], warnings: Warnings): void {
  for (const path of Object.keys(paths)) {
    if (path.startsWith('x-')) continue;
    const raw = paths[path];
    if (!isRecord(raw)) {
      warnings.add(`Path "${path}" is not an object; it was skipped.`);
      continue;
    }
    if (!path.startsWith('/')) warnings.add(`Path "${path}" does not start with "/".`);
    // Most path items and operations are written inline: read them directly (a large document
    // has thousands); a `$ref` at either level goes through pathItemAt/operationAt.
    if (!hasOwn(raw, '$ref')) {
      for (const [key, method] of methodKeys) {
        if (!hasOwn(raw, key)) continue;
        const op = raw[key];
        if (isRecord(op) && !hasOwn(op, '$ref')) out.push(summarize(method, path, op));
        else collectOperation(refs, { item: raw, base: refs.rootBase(), inline: raw }, key, method, path, out, warnings);
      }
      continue;
    }
    const at = pathItemAt(refs, paths, path);
    if (!at) continue;
    if ('error' in at) {
      warnings.add(`Path "${path}": ${at.error}; its operations are not listed.`);
      continue;
    }
    for (const [key, method] of methodKeys) collectOperation(refs, at, key, method, path, out, warnings);
  }
}

function collectOperation(refs: RefResolver, at: Exclude<PathItem, undefined | { error: string }>, key: string, method: HttpMethod, path: string, out: OperationSummary[], warnings: Warnings): void {
  const found = operationAt(refs, at, key);
  if (found === undefined) return;
  if (found.op) out.push(summarize(method, path, found.op));
  else if (found.error === 'it is not an object') warnings.add(`${method} ${path} is not an object; it was skipped.`);
  // Listed, marked: the user sees the operation exists and why its details are missing.
  else {
    out.push({ method, path, tags: [], deprecated: false, warning: found.error });
    warnings.add(`${method} ${path} is listed without its details: ${found.error}.`);
  }
}

/** What the list shows of one operation (a resolved operation starts from the same fields). */
export function summarize(method: HttpMethod, path: string, op: Record<string, unknown>): OperationSummary {
  const s: OperationSummary = { method, path, tags: tagsOf(op), deprecated: own(op, 'deprecated') === true };
  const operationId = ownString(op, 'operationId');
  if (operationId) s.operationId = operationId;
  const summary = clipped(ownString(op, 'summary')) ?? firstLine(ownString(op, 'description'));
  if (summary) s.summary = summary;
  return s;
}

/** Non-empty string tags, each once, in the document's order. */
function tagsOf(op: Record<string, unknown>): string[] {
  const tags: string[] = [];
  for (const t of ownArray(op, 'tags') ?? []) if (typeof t === 'string' && t.length > 0 && !tags.includes(t)) tags.push(t);
  return tags;
}

/** Longest summary kept: one in the megabytes (a hostile or broken document) would fill the store, the view and every message. */
const maxSummary = 1000;

function clipped(text: string | undefined): string | undefined {
  return text !== undefined && text.length > maxSummary ? `${text.slice(0, maxSummary - 1)}…` : text;
}

/** The first non-blank line, trimmed, at most 120 characters; a long description is not copied whole. */
function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const start = text.search(/\S/);
  if (start === -1) return undefined;
  const end = text.indexOf('\n', start);
  const line = (end === -1 ? text.slice(start) : text.slice(start, end)).trim();
  if (!line) return undefined;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function reportDuplicateIds(ops: OperationSummary[], warnings: Warnings): void {
  const seen = new Set<string>();
  const repeated = new Map<string, number>();
  for (const { operationId: id } of ops) {
    if (!id) continue;
    if (seen.has(id)) repeated.set(id, (repeated.get(id) ?? 1) + 1);
    else seen.add(id);
  }
  if (repeated.size === 0) return;
  const examples = [...seen].filter((id) => repeated.has(id)).slice(0, 3).map((id) => `${id} (${repeated.get(id)}×)`).join(', ');
  warnings.add(`${repeated.size} operationId${repeated.size === 1 ? ' is' : 's are'} used by more than one operation, e.g. ${examples}; operationIds must be unique.`);
}

function absolute(url: string, base: string | undefined): string {
  if (!base || !/^https?:/i.test(base)) return url.length > 1 ? url.replace(/\/+$/, '') : url;
  try {
    return new URL(url, base).toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function openApi3Servers(doc: unknown, documentUrl: string | undefined, warnings: Warnings): string[] {
  const list = ownArray(doc, 'servers');
  if (!list || list.length === 0) return documentUrl && /^https?:/i.test(documentUrl) ? [new URL(documentUrl).origin] : [];
  const out: string[] = [];
  for (const s of list) {
    const url = serverUrlOf(s);
    if (url === undefined) {
      warnings.add('A server entry has no "url".');
      continue;
    }
    out.push(absolute(url, documentUrl));
  }
  return [...new Set(out)];
}

function swagger2Servers(doc: unknown, documentUrl: string | undefined): string[] {
  const docUrl = documentUrl && /^https?:/i.test(documentUrl) ? new URL(documentUrl) : undefined;
  const host = ownString(doc, 'host') ?? docUrl?.host;
  const basePath = (ownString(doc, 'basePath') ?? '').replace(/\/$/, '');
  const schemes = (ownArray(doc, 'schemes') ?? []).filter((s): s is string => s === 'http' || s === 'https');
  if (!host) return basePath ? [basePath] : [];
  const useSchemes = schemes.length ? schemes : [docUrl ? docUrl.protocol.replace(':', '') : 'http'];
  return useSchemes.map((scheme) => `${scheme}://${host}${basePath}`);
}
