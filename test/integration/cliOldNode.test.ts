// `node dist/cli.js` typed in a shell whose `node` is older than 22 (Debian's is 20): the CLI runs
// again under the project's own Node (node_modules/.bin/node) instead of crashing while loading,
// so a command that opens the SQLite history works and keeps its exit code.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../support/tempDir';

const systemNode = '/usr/bin/node';
const cli = path.resolve('dist/cli.js');

function olderNode(): string | undefined {
  if (!fs.existsSync(systemNode)) return undefined;
  const version = execFileSync(systemNode, ['--version'], { encoding: 'utf8' }).trim();
  return Number(version.slice(1).split('.')[0]) < 22 ? version : undefined;
}

describe('CLI started by a Node older than 22', () => {
  it('runs under the project\'s own Node: the run history opens, and exit codes are kept', function () {
    const version = olderNode();
    if (!version) {
      process.stderr.write(`      skipped: ${systemNode} is missing or not older than Node 22\n`);
      this.skip();
    }
    const tmp = makeTempDir('mv-old-node-');
    try {
      const runs = spawnSync(systemNode, [cli, 'runs', '--json', '--db', path.join(tmp.dir, 'runs.db')], { encoding: 'utf8' });
      assert.equal(runs.status, 0, runs.stderr);
      assert.deepEqual(JSON.parse(runs.stdout), []);
      const bad = spawnSync(systemNode, [cli, 'run', '--script', path.join(tmp.dir, 'missing.js'), '--db', path.join(tmp.dir, 'runs.db')], { encoding: 'utf8' });
      assert.equal(bad.status, 2, bad.stderr);
      assert.match(bad.stderr, /does not exist/);
    } finally {
      tmp.cleanup();
    }
  });
});
