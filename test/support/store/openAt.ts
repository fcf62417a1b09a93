// A child process for the concurrency tests: waits until the instant given on the command
// line (so that every child opens the database at once), opens the store at the given path,
// records a server and prints JSON `{ ok, movedAsideTo?, error? }`.
import { Store } from '../../../src/infra/store/store';

const [file, at, id] = process.argv.slice(2);
const wait = Number(at) - Date.now();

setTimeout(() => {
  try {
    const { store, movedAsideTo } = Store.open(file);
    const now = Date.now();
    store.servers.upsert({ id: `ext:${id}`, kind: 'external', name: id, baseUrl: `http://127.0.0.1/${id}`, warnings: [], createdAt: now, updatedAt: now });
    store.close();
    process.stdout.write(JSON.stringify({ ok: true, movedAsideTo }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) }) + '\n');
    process.exitCode = 1;
  }
}, Math.max(0, wait));
