// The k6 stand-in itself must behave like k6 for what scripts use: synchronous HTTP with
// k6's body encodings and header names, tags in metrics, checks, groups, setup data, open(),
// __ENV, k6/execution, handleSummary and thresholds.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { hostAllowed } from '../../support/fakeK6/engine/httpClient.mjs';
import { runK6Script } from '../../support/k6shim';

const scriptPath = path.resolve(__dirname, '../../fixtures/k6/script.js');

describe('the k6 stand-in', function () {
  this.timeout(30000);
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer((a) => (a.target.startsWith('/fail') ? 500 : 200));
  });
  after(() => echo?.close());
  beforeEach(() => echo.arrived.splice(0));

  it('runs init, setup, the default function and handleSummary, with __ENV, open() and k6/execution', async () => {
    const run = await runK6Script(
      `import http from 'k6/http';
import { check, group } from 'k6';
import exec from 'k6/execution';
const csv = open('./items.csv');
export const options = { thresholds: { http_req_failed: ['rate<0.01'], 'http_req_duration{name:items}': ['p(95)<5000'] } };
export function setup() { return { first: csv.split('\\n')[1] }; }
export default function (data) {
  group('shop', () => {
    const res = http.get(__ENV.BASE_URL + '/items', { tags: { name: 'items' } });
    check(res, { 'is 200': (r) => r.status === 200, 'echoes the path': (r) => r.json('path') === '/items' });
  });
  console.log(data.first, exec.scenario.name, __VU, __ITER);
}
export function handleSummary(d) { return { 'out.json': JSON.stringify(d.metrics.http_reqs.values) }; }
`,
      { env: { BASE_URL: echo.url }, scriptPath, iterations: 2 },
    );
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.logs.map((l) => l.text), ['키보드,45000 default 1 0', '키보드,45000 default 1 1']);
    assert.deepEqual(run.checks.map((c) => [c.name, c.passed, c.tags.group]), [['is 200', true, '::shop'], ['echoes the path', true, '::shop'], ['is 200', true, '::shop'], ['echoes the path', true, '::shop']]);
    assert.deepEqual(JSON.parse(run.files['out.json']).count, 2);
    assert.ok(run.thresholds.every((t) => t.ok));
    assert.equal(run.samples.filter((s) => s.metric === 'http_reqs' && s.tags.name === 'items' && s.tags.group === '::shop').length, 2);
  });

  it('encodes bodies like k6: strings as UTF-8, objects as sorted form fields, http.file as multipart; canonical header names', async () => {
    const run = await runK6Script(
      `import http from 'k6/http';
export default function () {
  http.post(__ENV.BASE_URL + '/s', '한글 ✓', { headers: { 'x-custom-header': 'v' } });
  http.post(__ENV.BASE_URL + '/o', { b: 'two words', a: '한 & =' });
  http.post(__ENV.BASE_URL + '/m', { field: 'x', upload: http.file('bytes', 'f.txt', 'text/plain') });
  http.put(__ENV.BASE_URL + '/e');
}`,
      { env: { BASE_URL: echo.url } },
    );
    assert.deepEqual(run.errors, []);
    const [s, o, m, e] = echo.arrived;
    assert.deepEqual(s.body, Buffer.from('한글 ✓', 'utf8'));
    assert.ok(s.rawHeaders.some(([k, v]) => k === 'X-Custom-Header' && v === 'v'), 'Go canonicalizes header names');
    assert.equal(s.headers['content-length'], String(Buffer.byteLength('한글 ✓')));
    assert.equal(o.body.toString(), 'a=%ED%95%9C+%26+%3D&b=two+words');
    assert.equal(o.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.match(m.headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.match(m.body.toString(), /name="upload"; filename="f.txt"\r\nContent-Type: text\/plain\r\n\r\nbytes\r\n/);
    assert.equal(e.headers['content-length'], '0', 'an empty PUT says Content-Length: 0, as Go does');
  });

  it('batch runs requests together and returns responses in order; a refused connection is status 0 with an error', async () => {
    const run = await runK6Script(
      `import http from 'k6/http';
export default function () {
  const [a, b] = http.batch([['GET', __ENV.BASE_URL + '/a', null, { tags: { name: 'A' } }], { method: 'GET', url: __ENV.BASE_URL + '/fail' }]);
  const dead = http.get('http://127.0.0.1:1/');
  console.log(a.status, b.status, dead.status, dead.error_code, dead.error !== '');
}`,
      { env: { BASE_URL: echo.url } },
    );
    assert.deepEqual(run.logs.map((l) => l.text), ['200 500 0 1212 true']);
    const failed = run.samples.filter((s) => s.metric === 'http_req_failed').map((s) => [s.tags.name, s.value]);
    assert.deepEqual(failed, [['A', 0], [`${echo.url}/fail`, 1], ['http://127.0.0.1:1/', 1]]);
  });

  it('runs each scenario through its exec function, records iteration errors and evaluates failing thresholds', async () => {
    const run = await runK6Script(
      `import http from 'k6/http';
import { fail } from 'k6';
export const options = {
  scenarios: { one: { executor: 'constant-vus', exec: 'first', duration: '1s' }, two: { executor: 'constant-vus', exec: 'second', duration: '1s' } },
  thresholds: { http_req_failed: ['rate<0.01'] },
};
export function first() { http.get(__ENV.BASE_URL + '/fail'); }
export function second() { fail('boom'); }`,
      { env: { BASE_URL: echo.url } },
    );
    assert.deepEqual(run.errors.map((e) => [e.scenario, e.message]), [['two', 'boom']]);
    assert.deepEqual(run.requests.map((r) => r.tags.scenario), ['one']);
    assert.deepEqual(run.thresholds.map((t) => [t.metric, t.ok]), [['http_req_failed', false]]);
  });

  it('sends nothing beyond loopback unless K6_STANDIN_ALLOW_HOSTS lists the host (network-namespace test hosts)', async () => {
    const run = await runK6Script(
      `import http from 'k6/http';
export default function () {
  const r = http.get('http://192.0.2.10:8080/x');
  console.log(r.status, r.error);
}`,
    );
    assert.deepEqual(run.logs.map((l) => l.text), ['0 the k6 stand-in only sends to loopback addresses (and K6_STANDIN_ALLOW_HOSTS): 192.0.2.10 is neither']);
    assert.equal(run.samples.find((s) => s.metric === 'http_req_failed')?.value, 1, 'k6 counts it as a failed request');
    assert.deepEqual(
      ['127.0.0.1', '127.5.5.5', 'localhost', '::1', '[::1]', '10.0.0.1', 'example.com'].map((h) => hostAllowed(h, '')),
      [true, true, true, true, true, false, false],
    );
    assert.deepEqual(['10.200.1.2', '10.201.0.1', 'svc.test'].map((h) => hostAllowed(h, '10.200.0.0/16, svc.test')), [true, false, true]);
  });

  it('reports a script that does not load', async () => {
    await assert.rejects(runK6Script('export default function ( {'), /the script failed \(exit 107\): .*SyntaxError: file:.*k6shim-script.js: Unexpected end of input \(1:28\)/);
  });
});
