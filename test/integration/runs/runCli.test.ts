// `metric-vault run` for CI: exit 0 passed, 99 thresholds failed, 1 other failures.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { RunHarness } from '../../support/runs/runHarness';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');

describe('metric-vault run', () => {
  let h: RunHarness;
  afterEach(async () => h?.close());

  async function cli(args: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: h.dir };
    const extra = args[0] === 'run' ? ['--influx', 'http://127.0.0.1:9'] : [];
    const code = await main([...args, '--db', path.join(h.dir, 'cli.db'), ...extra], io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }
  const kubeEnv = () => ({ KUBECONFIG: h.kube.kubeconfigPath, PATH: process.env.PATH });

  it('--wait in the cluster: streams k6 output and exits 0 when the run passed', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'success' } });
    h.script();
    const r = await cli(['run', '--script', 'loadtests/pets.js', '--wait'], kubeEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /execution: local/);
    assert.match(r.stdout, /Run mv-\S+: finished: thresholds passed/);
    assert.match(r.stderr, /InfluxDB at http:\/\/127\.0\.0\.1:9 is unreachable.*The run goes ahead/);
  });

  it('--wait exits 99 when thresholds failed, with the record as --json', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'thresholds' } });
    h.script();
    const r = await cli(['run', '--script', 'loadtests/pets.js', '--wait', '--json'], kubeEnv());
    assert.equal(r.code, 99);
    const record = JSON.parse(r.stdout);
    assert.deepEqual([record.state, record.exitCode, record.engine], ['finished', 99, 'job']);
    assert.match(r.stderr, /thresholds on metrics/, 'k6 output goes to stderr with --json');
  });

  it('exits 1 on other failures and when pre-flight refuses (403), naming the permission', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'oom' } });
    h.script();
    assert.equal((await cli(['run', '--script', 'loadtests/pets.js', '--wait'], kubeEnv())).code, 1);
    h.kube.deny({ verb: 'create', group: 'batch', resource: 'jobs' });
    const denied = await cli(['run', '--script', 'loadtests/pets.js'], kubeEnv());
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /not allowed to create jobs\.batch in namespace "test"/);
  });

  it('without --wait: prints the run id at once and leaves the run going; `runs` lists it', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    h.script();
    const r = await cli(['run', '--script', 'loadtests/pets.js', '--json'], kubeEnv());
    assert.equal(r.code, 0, r.stderr);
    const run = JSON.parse(r.stdout);
    assert.ok(h.kube.objects.get('jobs', run.id), 'the Job runs on');
    const listed = await cli(['runs', '--json'], kubeEnv());
    assert.equal(JSON.parse(listed.stdout)[0].id, run.id);
  });

  it('--target local runs k6 from the PATH and exits with its verdict', async () => {
    h = await RunHarness.start();
    h.script('pass.js');
    h.script('fail.js', '// fake-k6: thresholds');
    const env = { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` };
    assert.equal((await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local'], env)).code, 0);
    assert.equal((await cli(['run', '--script', 'loadtests/fail.js', '--target', 'local', '--wait'], env)).code, 99);
    const missing = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local'], { PATH: h.dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /k6 is not installed/);
  });

  it('exits 2 on bad input', async () => {
    h = await RunHarness.start();
    assert.equal((await cli(['run'], kubeEnv())).code, 2);
    assert.equal((await cli(['run', '--script', 'x.js', '--target', 'moon'], kubeEnv())).code, 2);
    assert.equal((await cli(['run', '--script', 'missing.js'], kubeEnv())).code, 2);
  });
});
