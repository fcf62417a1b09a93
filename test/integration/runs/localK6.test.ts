import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findExecutable, installK6Message, localK6Args, LocalK6Process, resolveK6Path, startLocalK6 } from '../../../src/infra/k6/localK6';
import { localExitStatus } from '../../../src/core/runs/runState';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { makeTempDir } from '../../support/tempDir';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');

async function runToEnd(p: LocalK6Process) {
  const lines: string[] = [];
  p.onLine((l) => lines.push(l));
  const exit = await p.exited;
  return { exit, lines, status: localExitStatus(exit, Date.now()) };
}

describe('local k6 engine (stand-in k6 on the PATH)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const env = { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` };
  let echo: EchoServer;
  before(async () => (echo = await startEchoServer()));
  after(() => echo?.close());
  beforeEach(() => {
    tmp = makeTempDir();
    echo.arrived.splice(0);
  });
  afterEach(() => tmp.cleanup());

  /** A real script: `options` as given, one request to `target` (refused on port 1) per iteration. */
  const script = (options: string, target = `${echo.url}/pets/1`, init = '') => {
    const f = path.join(tmp.dir, 'pets.js');
    fs.writeFileSync(
      f,
      `import http from 'k6/http';\nimport { sleep } from 'k6';\n${init}\nexport const options = ${options};\nexport default function () { http.get('${target}', { tags: { name: 'GET /pets/{petId}' } }); sleep(0.1); }\n`,
    );
    return f;
  };
  const passing = "{ vus: 2, iterations: 4, thresholds: { http_req_failed: ['rate<0.01'] } }";

  it('finds k6 on the PATH, and says how to install it when it is not there', () => {
    assert.equal(findExecutable('k6', env), path.join(fakeK6Dir, 'k6'));
    const none = startLocalK6({ scriptFile: script(passing), runId: 'mv-1' }, { PATH: tmp.dir });
    assert.ok('error' in none);
    assert.equal(none.error, installK6Message);
    assert.match(installK6Message, /grafana\.com\/docs\/k6\/latest\/set-up\/install-k6/);
  });

  it('metricVault.k6.path: an absolute path, ~/…, or a command name; a clear error naming the setting otherwise', () => {
    const k6 = path.join(fakeK6Dir, 'k6');
    const home = path.dirname(fakeK6Dir);
    const noPath = { PATH: tmp.dir };
    assert.deepEqual(resolveK6Path(k6, noPath), { path: k6 });
    assert.deepEqual(resolveK6Path('~/fakeK6/k6', noPath, 'linux', home), { path: k6 });
    assert.deepEqual(resolveK6Path('k6', env), { path: k6 }, 'a command name is looked up on the PATH');
    assert.deepEqual(resolveK6Path('', env), { path: k6 }, 'empty: k6 from the PATH');
    assert.deepEqual(resolveK6Path(undefined, noPath), { error: installK6Message });
    const gone = resolveK6Path('/opt/k6/k6', noPath);
    assert.ok('error' in gone && /k6 was not found at \/opt\/k6\/k6 \(metricVault\.k6\.path\).*absolute path, ~\/…, or a command name/.test(gone.error));
    const dir = resolveK6Path(fakeK6Dir, noPath);
    assert.ok('error' in dir && dir.error.includes('no executable file is there'), 'a folder is not k6');
    const relative = resolveK6Path('bin/k6', noPath);
    assert.ok('error' in relative && relative.error.includes('a relative path'));
    const missing = resolveK6Path('k6-custom', noPath);
    assert.ok('error' in missing && missing.error.includes('"k6-custom" (metricVault.k6.path) is not a command on the PATH'));
  });

  it('runs the k6 the setting names even when none is on the PATH', async () => {
    const p = startLocalK6({ scriptFile: script(passing), runId: 'mv-path', k6Path: path.join(fakeK6Dir, 'k6') }, { PATH: tmp.dir });
    assert.ok(p instanceof LocalK6Process);
    const { status } = await runToEnd(p);
    assert.deepEqual([status.state, status.exitCode], ['finished', 0]);
    assert.equal(echo.arrived.length, 4);
  });

  it('streams k6\'s output and finishes when k6 exits 0', async () => {
    const p = startLocalK6({ scriptFile: script(passing), runId: 'mv-20261126-143012-k3x9', influx: { url: 'http://127.0.0.1:9/', database: 'k6' } }, env);
    assert.ok(p instanceof LocalK6Process);
    const { lines, status } = await runToEnd(p);
    assert.equal(status.state, 'finished');
    assert.equal(status.exitCode, 0);
    assert.ok(lines.some((l) => l.includes('execution: local')));
    assert.ok(lines.some((l) => l.includes('output: InfluxDBv1 (http://127.0.0.1:9)')), 'k6 got the InfluxDB output');
    assert.ok(lines.some((l) => /✓ 'rate<0.01' rate=0\.00%/.test(l)));
    assert.equal(echo.arrived.length, 4, 'k6 ran the script: 4 iterations, one request each');
  });

  it('passes the run id as --tag testid and the script last', () => {
    assert.deepEqual(
      localK6Args({ scriptFile: '/w/pets.js', runId: 'mv-1', influx: { url: 'http://h:8086/', database: 'k6' }, tags: { target: 'ext' } }),
      ['run', '--out', 'influxdb=http://h:8086/k6', '--tag', 'testid=mv-1', '--tag', 'target=ext', '/w/pets.js'],
    );
  });

  it('reports failed thresholds (exit 99) as a finished run with a failed verdict', async () => {
    const p = startLocalK6({ scriptFile: script(passing, 'http://127.0.0.1:1/pets/1'), runId: 'mv-2' }, env) as LocalK6Process;
    const { status, lines } = await runToEnd(p);
    assert.deepEqual([status.state, status.exitCode], ['finished', 99]);
    assert.ok(lines.some((l) => l.includes("thresholds on metrics 'http_req_failed' have been crossed")));
  });

  it('reports a script exception as failed with k6\'s meaning of the exit code', async () => {
    const p = startLocalK6({ scriptFile: script(passing, `${echo.url}/`, "throw new Error('BASE_URL is not set');"), runId: 'mv-3' }, env) as LocalK6Process;
    const { status } = await runToEnd(p);
    assert.equal(status.state, 'failed');
    assert.equal(status.reason, 'k6 exited with code 107: the script threw an exception');
  });

  it('stop() interrupts k6 like Ctrl+C: it prints its summary and the run is stopped', async () => {
    const p = startLocalK6({ scriptFile: script("{ vus: 1, duration: '2m' }"), runId: 'mv-4' }, env) as LocalK6Process;
    const lines: string[] = [];
    const sawProgress = new Promise<void>((resolve) => p.onLine((l) => (lines.push(l), l.startsWith('running (') && resolve())));
    await sawProgress;
    p.stop();
    const exit = await p.exited;
    const status = localExitStatus(exit, Date.now());
    assert.equal(status.state, 'stopped');
    assert.equal(exit.code, 105);
    assert.ok(lines.some((l) => l.includes('Stopping k6 in response to signal')));
    assert.ok(lines.some((l) => l.includes('interrupted iterations')));
  });

  it('k6 refuses a missing script with a non-zero exit', async () => {
    const p = startLocalK6({ scriptFile: path.join(tmp.dir, 'gone.js'), runId: 'mv-5' }, env) as LocalK6Process;
    const { status, lines } = await runToEnd(p);
    assert.equal(status.state, 'failed');
    assert.ok(lines.some((l) => l.includes("couldn't be found on local disk")));
  });
});
