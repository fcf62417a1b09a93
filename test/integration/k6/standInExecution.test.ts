// The k6 stand-in's execution as a user of k6 would check it: executors pace iterations and
// VUs as k6's do (counts exact where k6's are, arrival rates within the clock's tolerance),
// execution segments split the load between instances, and runs end with k6's exit codes
// and messages — 99 for crossed thresholds (early with abortOnFail), 107 for a syntax error
// or a throw, 108 for exec.test.abort(), 105 after SIGTERM (teardown and summary still run).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6 } from '../../support/fakeK6/run';
import { makeTempDir } from '../../support/tempDir';

interface SummaryData {
  root_group: { name: string; path: string; id: string; groups: unknown[]; checks: { name: string; path: string; id: string; passes: number; fails: number }[] };
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
}

describe('the k6 stand-in executes like k6', function () {
  this.timeout(90000);
  let echo: EchoServer;
  let tmp: ReturnType<typeof makeTempDir>;
  before(async () => (echo = await startEchoServer((a) => (a.path.startsWith('/fail') ? 500 : 200))));
  after(() => echo?.close());
  beforeEach(() => {
    tmp = makeTempDir();
    echo.arrived.splice(0);
  });
  afterEach(() => tmp.cleanup());

  const script = (text: string) => {
    const f = path.join(tmp.dir, 'test.js');
    fs.writeFileSync(f, `import http from 'k6/http';\nimport { check, sleep } from 'k6';\nimport exec from 'k6/execution';\n${text}\nexport function handleSummary(data) { return { 'summary.json': JSON.stringify(data) }; }\n`);
    return f;
  };
  const run = (f: string, args: string[] = []) => runK6(['run', '-e', `BASE_URL=${echo.url}`, ...args, f], { cwd: tmp.dir });
  const summary = () => JSON.parse(fs.readFileSync(path.join(tmp.dir, 'summary.json'), 'utf8')) as SummaryData;
  const arrivedAt = (prefix: string) => echo.arrived.filter((a) => a.path.startsWith(prefix)).length;

  it('paces each executor: exact counts for iteration executors, the rate for arrival-rate ones, VUs per stage', async () => {
    const f = script(`export const options = { scenarios: {
  car: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '3s', preAllocatedVUs: 4, maxVUs: 10, exec: 'car' },
  rar: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 4, maxVUs: 10, stages: [{ duration: '2s', target: 20 }, { duration: '1s', target: 20 }], exec: 'rar' },
  ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 3 }, { duration: '2s', target: 3 }], exec: 'ramp', env: { WHO: 'ramp' } },
  pvi: { executor: 'per-vu-iterations', vus: 3, iterations: 4, exec: 'pvi', startTime: '1s' },
  si: { executor: 'shared-iterations', vus: 2, iterations: 7, exec: 'si' },
} };
export function car() { http.get(__ENV.BASE_URL + '/car'); }
export function rar() { http.get(__ENV.BASE_URL + '/rar'); }
export function ramp() { http.get(__ENV.BASE_URL + '/ramp/' + exec.vu.idInTest + '?who=' + __ENV.WHO); sleep(0.2); }
export function pvi() { http.get(__ENV.BASE_URL + '/pvi'); }
export function si() { http.get(__ENV.BASE_URL + '/si'); }`);
    const r = await run(f);
    assert.equal(r.code, 0, r.stderr);
    const s = summary();
    const dropped = s.metrics.dropped_iterations?.values.count ?? 0;
    assert.equal(arrivedAt('/car') + arrivedAt('/rar') + dropped, 60 + 40, 'constant 20/s × 3 s and a 0→20/s ramp over 2 s then 1 s at 20/s, dropped ones included');
    assert.ok(dropped <= 6, `few iterations dropped while extra VUs start (${dropped})`);
    const car = echo.arrived.filter((a) => a.path === '/car');
    assert.equal(arrivedAt('/pvi'), 12, 'per-vu-iterations: 3 VUs × 4');
    assert.equal(arrivedAt('/si'), 7, 'shared-iterations: 7 in all');
    assert.ok(car.length >= 54, `constant-arrival-rate keeps its rate against a fast server (${car.length}/60)`);
    // ramping-vus: at most 3 VUs, each looping with a 0.2 s pause for ~2-3 s.
    const rampVus = new Set(echo.arrived.filter((a) => a.path.startsWith('/ramp/')).map((a) => a.path));
    assert.equal(rampVus.size, 3);
    assert.ok(echo.arrived.filter((a) => a.path.startsWith('/ramp/')).every((a) => a.query === 'who=ramp'), "the scenario's env reaches __ENV");
    assert.ok(arrivedAt('/ramp/') >= 20 && arrivedAt('/ramp/') <= 45, `${arrivedAt('/ramp/')} ramping iterations`);
    assert.equal(s.metrics.iterations.values.count, echo.arrived.length);
    assert.match(r.stdout, /\* car: 20 iterations\/s for 3s \(maxVUs: 4-10, exec: car, gracefulStop: 30s\)/);
    assert.match(r.stdout, /\* pvi: 4 iterations for each of 3 VUs \(maxDuration: 10m0s, exec: pvi, startTime: 1s, gracefulStop: 30s\)/);
  });

  it('splits the load between execution segments: the instances together run it once', async () => {
    const f = script(`export const options = { scenarios: {
  si: { executor: 'shared-iterations', vus: 3, iterations: 9, exec: 'si' },
  car: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '2s', preAllocatedVUs: 2, maxVUs: 4, exec: 'car' },
} };
export function si() { http.get(__ENV.BASE_URL + '/si?vu=' + exec.vu.idInTest); }
export function car() { http.get(__ENV.BASE_URL + '/car'); }`);
    const seq = ['--execution-segment-sequence', '0,1/3,2/3,1'];
    const results = await Promise.all(['0:1/3', '1/3:2/3', '2/3:1'].map((seg) => run(f, ['--execution-segment', seg, ...seq, '--tag', `runner=${seg}`])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(arrivedAt('/si'), 9);
    const siVus = new Set(echo.arrived.filter((a) => a.path === '/si').map((a) => a.query));
    assert.ok(siVus.size >= 3, `each instance's VUs have their own idInTest (${[...siVus].join(' ')})`);
    assert.ok(Math.abs(arrivedAt('/car') - 20) <= 2, `${arrivedAt('/car')} of 20 arrival-rate iterations`);
    assert.match(results[0].stdout, /scenarios: \(33\.33%\) 2 scenarios/);
  });

  it('handleSummary receives k6\'s summary object: metrics by type with their values, thresholds, checks by group', async () => {
    const f = script(`export const options = { iterations: 4, thresholds: { http_req_duration: ['p(95)<5000'], 'http_reqs{name:GET /ok}': ['count==4'], checks: ['rate>0.9'] } };
export default function () { check(http.get(__ENV.BASE_URL + '/ok', { tags: { name: 'GET /ok' } }), { 'is 200': (r) => r.status === 200 }); }`);
    const r = await run(f);
    assert.equal(r.code, 0, r.stderr);
    const s = summary();
    assert.deepEqual(Object.keys(s).sort(), ['metrics', 'options', 'root_group', 'state']);
    assert.deepEqual(s.options, { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: false });
    assert.equal(typeof s.state.testRunDurationMs, 'number');
    const d = s.metrics.http_req_duration;
    assert.deepEqual([d.type, d.contains, Object.keys(d.values)], ['trend', 'time', ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']]);
    assert.deepEqual(d.thresholds, { 'p(95)<5000': { ok: true } });
    assert.deepEqual(s.metrics.http_reqs.values.count, 4);
    assert.deepEqual(Object.keys(s.metrics.http_reqs.values), ['count', 'rate']);
    assert.deepEqual(s.metrics['http_reqs{name:GET /ok}'].thresholds, { 'count==4': { ok: true } });
    assert.equal(s.metrics['http_req_duration{expected_response:true}'].type, 'trend', 'k6 always adds the expected-response duration');
    assert.deepEqual(s.metrics.checks.values, { rate: 1, passes: 4, fails: 0 });
    assert.deepEqual(Object.keys(s.metrics.vus_max.values), ['value', 'min', 'max']);
    assert.deepEqual([s.metrics.data_sent.type, s.metrics.data_sent.contains], ['counter', 'data']);
    assert.deepEqual(s.root_group.checks.map((c) => [c.name, c.path, c.passes, c.fails]), [['is 200', '::is 200', 4, 0]]);
    assert.equal(s.root_group.id, 'd41d8cd98f00b204e9800998ecf8427e', 'md5 of the empty path, as k6');
  });

  it('prints k6\'s text summary when the script has no handleSummary', async () => {
    const f = path.join(tmp.dir, 'plain.js');
    fs.writeFileSync(f, `import http from 'k6/http';\nexport const options = { iterations: 3, thresholds: { http_req_failed: ['rate<0.01'] } };\nexport default function () { http.get(__ENV.BASE_URL + '/x'); }\n`);
    const r = await run(f);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /█ THRESHOLDS[\s\S]*http_req_failed\n {4}✓ 'rate<0\.01' rate=0\.00%/);
    assert.match(r.stdout, /█ TOTAL RESULTS[\s\S]*http_reqs\.+: 3 /);
    // handleSummary replaces it; k6's jslib textSummary brings it back (served locally here).
    fs.writeFileSync(f, `import http from 'k6/http';\nimport { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';\nexport const options = { iterations: 2 };\nexport default function () { http.get(__ENV.BASE_URL + '/x'); }\nexport function handleSummary(data) { return { stdout: textSummary(data, { indent: ' ' }), 'out.json': JSON.stringify(data) }; }\n`);
    const withJslib = await run(f);
    assert.equal(withJslib.code, 0, withJslib.stderr);
    assert.match(withJslib.stdout, /█ TOTAL RESULTS[\s\S]*http_reqs\.+: 2 /);
    assert.ok(fs.existsSync(path.join(tmp.dir, 'out.json')));
  });

  it('exit 99 when a threshold is crossed; with abortOnFail the run stops early', async () => {
    const f = script(`export const options = { vus: 2, duration: '60s', thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] } };
export default function () { http.get(__ENV.BASE_URL + '/fail'); sleep(0.05); }`);
    const started = Date.now();
    const r = await run(f);
    assert.equal(r.code, 99);
    assert.ok(Date.now() - started < 15000, 'aborted long before 60 s');
    assert.match(r.stderr, /thresholds on metrics 'http_req_failed' were crossed; at least one has abortOnFail enabled, stopping test prematurely/);
    assert.equal(summary().metrics.http_req_failed.thresholds!['rate<0.01'].ok, false);
  });

  it('exit 107 with file, line and column for a syntax error; 107 for a throw in setup; 108 for exec.test.abort()', async () => {
    const bad = path.join(tmp.dir, 'bad.js');
    fs.writeFileSync(bad, "import http from 'k6/http';\nexport default function () {\n  http.get('x' +);\n}\n");
    const syntax = await run(bad);
    assert.equal(syntax.code, 107);
    assert.match(syntax.stderr, /level=error msg="SyntaxError: file:\/\/\/.*bad\.js: Unexpected token '\)' \(3:17\)\\n {2}3 \| {3}http\.get\('x' \+\);/);
    const setup = await run(script("export function setup() { throw new Error('no token'); }\nexport default function () {}"));
    assert.equal(setup.code, 107);
    assert.match(setup.stderr, /Error: no token/);
    const aborted = await run(script("export const options = { iterations: 5 };\nexport default function () { http.get(__ENV.BASE_URL + '/a'); exec.test.abort('enough'); }"));
    assert.equal(aborted.code, 108);
    assert.match(aborted.stderr, /test aborted: enough/);
    const config = await run(script("export const options = { scenarios: { a: { executor: 'constant-vuz', duration: '1s' } } };\nexport default function () {}"));
    assert.equal(config.code, 104);
    assert.match(config.stderr, /scenario a: executor \\"constant-vuz\\" is not one the k6 stand-in runs/);
  });

  it('SIGTERM stops the run gracefully: teardown and the summary still run, exit 105', async () => {
    const f = script(`export const options = { vus: 2, duration: '60s' };
export default function () { http.get(__ENV.BASE_URL + '/a'); sleep(0.2); }
export function teardown() { console.log('teardown ran'); }`);
    let pid = 0;
    // The launcher execs node, so the spawned pid is the stand-in itself.
    const done = runK6(['run', '-e', `BASE_URL=${echo.url}`, f], { cwd: tmp.dir, onStart: (p) => (pid = p) });
    const deadline = Date.now() + 15000;
    while (echo.arrived.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    process.kill(pid, 'SIGTERM');
    const r = await done;
    assert.equal(r.code, 105);
    assert.match(r.stderr, /Stopping k6 in response to signal\.\.\." sig=terminated/);
    assert.match(r.stderr, /teardown ran/);
    assert.ok(fs.existsSync(path.join(tmp.dir, 'summary.json')), 'handleSummary ran');
  });
});
