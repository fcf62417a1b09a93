// The user's cluster credentials go only to the service-proxy path of the service being read.
// A hostile workload in the namespace serves Swagger UI pages and redirects that name other
// paths of the API server (the Secrets API, another service's proxy) or the cloud metadata
// address; discovery and Create Load Test must read the service's own document and nothing else.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { type DiscoverySettings, ServiceDiscovery, clusterServerId } from '../../../src/app/discovery/serviceDiscovery';
import { targetFromStore } from '../../../src/app/loadtest/operations';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { analyzeOpenApiWithStrategy, forgetCachedSources, OpenApiError } from '../../../src/infra/openapi/index';
import { Store } from '../../../src/infra/store/store';
import { aService, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { makeTempDir } from '../../support/tempDir';

const settings: DiscoverySettings = { paths: ['/docs'], useNodePort: false, nodeAddress: '127.0.0.1', timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 };

/** A Swagger UI page whose configuration names `url`, as swagger-initializer.js writes it. */
const swaggerPage = (url: string) => ({
  headers: { 'content-type': 'text/html' },
  body: `<!DOCTYPE html><html><body><div id="swagger-ui"></div><script>window.onload = () => { window.ui = SwaggerUIBundle({ url: "${url}", dom_id: '#swagger-ui' }); };</script></body></html>`,
});

describe('cluster credentials stay in the service proxy path of the service being read', () => {
  let fake: FakeKube;
  let demo: DemoApi;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let client: KubeClient;
  let discovery: ServiceDiscovery | undefined;

  beforeEach(async () => {
    forgetCachedSources();
    fake = await startFakeKube();
    demo = await startDemoApi();
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    const opened = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    client = opened.value;
    fake.objects.create('services', aService('evil', { ports: [{ port: 80, targetPort: 8080 }] }));
    fake.objects.create('services', aService('shop', { ports: [{ port: 80, targetPort: 8080 }] }));
    fake.setProxyHandler('shop', 80, demo.url);
  });
  afterEach(async () => {
    discovery?.dispose();
    store.close();
    tmp.cleanup();
    await demo.close();
    await fake.close();
  });

  let refused: string[] = [];
  async function discover(): Promise<ReturnType<typeof store.servers.get>> {
    refused = [];
    discovery = new ServiceDiscovery(client, store, () => settings, { intervalMs: 60_000, onRefused: (id, message) => refused.push(`${id}: ${message}`) });
    await discovery.runNow();
    return store.servers.get(clusterServerId('test', 'evil', 80));
  }

  /** Requests that reached the API server outside the two services' proxies. */
  const strayRequests = () => fake.requests.filter((r) => !/\/services\/(evil|shop):80\/proxy\//.test(r.path) && !/\/services$/.test(r.path) && r.path !== '/api/v1/namespaces/test/services');

  it('does not follow a page naming the Secrets API on the API server', async () => {
    fake.setProxyHandler('evil', 80, () => swaggerPage('/api/v1/namespaces/test/secrets'));
    assert.equal(await discover(), undefined);
    assert.deepEqual(strayRequests().map((r) => r.path), []);
    assert.ok(!fake.requests.some((r) => r.path.includes('/secrets')));
    assert.match(refused.join('\n'), /cluster:test\/evil:80: .*\/api\/v1\/namespaces\/test\/secrets is on the same server as .* but outside it/, 'the log says why');
  });

  it("does not read another service's proxy path that a page names, nor send the token there", async () => {
    fake.setProxyHandler('evil', 80, () => swaggerPage('/api/v1/namespaces/test/services/shop:80/proxy/openapi.json'));
    assert.equal(await discover(), undefined, 'the hostile service must not be registered with the other service’s document');
    assert.ok(!fake.requests.some((r) => r.path.endsWith('/services/shop:80/proxy/openapi.json')), 'shop’s document was not read through its proxy');
    const source = `${client.serviceProxyUrl('evil', 80, '/docs')}`;
    await assert.rejects(
      analyzeOpenApiWithStrategy(source, { credentials: await client.serviceProxyCredentials('evil', 80) }),
      (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /outside it.*credentials are only sent under that path/s.test(e.message),
    );
  });

  it('refuses an absolute redirect to the API server outside the proxy path', async () => {
    fake.setProxyHandler('evil', 80, () => ({ status: 302, headers: { location: `${fake.url}/api/v1/namespaces/test/secrets` } }));
    assert.equal(await discover(), undefined);
    assert.ok(!fake.requests.some((r) => r.path.includes('/secrets')));
  });

  it('never follows a page or a redirect to the cloud metadata address, and says why', async () => {
    const credentials = await client.serviceProxyCredentials('evil', 80);
    const source = client.serviceProxyUrl('evil', 80, '/docs');
    for (const target of ['http://169.254.169.254/latest/meta-data/openapi.json', 'http://[::ffff:169.254.169.254]/openapi.json', 'http://[fd00:ec2::254]/openapi.json', 'http://2852039166/openapi.json']) {
      forgetCachedSources();
      fake.setProxyHandler('evil', 80, () => swaggerPage(target));
      await assert.rejects(analyzeOpenApiWithStrategy(source, { credentials }), (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /link-local or cloud-metadata/.test(e.message), target);
      forgetCachedSources();
      fake.setProxyHandler('evil', 80, () => ({ status: 307, headers: { location: target } }));
      await assert.rejects(analyzeOpenApiWithStrategy(source, { credentials }), (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /link-local or cloud-metadata/.test(e.message), target);
    }
  });

  it("reads a legitimate service's page and document through its proxy with the token and the cluster CA", async () => {
    fake.setProxyHandler('evil', 80, (req) => (req.path === '/openapi.json' ? { body: { openapi: '3.0.3', info: { title: 'Evil', version: '1' }, paths: { '/x': { get: {} } } } } : swaggerPage('/api/v1/namespaces/test/services/evil:80/proxy/openapi.json')));
    const server = await discover();
    assert.equal(server?.specUrl, client.serviceProxyUrl('evil', 80, '/openapi.json'));
  });

  it('Create Load Test reads a discovered service’s spec through the proxy the way discovery did (no self-signed certificate error)', async () => {
    discovery = new ServiceDiscovery(client, store, () => ({ ...settings, paths: ['/openapi.json'] }), { intervalMs: 60_000 });
    await discovery.runNow();
    const id = clusterServerId('test', 'shop', 80);
    assert.ok(store.servers.get(id), 'discovered through the proxy');
    forgetCachedSources();
    const withoutCredentials = await targetFromStore(store, { serverId: id, method: 'GET', path: '/items/{itemId}' });
    assert.match(withoutCredentials.warning ?? '', /self-signed certificate|certificate/i, 'a read without the cluster’s CA fails, which is the bug this guards');
    forgetCachedSources();
    const target = await targetFromStore(store, { serverId: id, method: 'GET', path: '/items/{itemId}' }, { credentials: await client.serviceProxyCredentials('shop', 80) });
    assert.equal(target.warning, undefined);
    assert.equal(target.operations[0]!.parameters.some((p) => p.name === 'itemId' && p.in === 'path'), true);
  });
});
