// Several processes opening one database file at the same moment — two editor windows and the
// CLI on a fresh file, or all of them finding the file unreadable. Real processes, real SQLite.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../../src/infra/store/store';
import { latestSchemaVersion } from '../../../src/infra/store/migrations';
import { barrierFor, runNode, supportScript } from '../../support/store/children';
import { makeTempDir } from '../../support/tempDir';

interface Opened {
  ok: boolean;
  movedAsideTo?: string;
  error?: string;
}

async function openAtOnce(file: string, n: number): Promise<Opened[]> {
  const at = barrierFor(n);
  const results = await Promise.all(Array.from({ length: n }, (_, i) => runNode(supportScript('openAt.ts'), [file, String(at), `p${i}`])));
  return results.map((r) => (r.stdout.trim() ? (JSON.parse(r.stdout) as Opened) : { ok: false, error: `exit ${r.code}: ${r.stderr}` }));
}

describe('one database file, several processes opening it at once', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('mv-concurrent-')));
  afterEach(() => tmp.cleanup());

  it('a fresh file: every process opens it, migrations run once, every write is kept (repeated trials)', async () => {
    const n = 5;
    for (let trial = 0; trial < 4; trial++) {
      const file = path.join(tmp.dir, `trial-${trial}`, 'metric-vault.db');
      const opened = await openAtOnce(file, n);
      assert.deepEqual(opened.filter((o) => !o.ok), [], `trial ${trial}: no process may fail`);
      const { store } = Store.open(file);
      assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
      assert.deepEqual(store.servers.list().map((s) => s.name).sort(), Array.from({ length: n }, (_, i) => `p${i}`));
      store.close();
    }
  });

  it('an unreadable file found by all of them: moved aside exactly once, the old bytes kept, nobody writes into the moved file', async () => {
    for (let trial = 0; trial < 2; trial++) {
      const file = path.join(tmp.dir, `corrupt-${trial}`, 'metric-vault.db');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const garbage = Buffer.from('this is not a database '.repeat(300));
      fs.writeFileSync(file, garbage);
      const opened = await openAtOnce(file, 4);
      assert.deepEqual(opened.filter((o) => !o.ok), [], `trial ${trial}: no process may fail`);
      const moved = opened.map((o) => o.movedAsideTo).filter((m): m is string => Boolean(m));
      assert.equal(moved.length, 1, `trial ${trial}: one process moves the file, the others see the new one`);
      assert.deepEqual(fs.readFileSync(moved[0]), garbage);
      const { store } = Store.open(file);
      assert.equal(store.servers.list().length, 4, `trial ${trial}: every process wrote into the current file`);
      store.close();
      assert.ok(!fs.existsSync(`${file}.lock`), 'the lock is released');
    }
  });

  it('a store notices when another process moved its file aside', () => {
    const file = path.join(tmp.dir, 'metric-vault.db');
    const { store } = Store.open(file);
    assert.equal(store.stillAtPath(), true);
    fs.renameSync(file, `${file}.corrupt-x`);
    Store.open(file).store.close();
    assert.equal(store.stillAtPath(), false);
    store.close();
  });
});
