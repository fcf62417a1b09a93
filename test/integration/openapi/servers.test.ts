import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startDemoApi } from '../../../demo-api/server';
import { type EndpointDetail, InputError, refreshServer, registerExternalServer, removeServer } from '../../../src/app/endpoints/servers';
import { targetFromStore } from '../../../src/app/loadtest/operations';
import { forgetCachedSources } from '../../../src/infra/openapi/index';
import { Store } from '../../../src/infra/store/store';
import { makeTempDir } from '../../support/tempDir';
import { minimalDoc, sendJson, startTestServer, type TestServer } from './testServer';

describe('external servers (register, refresh, remove)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let srv: TestServer;
  beforeEach(async () => {
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    srv = await startTestServer();
    forgetCachedSources();
  });
  afterEach(async () => {
    store.close();
    await srv.close();
    tmp.cleanup();
  });

  it('registers by base URL alone (probing), untagged operations under "default"', async () => {
    srv.route('/openapi.json', sendJson(minimalDoc));
    const r = await registerExternalServer(store, { baseUrl: `${srv.url}/` });
    assert.equal(r.server.id, `ext:${new URL(srv.url).host}`);
    assert.equal(r.server.name, 'Minimal');
    assert.equal(r.server.specUrl, `${srv.url}/openapi.json`);
    assert.equal(r.changed, true);
    const eps = store.endpoints.listByServer(r.server.id);
    assert.deepEqual(eps.map((e) => `${e.tag} ${e.method} ${e.path}`), ['health GET /ping']);
    assert.equal(eps[0]!.specHash, r.server.specHash);
  });

  it('a relative server URL in the document: the registered origin gets its path, kept as it is by a refresh', async () => {
    const doc = { ...minimalDoc, servers: [{ url: '/api/v3' }] };
    srv.route('/openapi.json', sendJson(doc));
    const r = await registerExternalServer(store, { baseUrl: `${srv.url}/` });
    assert.equal(r.server.baseUrl, `${srv.url}/api/v3`);
    assert.equal(r.server.id, `ext:${new URL(srv.url).host}`, 'the id still comes from the URL the user gave');
    srv.route('/openapi.json', sendJson({ ...doc, info: { title: 'Changed', version: '2' } }));
    await refreshServer(store, r.server.id);
    assert.equal(store.servers.get(r.server.id)!.baseUrl, `${srv.url}/api/v3`, 'not /api/v3/api/v3');
    const target = await targetFromStore(store, { serverId: r.server.id, method: 'GET', path: '/ping' });
    assert.equal(target.baseUrl, `${srv.url}/api/v3`);
  });

  it('Register Server does not follow a page or a redirect to the cloud metadata address, and says why', async () => {
    srv.route('/docs', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<div id="swagger-ui"></div><script>SwaggerUIBundle({ url: "http://169.254.169.254/latest/meta-data/iam/openapi.json" })</script>'));
    srv.route('/openapi.json', (_req, res) => res.writeHead(302, { location: 'http://[::ffff:169.254.169.254]/openapi.json' }).end());
    for (const specUrl of [`${srv.url}/docs`, `${srv.url}/openapi.json`]) {
      await assert.rejects(registerExternalServer(store, { baseUrl: srv.url, specUrl }), /link-local or cloud-metadata address.*does not follow/s, specUrl);
      const kept = await registerExternalServer(store, { baseUrl: srv.url, specUrl }, { keepOnError: true });
      assert.match(kept.error!, /169\.254\.169\.254|a9fe/);
    }
  });

  it('refresh: an unchanged document is not rewritten, a changed one is, an unreachable one keeps the endpoints with a warning', async () => {
    let doc: Record<string, unknown> = minimalDoc;
    srv.route('/openapi.json', (req, res) => sendJson(doc)(req, res));
    const { server } = await registerExternalServer(store, { baseUrl: srv.url, specUrl: `${srv.url}/openapi.json` });
    const before = store.endpoints.listByServer(server.id);
    const same = await refreshServer(store, server.id);
    assert.equal(same.changed, false);
    assert.equal(same.document, undefined, 'an unchanged document is not parsed again');
    assert.deepEqual(store.endpoints.listByServer(server.id), before);

    doc = { ...minimalDoc, paths: { ...minimalDoc.paths, '/pong': { post: { summary: 'Pong' } } } };
    const changed = await refreshServer(store, server.id);
    assert.equal(changed.changed, true);
    assert.deepEqual(store.endpoints.listByServer(server.id).map((e) => `${e.method} ${e.path}`).sort(), ['GET /ping', 'POST /pong']);

    srv.route('/openapi.json', (_req, res) => res.writeHead(500).end());
    const failed = await refreshServer(store, server.id);
    assert.match(failed.error!, /HTTP 500/);
    assert.match(store.servers.get(server.id)!.warnings[0]!, /^Could not read the OpenAPI document: .*HTTP 500/);
    assert.equal(store.endpoints.listByServer(server.id).length, 2);

    srv.route('/openapi.json', (req, res) => sendJson(doc)(req, res));
    await refreshServer(store, server.id);
    assert.deepEqual(store.servers.get(server.id)!.warnings, []);
  });

  it('refresh notices a one-character change that keeps the length, and re-lists a server stored with an earlier SHA-256 key once', async () => {
    let doc: Record<string, unknown> = { ...minimalDoc, paths: { '/ping': { get: { summary: 'Ping' } } } };
    srv.route('/openapi.json', (req, res) => sendJson(doc)(req, res));
    const { server } = await registerExternalServer(store, { baseUrl: srv.url, specUrl: `${srv.url}/openapi.json` });
    doc = { ...minimalDoc, paths: { '/ping': { get: { summary: 'Pong' } } } };
    const changed = await refreshServer(store, server.id);
    assert.equal(changed.changed, true, 'same length, one letter changed');
    assert.equal(store.endpoints.listByServer(server.id)[0]!.summary, 'Pong');

    // A store written before the key became a CRC-32 holds a SHA-256 hex digest.
    const sha256 = 'a'.repeat(64);
    store.servers.upsert({ ...store.servers.get(server.id)!, specHash: sha256 });
    store.endpoints.replaceForServer(server.id, sha256, store.endpoints.listByServer(server.id));
    const upgraded = await refreshServer(store, server.id);
    assert.equal(upgraded.changed, true, 'listed once more after the upgrade');
    assert.match(store.servers.get(server.id)!.specHash!, /^crc32:/);
    assert.equal((await refreshServer(store, server.id)).changed, false, 'then left alone while unchanged');
  });

  it('keeps a compact resolved view of each operation (parameters, body media types, auth) for the view', async () => {
    const api = await startDemoApi();
    try {
      const { server } = await registerExternalServer(store, { baseUrl: api.url, specUrl: `${api.url}/docs` });
      const detail = (m: string, p: string) => store.endpoints.find(server.id, m, p)!.detail as EndpointDetail;
      assert.deepEqual(detail('GET', '/items/{itemId}').parameters, [{ name: 'itemId', in: 'path', required: true }]);
      assert.deepEqual(detail('POST', '/items').requestBody, { required: true, mediaTypes: ['application/json'] });
      assert.equal(detail('POST', '/items').expectedStatus, 201);
      assert.deepEqual(detail('GET', '/admin/stats').security, [['bearerAuth']]);
      assert.equal(detail('GET', '/health').documentUrl, `${api.url}/openapi.json`);
    } finally {
      await api.close();
    }
  });

  it('a document given as a relative file path is kept as an absolute path (the extension runs elsewhere)', async () => {
    const file = path.resolve(__dirname, '../../fixtures/openapi/corpus/petstore.yaml');
    const r = await registerExternalServer(store, { baseUrl: srv.url, specUrl: path.relative(process.cwd(), file) });
    assert.equal(r.server.specUrl, file);
    const kept = await registerExternalServer(store, { baseUrl: 'http://127.0.0.1:1', specUrl: path.relative(process.cwd(), path.join(tmp.dir, 'later.yaml')) }, { keepOnError: true });
    assert.equal(kept.server.specUrl, path.join(tmp.dir, 'later.yaml'));
  });

  it('keepOnError registers an unreachable server with the reason as a warning', async () => {
    const r = await registerExternalServer(store, { baseUrl: srv.url, specUrl: `${srv.url}/gone.json`, name: 'Later' }, { keepOnError: true });
    assert.match(r.error!, /not found/);
    assert.equal(store.servers.get(r.server.id)!.name, 'Later');
    await assert.rejects(registerExternalServer(store, { baseUrl: srv.url, specUrl: `${srv.url}/gone.json` }), /not found/);
  });

  it('refuses bad input before any request, and removes a server with its endpoints', async () => {
    await assert.rejects(registerExternalServer(store, { baseUrl: 'javascript:alert(1)' }), (e: unknown) => e instanceof InputError && /Only http and https/.test(e.message));
    await assert.rejects(registerExternalServer(store, { baseUrl: 'http://u:p@127.0.0.1/' }), /credentials out of the URL/);
    await assert.rejects(registerExternalServer(store, { baseUrl: srv.url, specUrl: 'data:text/plain,x' }), /not "data:"/);
    assert.equal(srv.hits.size, 0);
    srv.route('/openapi.json', sendJson(minimalDoc));
    const { server } = await registerExternalServer(store, { baseUrl: srv.url });
    assert.equal(removeServer(store, server.id), true);
    assert.equal(store.endpoints.listByServer(server.id).length, 0);
  });
});
