// `metric-vault run` for CI: local runs, bad input, the database refusing, Flux summaries.
// Cluster runs (exit 0/99/1, --json, without --wait) are checked on the real control plane:
// test/integration/cluster/runCli.test.ts.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Store } from '../../../src/infra/store/store';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { RunHarness } from '../../support/runs/runHarness';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');

describe('metric-vault run', () => {
  let h: RunHarness;
  let echo: EchoServer;
  before(async () => (echo = await startEchoServer()));
  after(() => echo?.close());
  beforeEach(() => echo.arrived.splice(0));
  afterEach(async () => h?.close());
  /** A real script for the stand-in k6: 2 quick iterations against `url`, failing on any failed request. */
  const localScript = (name: string, url: string) => {
    fs.mkdirSync(path.join(h.dir, 'loadtests'), { recursive: true });
    fs.writeFileSync(path.join(h.dir, 'loadtests', name), `import http from 'k6/http';\nexport const options = { iterations: 2, thresholds: { http_req_failed: ['rate<0.01'] } };\nexport default function () { http.get('${url}'); }\n`);
  };

  async function cli(args: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: h.dir };
    const extra = args[0] === 'run' && !args.includes('--influx') ? ['--influx', 'http://127.0.0.1:9'] : [];
    const code = await main([...args, '--db', path.join(h.dir, 'cli.db'), ...extra], io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }
  const kubeEnv = () => ({ KUBECONFIG: h.kube.kubeconfigPath, PATH: process.env.PATH });

  it('--target local runs k6 from the PATH and exits with its verdict', async () => {
    h = await RunHarness.start();
    localScript('pass.js', `${echo.url}/pets/1`);
    localScript('fail.js', 'http://127.0.0.1:1/');
    const env = { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` };
    assert.equal((await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local'], env)).code, 0);
    assert.equal((await cli(['run', '--script', 'loadtests/fail.js', '--target', 'local', '--wait'], env)).code, 99);
    const missing = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local'], { PATH: h.dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /k6 is not installed/);
    // k6 elsewhere: --k6-path, or K6_PATH (the flag wins).
    const k6 = path.join(fakeK6Dir, 'k6');
    assert.equal((await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--k6-path', k6], { PATH: h.dir })).code, 0);
    assert.equal((await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local'], { PATH: h.dir, K6_PATH: k6 })).code, 0);
    const wrong = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--k6-path', '/nowhere/k6'], { PATH: h.dir, K6_PATH: k6 });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /k6 was not found at \/nowhere\/k6/);
    assert.equal(echo.arrived.length, 6, 'pass.js ran for real, three times');
  });

  it('exits 2 on bad input', async () => {
    h = await RunHarness.start();
    assert.equal((await cli(['run'], kubeEnv())).code, 2);
    assert.equal((await cli(['run', '--script', 'x.js', '--target', 'moon'], kubeEnv())).code, 2);
    assert.equal((await cli(['run', '--script', 'missing.js'], kubeEnv())).code, 2);
  });

  it('--wait ends with exit 1 and says why when the database never accepts the end of the run', async function () {
    this.timeout(120_000);
    h = await RunHarness.start();
    localScript('pass.js', `${echo.url}/pets/1`);
    // Another program refuses every write of a run's end (as a disk that filled up would).
    const { store } = Store.open(path.join(h.dir, 'cli.db'));
    store.db.exec(`CREATE TRIGGER refuse_end BEFORE UPDATE OF state ON runs WHEN NEW.state IN ('finished', 'failed', 'stopped') BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`);
    store.close();
    const env = { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` };
    const r = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--wait'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /run mv-\S+ ended \(finished: thresholds passed\), but the database could not record that the run is finished \(database or disk is full\)/);
    assert.match(r.stderr, /cli\.db is writable/);
  });

  it('a local run the database refuses to record is not started behind the user\'s back: k6 is stopped, exit 1', async () => {
    h = await RunHarness.start();
    const script = h.script('pass.js');
    const { store } = Store.open(path.join(h.dir, 'cli.db'));
    store.db.exec(`CREATE TRIGGER refuse_runs BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`);
    store.close();
    const r = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--wait'], { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The run could not be recorded in the database \(database or disk is full\), so k6 was stopped\./);
    assert.equal(spawnSync('pgrep', ['-f', script]).status, 1, 'no k6 left running the script');
  });

  it('summarises with Flux when pointed at InfluxDB 2.x (--influx-version 2 --org --bucket, INFLUX_TOKEN)', async () => {
    h = await RunHarness.start();
    localScript('pass.js', `${echo.url}/pets/1`);
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const influx = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        // InfluxDB 2.x: /ping and /write (v1 compatibility, k6's output) answer 204; a query with no data is an empty CSV.
        if (req.url?.startsWith('/api/v2/query')) res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end('\r\n');
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => influx.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(influx.address() as AddressInfo).port}`;
      const env = { PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}`, INFLUX_TOKEN: 'team-token' };
      const r = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--wait', '--json', '--influx', url, '--influx-version', '2', '--org', 'team', '--bucket', 'loadtests'], env);
      assert.equal(r.code, 0, r.stderr);
      const id = JSON.parse(r.stdout).id as string;
      const queries = seen.filter((q) => q.url?.startsWith('/api/v2/query'));
      assert.ok(queries.length > 0, `a Flux query was sent; saw ${seen.map((q) => `${q.method} ${q.url}`).join(', ')}`);
      for (const q of queries) {
        assert.equal(q.url, '/api/v2/query?org=team');
        assert.equal(q.auth, 'Token team-token');
        assert.match(q.body, /from\(bucket: \\"loadtests\\"\)/);
        assert.ok(q.body.includes(id), 'filtered by the run id');
      }
      // k6's v1 output creates its database through /query; the summary itself asks no InfluxQL.
      assert.deepEqual(seen.filter((q) => q.url?.startsWith('/query') && !q.url.startsWith('/query?q=CREATE%20DATABASE')), [], 'no InfluxQL');
      const bad = await cli(['run', '--script', 'loadtests/pass.js', '--target', 'local', '--influx', url, '--influx-version', '2'], { PATH: env.PATH });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /InfluxDB 2\.x needs an organization: pass --org ORG or set INFLUX_ORG/);
    } finally {
      influx.close();
    }
  });
});
