// Worker-thread entry, bundled to dist/openapiWorker.js: parses documents and resolves
// operations off the extension host's main thread. Replies carry the resolved operations by
// structured clone, which keeps cyclic schemas intact.
import { parentPort } from 'node:worker_threads';
import { isOpenApiError } from '../../core/openapi/errors';
import type { WorkerReply, WorkerRequest } from './engine';
import { readLocalFile } from './sourceReader';
import { DocumentWorkbench } from './workbench';

const bench = new DocumentWorkbench();

parentPort?.on('message', (msg: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const value =
      msg.type === 'read' ? readLocalFile(msg.req.file, msg.req.maxBytes, true) : msg.type === 'list' ? bench.list(msg.req) : msg.type === 'resolve' ? bench.resolve(msg.req) : bench.forget();
    reply = { id: msg.id, ok: true, value };
  } catch (err) {
    reply = isOpenApiError(err)
      ? { id: msg.id, ok: false, kind: err.kind, message: err.message }
      : { id: msg.id, ok: false, kind: 'internal', message: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
