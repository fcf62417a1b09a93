import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { Store } from '../../../src/infra/store/store';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';
import { redirectTo, startTestServer, type TestServer } from './testServer';

const fixtures = path.resolve(__dirname, '../../fixtures/openapi');

describe('metric-vault openapi', () => {
  let api: DemoApi;
  let srv: TestServer;
  before(async () => {
    api = await startDemoApi();
    srv = await startTestServer();
  });
  after(async () => {
    await api.close();
    await srv.close();
  });

  it('prints the endpoint list of a Swagger UI page as JSON', async () => {
    const r = await runCli(['openapi', `${api.url}/docs`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { endpoints: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(out), ['title', 'version', 'specVersion', 'strategy', 'warnings', 'endpoints']);
    assert.equal(out.strategy, 'swagger-ui');
    assert.deepEqual(out.endpoints.find((e) => e.operationId === 'greet'), { method: 'GET', path: '/greetings', operationId: 'greet', tags: ['greetings'], summary: '한국어 인사말 (a Korean greeting)' });
  });

  it('lists the Kubernetes document with its warning, and Stripe, as JSON', async () => {
    const k8s = JSON.parse((await runCli(['openapi', path.join(fixtures, 'corpus/kubernetes-1.12.swagger.json'), '--json'])).stdout) as { endpoints: unknown[]; warnings: string[]; specVersion: string };
    assert.equal(k8s.endpoints.length, 826);
    assert.equal(k8s.specVersion, '2.0');
    assert.match(k8s.warnings[0]!, /176 operationIds/);
    const stripe = JSON.parse((await runCli(['openapi', path.join(fixtures, 'corpus/stripe-2022-04-12.spec3.json'), '--json'])).stdout) as { endpoints: unknown[] };
    assert.equal(stripe.endpoints.length, 417);
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli(['openapi', path.join(fixtures, 'corpus/v2-petstore.json')]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Swagger Petstore 1\.0\.0$/m);
    assert.match(r.stdout, /^METHOD\s+PATH\s+OPERATION\s+TAGS\s+SUMMARY$/m);
    assert.match(r.stdout, /^GET\s+\/pets\/\{petId\}\s+showPetById\s+pets\s+Info for a specific pet$/m);
    assert.match(r.stdout, /^3 operations\.$/m);
  });

  it('shows terminal escape sequences from a document as text, never sends them to the terminal', async () => {
    const esc = '\u001b]0;owned\u0007\u001b[2J';
    srv.route('/esc.json', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ openapi: '3.0.3', info: { title: `T${esc}`, version: '1' }, paths: { [`/a${esc}`]: { get: { operationId: `op${esc}`, tags: [`t${esc}`], summary: `s${esc}` } } } })),
    );
    const r = await runCli(['openapi', `${srv.url}/esc.json`]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), r.stdout);
    assert.match(r.stdout, /^T\ufffd\]0;owned\ufffd\ufffd\[2J 1$/m);
    srv.route('/v.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ openapi: `9${esc}` })));
    const bad = await runCli(['openapi', `${srv.url}/v.json`]);
    assert.equal(bad.code, 2);
    assert.ok(!bad.stderr.includes('\u001b') && !bad.stderr.includes('\u0007'), bad.stderr);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['invalid JSON', () => [path.join(fixtures, 'hostile/invalid.json')], /is not valid JSON/],
    ['invalid YAML', () => [path.join(fixtures, 'hostile/invalid.yaml')], /is not valid YAML/],
    ['an alias bomb', () => [path.join(fixtures, 'hostile/alias-bomb.yaml')], /alias bomb/],
    ['a 404', () => [`${api.url}/nope.json`], /was not found \(HTTP 404\)/],
    ['a redirect loop', () => [`${srv.url}/loop`], /redirected more than 5 times/],
    ['a non-http scheme', () => ['ftp://127.0.0.1/x.json'], /Only http, https and file/],
    ['a document over --max-mb', () => [path.join(fixtures, 'corpus/stripe-2022-04-12.spec3.json'), '--max-mb', '1'], /larger than the limit of 1 MB/],
    ['an HTML page that is not Swagger UI', () => [path.join(fixtures, 'hostile/not-swagger.html')], /HTML or XML page/],
    ['a missing file', () => [path.join(fixtures, 'nope.yaml')], /does not exist/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with the reason on ${what}`, async () => {
      srv.route('/loop', redirectTo('/loop'));
      const r = await runCli(['openapi', ...args(), '--json']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^metric-vault openapi: .*${message.source}`));
    });
  }

  it('exits 2 with usage when no source is given', async () => {
    const r = await runCli(['openapi']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give a URL or a file/);
  });
});

describe('metric-vault servers', () => {
  let api: DemoApi;
  let tmp: ReturnType<typeof makeTempDir>;
  before(async () => (api = await startDemoApi()));
  after(() => api.close());
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('adds the demo API by its Swagger UI URL into the database the extension reads, lists and removes it', async () => {
    const db = path.join(tmp.dir, 'mv.db');
    const add = await runCli(['servers', 'add', '--url', api.url, '--spec', `${api.url}/docs`, '--name', 'Demo API', '--db', db, '--json']);
    assert.equal(add.code, 0, add.stderr);
    const added = JSON.parse(add.stdout) as { server: { id: string; name: string; specUrl: string }; operations: number };
    assert.equal(added.server.name, 'Demo API');
    assert.equal(added.operations, 17);
    const { store } = Store.open(db);
    try {
      const rows = store.endpoints.listByServer(added.server.id);
      assert.deepEqual([...new Set(rows.map((r) => r.tag))].sort(), ['admin', 'chaos', 'default', 'echo', 'greetings', 'items']);
    } finally {
      store.close();
    }
    const list = await runCli(['servers', 'list', '--db', db]);
    assert.match(list.stdout, new RegExp(`^${added.server.id.replace(/[.]/g, '\\.')}\\s+external\\s+Demo API\\s+${api.url.replace(/[.]/g, '\\.')}\\s+17\\s+0$`, 'm'));
    const refresh = await runCli(['servers', 'refresh', added.server.id, '--db', db]);
    assert.match(refresh.stdout, /unchanged/);
    const rm = await runCli(['servers', 'remove', added.server.id, '--db', db]);
    assert.equal(rm.code, 0);
    assert.deepEqual(JSON.parse((await runCli(['servers', 'list', '--db', db, '--json'])).stdout), []);
  });

  it('refuses a bad base URL and an unreadable document with exit 2', async () => {
    const db = path.join(tmp.dir, 'mv.db');
    const bad = await runCli(['servers', 'add', '--url', 'ftp://x', '--db', db]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Only http and https servers/);
    const unreadable = await runCli(['servers', 'add', '--url', api.url, '--spec', `${api.url}/nope.json`, '--db', db]);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /not found \(HTTP 404\)/);
    assert.equal((await runCli(['servers', 'remove', 'ext:nope', '--db', db])).code, 2);
  });
});
