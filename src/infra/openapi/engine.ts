// Where document parsing runs. In the bundled extension (and CLI) a worker thread runs
// dist/openapiWorker.js, so a 4 MB document never blocks the extension host; elsewhere (tests
// under tsx) the same workbench runs in the calling thread. The worker holds parsed documents
// by URL and content key; a resolve request first goes without the bytes and is re-sent with them if the
// worker no longer has the document.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { OpenApiError, type OpenApiErrorKind } from '../../core/openapi/errors';
import { readLocalFile } from './sourceReader';
import { DocumentWorkbench, type ListRequest, type ListResult, type ResolveRequest, type ResolveResult } from './workbench';

export interface DocumentEngine {
  /** A local file's bytes (sourceReader.ts readLocalFile), read in the engine's thread. */
  readFile(req: ReadFileRequest): Promise<Uint8Array>;
  list(req: ListRequest): Promise<ListResult>;
  resolve(req: ResolveRequest): Promise<ResolveResult>;
  /** Drops parsed documents kept for later resolves. */
  forget(): Promise<void>;
  dispose(): void;
}

export interface ReadFileRequest {
  file: string;
  maxBytes: number;
}

export type WorkerRequest =
  | { id: number; type: 'read'; req: ReadFileRequest }
  | { id: number; type: 'list'; req: ListRequest }
  | { id: number; type: 'resolve'; req: ResolveRequest }
  | { id: number; type: 'forget' };
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; kind: string; message: string };

/** Runs in the calling thread. */
export class InlineEngine implements DocumentEngine {
  private readonly bench = new DocumentWorkbench();
  async readFile(req: ReadFileRequest): Promise<Uint8Array> {
    return readLocalFile(req.file, req.maxBytes, false);
  }
  async list(req: ListRequest): Promise<ListResult> {
    return this.bench.list(req);
  }
  async resolve(req: ResolveRequest): Promise<ResolveResult> {
    return this.bench.resolve(req);
  }
  async forget(): Promise<void> {
    this.bench.forget();
  }
  dispose(): void {}
}

const idleMs = 120_000;

/** Runs in a worker thread started on first use and stopped after two idle minutes. */
export class WorkerEngine implements DocumentEngine {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly workerOptions: WorkerOptions = {},
  ) {}

  /** In shared memory: the bytes come back to this thread, and go to the worker again to be parsed, without a copy. */
  readFile(req: ReadFileRequest): Promise<Uint8Array> {
    return this.call({ id: 0, type: 'read', req }) as Promise<Uint8Array>;
  }

  list(req: ListRequest): Promise<ListResult> {
    return this.call({ id: 0, type: 'list', req }) as Promise<ListResult>;
  }

  resolve(req: ResolveRequest): Promise<ResolveResult> {
    return this.call({ id: 0, type: 'resolve', req }) as Promise<ResolveResult>;
  }

  async forget(): Promise<void> {
    if (this.worker) await this.call({ id: 0, type: 'forget' });
  }

  dispose(): void {
    this.stop(new OpenApiError('aborted', 'The OpenAPI reader was stopped.'));
  }

  private call(message: WorkerRequest): Promise<unknown> {
    const worker = this.ensure();
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const { message: outgoing, transfer } = withTransferableBytes(message);
      worker.postMessage({ ...outgoing, id }, transfer);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // A runaway document (deep nesting, huge expansions) hits this ceiling instead of the host's memory.
    const worker = new Worker(this.file, { resourceLimits: { maxOldGenerationSizeMb: 1536, maxYoungGenerationSizeMb: 64 }, ...this.workerOptions });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (err) => this.stop(new OpenApiError('invalid', `The OpenAPI reader failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stop(new OpenApiError('invalid', `The OpenAPI reader stopped unexpectedly (exit code ${code}); the document may be too large or too deeply nested.`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(reply.kind === 'internal' ? new Error(reply.message) : new OpenApiError(reply.kind as OpenApiErrorKind, reply.message));
    if (this.pending.size === 0 && this.worker) {
      // Idle: let the process exit, and free the parsed documents after a while.
      this.worker.unref();
      this.idleTimer = setTimeout(() => this.stop(), idleMs);
      this.idleTimer.unref();
    }
  }

  private stop(reason?: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    clearTimeout(this.idleTimer);
    for (const p of this.pending.values()) p.reject(reason ?? new OpenApiError('aborted', 'The OpenAPI reader was stopped.'));
    this.pending.clear();
    void worker?.terminate();
  }
}

let engine: DocumentEngine | undefined;

/** The bundled worker next to this file's bundle (dist/openapiWorker.js), if there is one. */
function bundledWorker(): string | undefined {
  const file = path.join(__dirname, 'openapiWorker.js');
  return fs.existsSync(file) ? file : undefined;
}

export function documentEngine(): DocumentEngine {
  if (!engine) {
    const file = bundledWorker();
    engine = file ? new WorkerEngine(file) : new InlineEngine();
  }
  return engine;
}

/** Replaces the process-wide engine (tests run the worker from source this way). */
export function setDocumentEngine(next: DocumentEngine | undefined): void {
  engine?.dispose();
  engine = next;
}

/**
 * Structured cloning a multi-megabyte Uint8Array costs more than parsing it; bytes in shared
 * memory (files, see sourceReader.ts) are sent as they are, others as a private copy (one memcpy)
 * whose buffer is transferred, so the caller keeps its own bytes.
 */
function withTransferableBytes(message: WorkerRequest): { message: WorkerRequest; transfer: ArrayBuffer[] } {
  if (message.type === 'forget' || message.type === 'read') return { message, transfer: [] };
  const transfer: ArrayBuffer[] = [];
  const own = (bytes: Uint8Array): Uint8Array => {
    if (bytes.buffer instanceof SharedArrayBuffer) return bytes; // a file read into shared memory: nothing to copy
    const copy = new Uint8Array(bytes); // a copy with its own buffer (Buffer#slice would be a view)
    transfer.push(copy.buffer);
    return copy;
  };
  const req = message.req;
  const moved = {
    ...req,
    ...(req.bytes ? { bytes: own(req.bytes) } : {}),
    ...(req.external ? { external: req.external.map((e) => ({ ...e, ...(e.bytes ? { bytes: own(e.bytes) } : {}) })) } : {}),
  };
  return { message: message.type === 'list' ? { ...message, req: moved as ListRequest } : { ...message, req: moved }, transfer };
}
