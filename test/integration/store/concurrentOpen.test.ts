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

  it('the CLI: several commands on a fresh file at once, then a local run while another process lists runs', async () => {
    const cli = path.resolve('dist/cli.js');
    assert.ok(fs.existsSync(cli), 'build first: node esbuild.mjs');
    const db = path.join(tmp.dir, 'cli', 'metric-vault.db');
    const lists = await Promise.all(Array.from({ length: 5 }, () => runNode(cli, ['runs', '--json', '--db', db], { tsx: false })));
    assert.deepEqual(lists.map((l) => [l.code, l.stderr]), lists.map(() => [0, '']));
    const script = path.join(tmp.dir, 'loadtests', 'pets.js');
    fs.mkdirSync(path.dirname(script), { recursive: true });
    fs.writeFileSync(script, `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: 1, duration: '3s' };\nexport default function () {\n  http.get('http://127.0.0.1:9/pets/1');\n  sleep(0.5);\n}\n`);
    const env = { ...process.env, PATH: `${path.resolve('test/support/fakeK6')}${path.delimiter}${process.env.PATH}` };
    const run = runNode(cli, ['run', '--script', script, '--target', 'local', '--wait', '--json', '--db', db, '--influx', 'http://127.0.0.1:9'], { tsx: false, env });
    let finished = false;
    void run.then(() => (finished = true));
    const seen: string[] = [];
    while (!finished) {
      const l = await runNode(cli, ['runs', '--json', '--db', db], { tsx: false });
      assert.equal(l.code, 0, l.stderr);
      seen.push(...(JSON.parse(l.stdout) as { state: string }[]).map((r) => r.state));
    }
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).state, 'finished');
    assert.ok(!seen.includes('stopped') && !seen.includes('failed'), `listing never changed the run: ${seen.join(' ')}`);
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
