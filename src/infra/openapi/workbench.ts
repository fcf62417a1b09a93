// The CPU-heavy part of reading a document: bytes → parsed object → endpoint list, and
// operations resolved against it. The same class runs inside the worker thread (worker.ts)
// and, where no worker is wanted (tests, the CLI when unbundled), in the calling thread.
// Parsed documents are kept by URL and content key, so resolving many operations parses once. The files of a
// split document are read here too (splitDocuments.ts), off the extension host's main thread.
import { fileURLToPath } from 'node:url';
import { isOpenApiError } from '../../core/openapi/errors';
import { listOperations, type DocumentListing } from '../../core/openapi/listOperations';
import type { HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { parseDocumentText, parseForListing } from '../../core/openapi/parseDocument';
import { RefResolver } from '../../core/openapi/refResolver';
import { OperationResolver } from '../../core/openapi/resolveOperation';
import { defaultMaxBytes } from './options';
import { SplitDocumentLoader } from './splitDocuments';

/** What every request about a document carries besides its bytes. */
export interface DocumentRequest {
  /** The bytes' change-detection key (analyze.ts withKey). */
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
  /** The document's text; parsed whole only when an operation is resolved (listing may need less). */
  text: string;
  name: string;
  doc?: Record<string, unknown>;
  listing?: DocumentListing;
  listingKey?: string;
  listingMissing?: string[];
  resolver?: OperationResolver;
  resolverKey?: string;
}

/**
 * UTF-8 text of a document. Decoded into the JS heap (an ASCII document becomes a one-byte
 * string all the same): a `latin1` decode was a little cheaper itself, but it makes an
 * external string, and 4 MB of external memory per read set off full collections that
 * cost more than it saved (bench/openapi.bench.ts).
 */
function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
const keep = 4;

export class DocumentWorkbench {
  private readonly parsed = new Map<string, Parsed>();

  /** Drops every parsed document (a refresh, or memory back after a big one). */
  forget(): void {
    this.parsed.clear();
  }

  list(req: ListRequest): ListResult {
    const entry = this.entry(req, req.bytes);
    const key = requestKey(req);
    if (!entry.listing || entry.listingKey !== key) {
      // A YAML document's listing parses only the sections it reads; a path item `$ref` into a
      // skipped section needs the whole. The parsed objects are not kept: they die young (cheap to
      // collect), and resolving an operation later parses the document whole anyway.
      let doc = entry.doc ?? parseForListing(entry.text, entry.name).doc;
      let refs = new RefResolver(doc, req.documentUrl, this.loader(req), req.allowRemote === true);
      let listing = listOperations(doc, req.documentUrl, refs);
      if (doc !== entry.doc && refs.dangling.size > 0) {
        doc = this.whole(entry);
        refs = new RefResolver(doc, req.documentUrl, this.loader(req), req.allowRemote === true);
        listing = listOperations(doc, req.documentUrl, refs);
      }
      Object.assign(entry, { listing, listingKey: key, listingMissing: [...refs.missingExternal] });
    }
    return { listing: entry.listing!, missingExternal: entry.listingMissing ?? [] };
  }

  resolve(req: ResolveRequest): ResolveResult {
    const cached = this.parsed.get(documentKey(req));
    if (!cached && !req.bytes) return { needBytes: true };
    const entry = this.entry(req, req.bytes);
    const resolver = this.resolverFor(entry, req);
    const wanted = req.operations ?? listOperations(resolver.document, req.documentUrl, resolver.refResolver).operations;
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

  private whole(entry: Parsed): Record<string, unknown> {
    return (entry.doc ??= parseDocumentText(entry.text, entry.name));
  }

  /** The other documents a `$ref` may reach: this document's folder, and http(s) documents fetched so far. */
  private loader(req: DocumentRequest): SplitDocumentLoader {
    const fetched = new Map<string, () => unknown>();
    for (const e of req.external ?? []) {
      const { bytes, error } = e;
      fetched.set(e.url, () => {
        if (!bytes) throw new Error(error ?? 'it could not be fetched');
        return parseDocumentText(decode(bytes), e.url, { anyValue: true });
      });
    }
    return new SplitDocumentLoader(req.documentUrl, fetched, { maxBytes: req.maxBytes ?? defaultMaxBytes });
  }

  /** One resolver per document and set of fetched documents: referenced files are read and copied once. */
  private resolverFor(entry: Parsed, req: DocumentRequest): OperationResolver {
    const key = requestKey(req);
    if (entry.resolver && entry.resolverKey === key) return entry.resolver;
    entry.resolver = new OperationResolver(this.whole(entry), { documentUrl: req.documentUrl, loader: this.loader(req), allowRemote: req.allowRemote === true });
    entry.resolverKey = key;
    return entry.resolver;
  }

  private entry(req: DocumentRequest, bytes: Uint8Array | undefined): Parsed {
    const key = documentKey(req);
    let entry = this.parsed.get(key);
    if (entry) {
      this.parsed.delete(key);
    } else {
      if (!bytes) throw new Error('document bytes missing');
      entry = { text: decode(bytes), name: displayName(req.documentUrl) };
    }
    this.parsed.set(key, entry);
    while (this.parsed.size > keep) this.parsed.delete(this.parsed.keys().next().value!);
    return entry;
  }
}

/**
 * Parsed documents are kept by URL and content key: the key is a checksum, not a cryptographic
 * hash, so two documents at different URLs never share a parsed copy even if their keys agree.
 */
function documentKey(req: DocumentRequest): string {
  return `${req.documentUrl}\n${req.hash}`;
}

function requestKey(req: DocumentRequest): string {
  return `${req.allowRemote === true}\n${(req.external ?? []).map((e) => e.url).join('\n')}`;
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
