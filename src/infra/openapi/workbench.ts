// The CPU-heavy part of reading a document: bytes → parsed object → endpoint list, and
// operations resolved against it. The same class runs inside the worker thread (worker.ts)
// and, where no worker is wanted (tests, the CLI when unbundled), in the calling thread.
// Parsed documents are kept by hash, so resolving many operations parses once.
import { isAscii } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { listOperations, type DocumentListing } from '../../core/openapi/listOperations';
import type { HttpMethod, ResolvedOperation } from '../../core/openapi/model';
import { parseDocumentText } from '../../core/openapi/parseDocument';
import { OperationResolver } from '../../core/openapi/resolveOperation';

export interface ListRequest {
  hash: string;
  bytes: Uint8Array;
  documentUrl: string;
}

export interface ResolveRequest {
  hash: string;
  /** Omitted when the engine may still hold the document; it answers `needBytes` if not. */
  bytes?: Uint8Array;
  documentUrl: string;
  /** Undefined: every operation of the document. */
  operations?: { method: HttpMethod; path: string }[];
  /** External documents by absolute URL (only when the user allows external refs). */
  external?: { url: string; bytes: Uint8Array }[];
}

export type ResolveResult = { needBytes: true } | { needBytes?: false; operations: ResolvedOperation[]; missingExternal: string[] };

interface Parsed {
  doc: Record<string, unknown>;
  listing?: DocumentListing;
  resolver?: OperationResolver;
  externalKey?: string;
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

  list(req: ListRequest): DocumentListing {
    const entry = this.entry(req.hash, req.bytes, req.documentUrl);
    entry.listing ??= listOperations(entry.doc, req.documentUrl);
    return entry.listing;
  }

  resolve(req: ResolveRequest): ResolveResult {
    const cached = this.parsed.get(req.hash);
    if (!cached && !req.bytes) return { needBytes: true };
    const entry = this.entry(req.hash, req.bytes, req.documentUrl);
    const externalKey = (req.external ?? []).map((e) => e.url).join('\n');
    if (!entry.resolver || entry.externalKey !== externalKey) {
      const external = new Map<string, unknown>();
      for (const e of req.external ?? []) external.set(e.url, parseDocumentText(decode(e.bytes), e.url));
      entry.resolver = new OperationResolver(entry.doc, { documentUrl: req.documentUrl, external });
      entry.externalKey = externalKey;
    }
    const wanted = req.operations ?? (entry.listing ??= listOperations(entry.doc, req.documentUrl)).operations;
    const operations = wanted.map((o) => entry.resolver!.resolve(o.method, o.path));
    return { operations, missingExternal: [...entry.resolver.missingExternal] };
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
