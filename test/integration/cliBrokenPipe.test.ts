// `metric-vault … | head -1`: the reader goes away before the command has written everything.
// Every command must then finish quietly — no EPIPE stack trace, its own exit code.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { commands } from '../../src/cli/commands/index';
import { makeTempDir } from '../support/tempDir';

const cli = path.resolve('dist/cli.js');
const fixtures = path.resolve(__dirname, '../fixtures');

/** Runs the CLI with its stdout closed before it writes anything (what `| head -0` does). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('metric-vault with a closed output pipe', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => (tmp = makeTempDir()));
  after(() => tmp.cleanup());

  for (const command of commands) {
    it(`${command.name} --help exits 0 without a stack trace`, async () => {
      const r = await runWithClosedStdout([command.name, '--help']);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
    });
  }

  it('openapi, routes, generate and runs stop quietly with their own exit code', async () => {
    const k8s = path.join(fixtures, 'openapi/corpus/kubernetes-1.12.swagger.json');
    const cases: [string[], number][] = [
      [['openapi', k8s], 0],
      [['openapi', k8s, '--json'], 0],
      [['routes', path.join(fixtures, 'routes'), '--json'], 0],
      [['generate', '--spec', path.join(fixtures, 'openapi/corpus/petstore.yaml'), '--all'], 0],
      [['runs', '--db', path.join(tmp.dir, 'runs.db')], 0],
      [['openapi', '/nonexistent/openapi.yaml'], 2],
    ];
    for (const [args, code] of cases) {
      const r = await runWithClosedStdout(args);
      assert.doesNotMatch(r.stderr, /EPIPE|at .*\(node:/, args.join(' '));
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
