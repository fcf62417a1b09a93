// The CPU-heavy part of reading a document: bytes → parsed object → endpoint list, and
// operations resolved against it. The same class runs inside the worker thread (worker.ts)
// and, where no worker is wanted (tests, the CLI when unbundled), in the calling thread.
// Parsed documents are kept by hash, so resolving many operations parses once. The files of a
// split document are read here too (splitDocuments.ts), off the extension host's main thread.
import { isAscii } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { isOpenApiError } from '../../core/openapi/errors';
import { listOperations, type DocumentListing } from '../../core/openapi/listOperations';
import type { HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { parseDocumentText } from '../../core/openapi/parseDocument';
import { OperationResolver } from '../../core/openapi/resolveOperation';
import { defaultMaxBytes } from './options';
import { SplitDocumentLoader } from './splitDocuments';

/** What every request about a document carries besides its bytes. */
export interface DocumentRequest {
  hash: string;
  documentUrl: string;
  /** External http(s) documents by absolute URL (only when the user allows external refs), or why one could not be fetched. */
  external?: ExternalDocument[];
  /** `$ref`s to other http(s) documents are followed (the caller fetches them). */
  allowRemote?: boolean;
  /** Largest file of a split document, and all its files together. */
  maxBytes?: number;
}

export interface ExternalDocument {
  url: string;
  bytes?: Uint8Array;
  error?: string;
}

export interface ListRequest extends DocumentRequest {
  bytes: Uint8Array;
}

export interface ListResult {
  listing: DocumentListing;
  /** http(s) documents the listing needed (path items, operations) and did not have. */
  missingExternal: string[];
}

export interface ResolveRequest extends DocumentRequest {
  /** Omitted when the engine may still hold the document; it answers `needBytes` if not. */
  bytes?: Uint8Array;
  /** Undefined: every operation of the document. */
  operations?: { method: HttpMethod; path: string }[];
}

export type ResolveResult =
  | { needBytes: true }
  | {
      needBytes?: false;
      operations: ResolvedOperation[];
      missingExternal: string[];
      /** Operations not found because a document still to be fetched may hold them (another round may find them). */
      notFound: string[];
    };

interface Parsed {
  doc: Record<string, unknown>;
  listing?: DocumentListing;
  resolver?: OperationResolver;
  resolverKey?: string;
}

const decoder = new TextDecoder('utf-8');

/** UTF-8 text of a document; pure ASCII (most large documents) takes the cheaper one-byte path. */
function decode(bytes: Uint8Array): string {
  return isAscii(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : decoder.decode(bytes);
}
const keep = 4;

export class DocumentWorkbench {
  private readonly parsed = new Map<string, Parsed>();

  /** Drops every parsed document (a refresh, or memory back after a big one). */
  forget(): void {
    this.parsed.clear();
  }

  list(req: ListRequest): ListResult {
    const entry = this.entry(req.hash, req.bytes, req.documentUrl);
    const resolver = this.resolverFor(entry, req);
    entry.listing ??= listOperations(entry.doc, req.documentUrl, resolver.refResolver);
    return { listing: entry.listing, missingExternal: [...resolver.missingExternal] };
  }

  resolve(req: ResolveRequest): ResolveResult {
    const cached = this.parsed.get(req.hash);
    if (!cached && !req.bytes) return { needBytes: true };
    const entry = this.entry(req.hash, req.bytes, req.documentUrl);
    const resolver = this.resolverFor(entry, req);
    const wanted = req.operations ?? (entry.listing ??= listOperations(entry.doc, req.documentUrl, resolver.refResolver)).operations;
    const operations: ResolvedOperation[] = [];
    const notFound: string[] = [];
    for (const o of wanted) {
      try {
        operations.push(resolver.resolve(o.method, o.path));
      } catch (err) {
        // A path item in a document not fetched yet: not "no such operation" until it has been read.
        if (!(isOpenApiError(err) && err.kind === 'operation-not-found' && resolver.missingExternal.size > 0)) throw err;
        notFound.push(err.message);
      }
    }
    return { operations, missingExternal: [...resolver.missingExternal], notFound };
  }

  /** One resolver per document and set of fetched documents: referenced files are read and copied once. */
  private resolverFor(entry: Parsed, req: DocumentRequest): OperationResolver {
    const key = `${req.allowRemote === true}\n${(req.external ?? []).map((e) => e.url).join('\n')}`;
    if (entry.resolver && entry.resolverKey === key) return entry.resolver;
    const fetched = new Map<string, () => unknown>();
    for (const e of req.external ?? []) {
      const { bytes, error } = e;
      fetched.set(e.url, () => {
        if (!bytes) throw new Error(error ?? 'it could not be fetched');
        return parseDocumentText(decode(bytes), e.url, { anyValue: true });
      });
    }
    const loader = new SplitDocumentLoader(req.documentUrl, fetched, { maxBytes: req.maxBytes ?? defaultMaxBytes });
    entry.resolver = new OperationResolver(entry.doc, { documentUrl: req.documentUrl, loader, allowRemote: req.allowRemote === true });
    entry.resolverKey = key;
    entry.listing = undefined;
    return entry.resolver;
  }

  private entry(hash: string, bytes: Uint8Array | undefined, documentUrl: string): Parsed {
    let entry = this.parsed.get(hash);
    if (entry) {
      this.parsed.delete(hash);
    } else {
      if (!bytes) throw new Error('document bytes missing');
      entry = { doc: parseDocumentText(decode(bytes), displayName(documentUrl)) };
    }
    this.parsed.set(hash, entry);
    while (this.parsed.size > keep) this.parsed.delete(this.parsed.keys().next().value!);
    return entry;
  }
}

/** How a document is named in messages: a file's path, or the URL. */
export function displayName(documentUrl: string): string {
  if (documentUrl.startsWith('file:')) {
    try {
      return fileURLToPath(documentUrl);
    } catch {
      return documentUrl;
    }
  }
  return documentUrl;
}
