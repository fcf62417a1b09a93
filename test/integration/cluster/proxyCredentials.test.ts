// The user's cluster credentials go only to the service-proxy path of the service being read, on
// the real API server. A hostile workload (a scripted test host in the netns behind a real
// Service) serves Swagger UI pages and redirects that name other paths of the API server (the
// Secrets API, another service's proxy) or the cloud metadata address; discovery and Create Load
// Test must read the service's own document and nothing else. Discovery runs as a ServiceAccount
// whose every request the API server audits, so "nothing else" is what the server saw.
import { strict as assert } from 'node:assert';
import { demoOpenApi } from '../../../demo-api/openapi';
import { clusterServerId, type DiscoverySettings, ServiceDiscovery } from '../../../src/app/discovery/serviceDiscovery';
import { targetFromStore } from '../../../src/app/loadtest/operations';
import { analyzeOpenApiWithStrategy, forgetCachedSources, OpenApiError } from '../../../src/infra/openapi/index';
import { type DiscoveryBench, openDiscoveryBench } from '../../support/clusterDiscovery';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import type { ScriptedAnswer } from '../../support/scriptedHost/main';
import { testHostUnavailable } from '../../support/netnsTestHost';
import { waitUntilAsync } from '../../support/waitUntilAsync';

const settings: DiscoverySettings = { paths: ['/docs'], useNodePort: false, nodeAddress: '127.0.0.1', timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 };
const [evilPort, shopPort] = [18097, 18098];

/** A Swagger UI page whose configuration names `url`, as swagger-initializer.js writes it. */
const swaggerPage = (url: string): ScriptedAnswer => ({
  headers: { 'content-type': 'text/html' },
  body: `<!DOCTYPE html><html><body><div id="swagger-ui"></div><script>window.onload = () => { window.ui = SwaggerUIBundle({ url: "${url}", dom_id: '#swagger-ui' }); };</script></body></html>`,
});

describe('cluster credentials stay in the service proxy path of the service being read (real API server)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let bench: DiscoveryBench;
  let discovery: ServiceDiscovery | undefined;
  const suffix = Date.now().toString(36);
  let n = 0;
  let evil = '';
  let shop = '';
  let hostSeen = 0;
  before(async function () {
    cluster = await useLocalCluster(this);
    const why = testHostUnavailable();
    if (why) {
      process.stderr.write(`      skipped: ${why}\n`);
      this.skip();
    }
  });
  beforeEach(async () => {
    forgetCachedSources();
    const id = `${suffix}${++n}`;
    [evil, shop] = [`evil-${id}`, `shop-${id}`];
    bench = await openDiscoveryBench(cluster, `mv-creds-${id}`, [evilPort, shopPort]);
    await bench.service(evil, [{ port: 80, targetPort: evilPort }]);
    await bench.service(shop, [{ port: 80, targetPort: shopPort }]);
    serve(() => ({ status: 404, body: 'not yet' }));
    await waitUntilAsync(async () => {
      const r = await bench.client.proxyGet(shop, 80, '/openapi.json');
      return r.ok && r.value.status === 200;
    }, 'the proxy reaches both services');
    bench.mark();
    hostSeen = bench.host.requests().length;
  });
  afterEach(async () => {
    discovery?.dispose();
    discovery = undefined;
    await bench?.close();
  });

  /** evil answers `/docs` with `docs` (and /openapi.json with `doc`); shop serves the demo API's document. */
  function serve(docs: () => ScriptedAnswer, doc?: ScriptedAnswer): void {
    bench.host.set({ [evilPort]: { '/docs': docs(), ...(doc ? { '/openapi.json': doc } : {}) }, [shopPort]: { '/openapi.json': { body: demoOpenApi('/') } } });
  }

  let refused: string[] = [];
  async function discover(): Promise<ReturnType<typeof bench.store.servers.get>> {
    refused = [];
    discovery = new ServiceDiscovery(bench.client, bench.store, () => settings, { intervalMs: 60_000, onRefused: (id, message) => refused.push(`${id}: ${message}`) });
    await discovery.runNow();
    return bench.store.servers.get(clusterServerId('test', evil, 80));
  }

  /** Requests the API server got from discovery outside the two services' proxies and the services list. */
  const strayRequests = () => bench.audited().filter((r) => !new RegExp(`/services/(${evil}|${shop}):80/proxy/`).test(r) && !/^(list|watch) \/api\/v1\/namespaces\/test\/services[?\s]/.test(r));

  it('does not follow a page naming the Secrets API on the API server', async () => {
    serve(() => swaggerPage('/api/v1/namespaces/test/secrets'));
    assert.equal(await discover(), undefined);
    assert.deepEqual(strayRequests(), []);
    assert.ok(!bench.audited().some((r) => r.includes('/secrets')), bench.audited().join('\n'));
    assert.match(refused.join('\n'), new RegExp(`cluster:test/${evil}:80: .*/api/v1/namespaces/test/secrets is on the same server as .* but outside it`), 'the log says why');
  });

  it("does not read another service's proxy path that a page names, nor send the token there", async () => {
    serve(() => swaggerPage(`/api/v1/namespaces/test/services/${shop}:80/proxy/openapi.json`));
    assert.equal(await discover(), undefined, 'the hostile service must not be registered with the other service’s document');
    assert.ok(!bench.audited().some((r) => r.includes(`/services/${shop}:80/proxy/openapi.json`)), 'shop’s document was not read through its proxy');
    assert.ok(!bench.host.requests().slice(hostSeen).some((r) => r === `${shopPort} GET /openapi.json`), 'shop never saw the request');
    const source = bench.client.serviceProxyUrl(evil, 80, '/docs');
    await assert.rejects(
      analyzeOpenApiWithStrategy(source, { credentials: await bench.client.serviceProxyCredentials(evil, 80) }),
      (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /outside it.*credentials are only sent under that path/s.test(e.message),
    );
  });

  it('an absolute redirect to the API server outside the proxy path never reaches the Secrets API', async () => {
    serve(() => ({ status: 302, headers: { location: `${bench.client.server}/api/v1/namespaces/test/secrets` } }));
    assert.equal(await discover(), undefined);
    // The real API server rewrites the Location into the service's own proxy path, so at most the
    // hostile service itself is asked (and answers 404); the Secrets API is never asked.
    assert.ok(!bench.audited().some((r) => r.split(' ')[1].startsWith('/api/v1/namespaces/test/secrets')), bench.audited().join('\n'));
    assert.deepEqual(strayRequests(), []);
  });

  it('never follows a page or a redirect to the cloud metadata address, and says why', async () => {
    const credentials = await bench.client.serviceProxyCredentials(evil, 80);
    const source = bench.client.serviceProxyUrl(evil, 80, '/docs');
    for (const target of ['http://169.254.169.254/latest/meta-data/openapi.json', 'http://[::ffff:169.254.169.254]/openapi.json', 'http://[fd00:ec2::254]/openapi.json', 'http://2852039166/openapi.json']) {
      forgetCachedSources();
      serve(() => swaggerPage(target));
      await assert.rejects(analyzeOpenApiWithStrategy(source, { credentials }), (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /link-local or cloud-metadata/.test(e.message), target);
      forgetCachedSources();
      serve(() => ({ status: 307, headers: { location: target } }));
      await assert.rejects(analyzeOpenApiWithStrategy(source, { credentials }), (e: unknown) => e instanceof OpenApiError && e.kind === 'refused' && /link-local or cloud-metadata/.test(e.message), target);
    }
  });

  it("reads a legitimate service's page and document through its proxy with the token and the cluster CA", async () => {
    serve(() => swaggerPage(`/api/v1/namespaces/test/services/${evil}:80/proxy/openapi.json`), { body: { openapi: '3.0.3', info: { title: 'Evil', version: '1' }, paths: { '/x': { get: {} } } } });
    const server = await discover();
    assert.equal(server?.specUrl, bench.client.serviceProxyUrl(evil, 80, '/openapi.json'));
    assert.deepEqual(strayRequests(), []);
  });

  it('Create Load Test reads a discovered service’s spec through the proxy the way discovery did (no self-signed certificate error)', async () => {
    serve(() => ({ status: 404, body: 'no' }));
    discovery = new ServiceDiscovery(bench.client, bench.store, () => ({ ...settings, paths: ['/openapi.json'] }), { intervalMs: 60_000 });
    await discovery.runNow();
    const id = clusterServerId('test', shop, 80);
    assert.ok(bench.store.servers.get(id), 'discovered through the proxy');
    forgetCachedSources();
    const withoutCredentials = await targetFromStore(bench.store, { serverId: id, method: 'GET', path: '/items/{itemId}' });
    assert.match(withoutCredentials.warning ?? '', /self-signed certificate|certificate/i, 'a read without the cluster’s CA fails, which is the bug this guards');
    forgetCachedSources();
    const target = await targetFromStore(bench.store, { serverId: id, method: 'GET', path: '/items/{itemId}' }, { credentials: await bench.client.serviceProxyCredentials(shop, 80) });
    assert.equal(target.warning, undefined);
    assert.equal(target.operations[0]!.parameters.some((p) => p.name === 'itemId' && p.in === 'path'), true);
  });
});
