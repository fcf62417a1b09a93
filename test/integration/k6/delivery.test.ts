// Generated scripts run in Node with the k6 stand-in (test/support/k6shim) against the demo
// API and a recording echo server: what arrives — method, request-target, headers, body
// bytes — is exactly what the OpenAPI document says, Korean text included, and a hostile
// document changes nothing but the data.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { generateK6Script } from '../../../src/core/k6';
import type { ResolvedOperation } from '../../../src/core/openapi/model';
import { resolveAllOperations, resolveOperation } from '../../../src/infra/openapi';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6Script } from '../../support/k6shim';

const hostileSpec = path.resolve(__dirname, '../../fixtures/openapi/hostile/hostile-strings.yaml');

describe('generated scripts delivered by the k6 stand-in', function () {
  this.timeout(60000);
  let demo: DemoApi;
  let echo: EchoServer;
  let spec: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>> };
  const specUrl = () => `${demo.url}/openapi.json`;

  before(async () => {
    demo = await startDemoApi({ failRate: 0 });
    echo = await startEchoServer((a) => (a.method === 'POST' ? 201 : a.method === 'DELETE' ? 204 : 200));
    spec = (await (await fetch(specUrl())).json()) as typeof spec;
  });
  after(async () => {
    await echo?.close();
    await demo?.close();
  });
  beforeEach(() => echo.arrived.splice(0));

  const script = async (method: ResolvedOperation['method'], p: string) =>
    generateK6Script({ operations: [await resolveOperation(specUrl(), method, p)], baseUrl: demo.url, profile: 'smoke' });

  it("POST /items: the spec's Korean example arrives byte for byte as JSON, with its Content-Type", async () => {
    const text = await script('POST', '/items');
    const run = await runK6Script(text, { env: { BASE_URL: echo.url } });
    assert.deepEqual(run.errors, []);
    assert.equal(echo.arrived.length, 1);
    const a = echo.arrived[0];
    assert.equal(a.method, 'POST');
    assert.equal(a.target, '/items');
    assert.equal(a.headers['content-type'], 'application/json');
    const example = spec.paths['/items'].post.requestBody?.content['application/json'].example;
    assert.deepEqual(a.body, Buffer.from(JSON.stringify(example), 'utf8'));
    assert.equal(a.body.toString('utf8'), '{"name":"무선 마우스","price":29000,"description":"조용한 클릭 (quiet click)"}');
    assert.equal(a.headers['content-length'], String(a.body.length));
    assert.deepEqual(run.requests[0].tags.name, 'POST /items');
  });

  it("through the demo API's own echo endpoint: same bytes, same SHA-256", async () => {
    const text = await script('POST', '/items');
    const run = await runK6Script(text, { env: { BASE_URL: `${demo.url}/echo` } });
    const echoed = JSON.parse(Buffer.from(run.requests[0].result.body).toString('utf8')) as { method: string; path: string; headers: Record<string, string>; bodyHex: string };
    const expected = Buffer.from(JSON.stringify(spec.paths['/items'].post.requestBody?.content['application/json'].example), 'utf8');
    assert.equal(echoed.method, 'POST');
    assert.equal(echoed.path, '/echo/items');
    assert.equal(echoed.headers['content-type'], 'application/json');
    assert.equal(echoed.bodyHex, expected.toString('hex'));
  });

  it('against the demo API itself: the status check passes and every metric carries the endpoint name', async () => {
    const run = await runK6Script(await script('POST', '/items'));
    assert.deepEqual(run.checks.map((c) => [c.name, c.passed, c.tags.name]), [['status is 201', true, 'POST /items']]);
    const names = new Set(run.samples.filter((s) => s.metric.startsWith('http_req')).map((s) => s.tags.name));
    assert.deepEqual([...names], ['POST /items']);
    assert.ok(run.thresholds.every((t) => t.ok), JSON.stringify(run.thresholds));
    const summary = JSON.parse(run.files['summary.json']) as { metrics: Record<string, { values: Record<string, number> }> };
    assert.equal(summary.metrics.http_reqs.values.count, 1);
    // k6's default text summary on stdout, its thresholds judged.
    assert.match(run.files.stdout, /\n {4}http_req_failed\n {4}✓ 'rate<[\d.]+' rate=0\.00%\n/);
    assert.match(run.files.stdout, /\n {4}http_reqs\.+: 1 +[\d.]+\/s\n/);
  });

  it('GET /greetings?name=지민 and GET /items/{itemId}: query and path values URL-encoded at run time', async () => {
    await runK6Script(await script('GET', '/greetings'), { env: { BASE_URL: echo.url } });
    await runK6Script(await script('GET', '/items/{itemId}'), { env: { BASE_URL: echo.url } });
    assert.deepEqual(echo.arrived.map((a) => [a.method, a.target, a.body.length]), [
      ['GET', `/greetings?name=${encodeURIComponent('지민')}`, 0],
      ['GET', '/items/1', 0],
    ]);
    const run = await runK6Script(await script('GET', '/greetings'));
    assert.deepEqual(JSON.parse(Buffer.from(run.requests[0].result.body).toString('utf8')), { message: '안녕하세요, 지민님!', lang: 'ko' });
  });

  it('authenticates from API_TOKEN only; the script itself holds no token', async () => {
    const text = await script('GET', '/admin/stats');
    assert.doesNotMatch(text, /demo-token/);
    const withToken = await runK6Script(text, { env: { API_TOKEN: 'demo-token' } });
    assert.deepEqual(withToken.checks.map((c) => c.passed), [true]);
    assert.equal(withToken.requests[0].headers.Authorization, 'Bearer demo-token');
    const without = await runK6Script(text);
    assert.equal(without.requests[0].result.status, 401);
    assert.equal(without.requests[0].headers.Authorization, undefined);
    assert.deepEqual(without.checks.map((c) => c.passed), [false]);
  });

  it("a whole tag: one scenario per endpoint, each sends its own request", async () => {
    const ops = (await resolveAllOperations(specUrl())).filter((o) => o.tags.includes('items') && !o.deprecated);
    const text = generateK6Script({ operations: ops, baseUrl: demo.url, profile: 'average' });
    const run = await runK6Script(text, { env: { BASE_URL: echo.url } });
    assert.deepEqual(run.errors, []);
    assert.deepEqual(
      run.requests.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.tags.name} ${r.tags.scenario}`),
      ops.map((o, i) => `${o.method} ${o.path.replace('{itemId}', '1')} ${o.method} ${o.path} endpoint_${i + 1}`),
    );
    assert.ok(run.checks.every((c) => c.passed));
  });

  it('a hostile document (quotes, backticks, ${, */, newlines, </script>) changes nothing but the data', async () => {
    const ops = await resolveAllOperations(hostileSpec);
    const get = ops.find((o) => o.method === 'GET');
    const post = ops.find((o) => o.method === 'POST');
    assert.ok(get && post);
    for (const op of [get, post]) {
      const run = await runK6Script(generateK6Script({ operations: [op], baseUrl: 'http://127.0.0.1:1/base', profile: 'smoke' }), { env: { BASE_URL: echo.url } });
      assert.deepEqual(run.errors, []);
      assert.deepEqual(run.logs, []);
    }
    const [g, p] = echo.arrived;
    assert.equal(g.method, 'GET');
    // The path template is `/items/{id}'"\``: its variable is `id` (the declared `id'"\`` matches
    // no template variable, so `id` gets the default 1) and `'"\`` is literal path text.
    assert.equal(g.target, `/items/1'%22%60?q=${encodeURIComponent('$(touch /tmp/pwned) `id` ${HOME}')}`);
    assert.equal(p.method, 'POST');
    assert.deepEqual(p.body, Buffer.from(JSON.stringify({ text: 'it\'s "quoted" `tick` ${x} */ </script>\n', 한글: '안녕하세요' }), 'utf8'));
  });

  it('line separators, lone special characters and path-breaking values arrive intact', async () => {
    const weird = "a/b?c#d%e f'\"`${x}`*/\u2028\u2029</script>한글";
    const op: ResolvedOperation = {
      method: 'PATCH',
      path: '/things/{id}',
      tags: [],
      deprecated: false,
      parameters: [
        { name: 'id', in: 'path', required: true, example: weird },
        { name: 'q', in: 'query', required: true, example: [weird, '2'] },
        // Not an HTTP token: left out of the request (listed under `skipped` in the script).
        { name: weird, in: 'query', required: true, example: weird },
        { name: 'X-Weird', in: 'header', required: true, example: "'\"`${x}`*/ </script>" },
      ],
      requestBody: { required: true, contents: [{ mediaType: 'application/merge-patch+json', example: { [weird]: weird, list: [weird, 1, null, true] } }] },
      security: [[{ name: 'k', type: 'apiKey', in: 'query', paramName: 'api_key' }]],
      expectedStatus: 200,
    };
    const text = generateK6Script({ operations: [op], baseUrl: echo.url, profile: 'smoke' });
    const run = await runK6Script(text, { env: { API_TOKEN: 'tok/en&=' } });
    assert.deepEqual(run.errors, []);
    const a = echo.arrived[0];
    const e = encodeURIComponent;
    assert.equal(a.target, `/things/${e(weird)}?q=${e(weird)}&q=2&api_key=${e('tok/en&=')}`);
    assert.equal(a.headers['x-weird'], "'\"`${x}`*/ </script>");
    assert.equal(a.headers['content-type'], 'application/merge-patch+json');
    assert.deepEqual(a.body, Buffer.from(JSON.stringify({ [weird]: weird, list: [weird, 1, null, true] }), 'utf8'));
  });
});
