import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../support/tempDir';
import { runCli } from '../support/cli';

describe('metric-vault CLI', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('lists every subcommand of docs/ARCHITECTURE.md in --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const name of ['openapi', 'routes', 'generate', 'render', 'run', 'summary', 'runs', 'pods']) assert.match(stdout, new RegExp(`^  ${name} `, 'm'));
  });

  it('exits 2 with usage on an unknown command or flag', async () => {
    assert.equal((await runCli(['explode'])).code, 2);
    const r = await runCli(['runs', '--nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: metric-vault runs/);
  });

  it('prints an empty run list as JSON and as a friendly line', async () => {
    const db = path.join(tmp.dir, 'x.db');
    assert.deepEqual(JSON.parse((await runCli(['runs', '--json', '--db', db])).stdout), []);
    assert.match((await runCli(['runs', '--db', db])).stdout, /No runs recorded yet/);
  });

  it('uses ~/.metric-vault/metric-vault.db by default', async () => {
    const r = await runCli(['runs', '--json'], { ...process.env, HOME: tmp.dir });
    assert.equal(r.code, 0);
    assert.ok(fs.existsSync(path.join(tmp.dir, '.metric-vault', 'metric-vault.db')));
  });
});
