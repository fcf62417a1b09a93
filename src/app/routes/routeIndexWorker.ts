// Worker-thread entry, bundled to dist/routeIndexWorker.js: reads and indexes the workspace's
// routes off the extension host's main thread. Requests are handled one at a time, in order, so
// an edit sent before a query is always seen by it.
import { parentPort } from 'node:worker_threads';
import type { RouteIndexReply, RouteIndexRequest } from './indexProtocol';
import { WorkspaceRouteIndex } from './workspaceRouteIndex';

const index = new WorkspaceRouteIndex();
let queue: Promise<void> = Promise.resolve();

async function handle(msg: RouteIndexRequest): Promise<unknown> {
  switch (msg.type) {
    case 'open':
      return index.open(msg.folders);
    case 'changed':
      return index.changed(msg.file, msg.text);
    case 'deleted':
      return index.deleted(msg.file);
    case 'covers':
      return index.covers(msg.file);
    case 'routesOf':
      return index.routesOf(msg.file);
  }
}

parentPort?.on('message', (msg: RouteIndexRequest) => {
  queue = queue.then(async () => {
    let reply: RouteIndexReply;
    try {
      reply = { id: msg.id, ok: true, value: await handle(msg) };
    } catch (err) {
      reply = { id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    parentPort!.postMessage(reply);
  });
});
