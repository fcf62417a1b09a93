// Where the editor's route index runs: in the bundled extension a worker thread runs
// dist/routeIndexWorker.js (a cold index of thousands of files never blocks the extension host);
// elsewhere (tests under tsx) the same index runs in the calling thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IndexedRoute } from '../../core/routes';
import type { RouteIndexReply, RouteIndexRequest } from './indexProtocol';
import { type IndexFolder, type IndexStats, WorkspaceRouteIndex } from './workspaceRouteIndex';

type Body<T> = T extends { id: number } ? Omit<T, 'id'> : never;

export interface RouteIndexClient {
  open(folders: IndexFolder[]): Promise<IndexStats>;
  changed(file: string, text?: string): Promise<void>;
  deleted(file: string): Promise<void>;
  covers(file: string): Promise<boolean>;
  routesOf(file: string): Promise<IndexedRoute[]>;
  dispose(): void;
}

export class InlineRouteIndex implements RouteIndexClient {
  private readonly index = new WorkspaceRouteIndex();
  open(folders: IndexFolder[]): Promise<IndexStats> {
    return this.index.open(folders);
  }
  changed(file: string, text?: string): Promise<void> {
    return this.index.changed(file, text);
  }
  async deleted(file: string): Promise<void> {
    this.index.deleted(file);
  }
  async covers(file: string): Promise<boolean> {
    return this.index.covers(file);
  }
  async routesOf(file: string): Promise<IndexedRoute[]> {
    return this.index.routesOf(file);
  }
  dispose(): void {}
}

export class WorkerRouteIndex implements RouteIndexClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(file: string) {
    // A pathological workspace hits this ceiling instead of the extension host's memory.
    this.worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    this.worker.on('message', (reply: RouteIndexReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(reply.message));
      if (this.pending.size === 0) this.worker.unref();
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(new Error(`The route index stopped: ${err.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`The route index stopped (exit code ${code}).`)));
    this.worker.unref();
  }

  private call<T>(message: Body<RouteIndexRequest>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Referenced while a reply is due (a CLI or bench waits for it), idle it never holds the process.
    this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  open(folders: IndexFolder[]): Promise<IndexStats> {
    return this.call({ type: 'open', folders });
  }
  changed(file: string, text?: string): Promise<void> {
    return this.call({ type: 'changed', file, text });
  }
  deleted(file: string): Promise<void> {
    return this.call({ type: 'deleted', file });
  }
  covers(file: string): Promise<boolean> {
    return this.call({ type: 'covers', file });
  }
  routesOf(file: string): Promise<IndexedRoute[]> {
    return this.call({ type: 'routesOf', file });
  }
  dispose(): void {
    this.failure = new Error('The route index was closed.');
    void this.worker.terminate();
  }
}

/** The worker bundled next to this bundle (dist/routeIndexWorker.js), else an in-thread index. */
export function createRouteIndexClient(): RouteIndexClient {
  const file = path.join(__dirname, 'routeIndexWorker.js');
  return fs.existsSync(file) ? new WorkerRouteIndex(file) : new InlineRouteIndex();
}
