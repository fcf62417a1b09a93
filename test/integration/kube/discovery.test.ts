// Service discovery through the fake API server's service proxy into a real SQLite store:
// the demo API behind a service becomes a cluster server with its endpoints.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { ClusterSession } from '../../../src/app/kube/clusterSession';
import { type DiscoverySettings, ServiceDiscovery } from '../../../src/app/discovery/serviceDiscovery';
import { targetFromStore } from '../../../src/app/loadtest/operations';
import { generateK6Script } from '../../../src/core/k6';
import { scriptBaseUrlDefault } from '../../../src/core/runs/loopbackTarget';
import { LensIndex } from '../../../src/vscode/codelens/lensIndex';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { Store } from '../../../src/infra/store/store';
import { aPod, aService, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { makeTempDir } from '../../support/tempDir';
import { waitUntil } from './waitUntil';

const settings = (over: Partial<DiscoverySettings> = {}): DiscoverySettings => ({
  paths: ['/openapi.json', '/v3/api-docs', '/docs'],
  useNodePort: false,
  nodeAddress: '127.0.0.1',
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  ...over,
});

describe('service discovery (fake API server proxy → store)', () => {
  let fake: FakeKube;
  let demo: DemoApi;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let client: KubeClient;
  let discovery: ServiceDiscovery | undefined;

  beforeEach(async () => {
    fake = await startFakeKube();
    demo = await startDemoApi();
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    const opened = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    client = opened.value;
  });
  afterEach(async () => {
    discovery?.dispose();
    store.close();
    tmp.cleanup();
    await demo.close();
    await fake.close();
  });

  function worker(s = settings()): ServiceDiscovery {
    discovery = new ServiceDiscovery(client, store, () => s, { intervalMs: 60_000 });
    return discovery;
  }

  it('finds the document behind a service port and stores a cluster server named after the service', async () => {
    fake.objects.create('services', aService('demo', { ports: [{ port: 80, name: 'http', targetPort: 8080 }] }));
    fake.objects.create('services', aService('db', { ports: [{ port: 5432, name: 'postgres' }] }));
    fake.objects.create('services', aService('plain', { ports: [{ port: 8080 }] }));
    fake.objects.create('services', aService('down', { ports: [{ port: 80 }] }));
    fake.setProxyHandler('demo', 80, demo.url);
    fake.setProxyHandler('plain', 8080, () => ({ status: 404, body: 'not found' }));
    const w = worker();
    const changed: string[][] = [];
    w.onDidChangeServers((ids) => changed.push(ids));
    assert.equal((await w.runNow()).status, 'published');

    const servers = store.servers.list('cluster');
    assert.deepEqual(servers.map((s) => s.id), ['cluster:test/demo:80']);
    const s = servers[0];
    assert.equal(s.name, 'demo');
    assert.equal(s.baseUrl, 'http://demo.test.svc.cluster.local:80');
    assert.deepEqual([s.namespace, s.service, s.port], ['test', 'demo', 80]);
    assert.equal(s.specUrl, `${fake.url}/api/v1/namespaces/test/services/demo:80/proxy/openapi.json`);
    assert.ok(s.specHash);
    assert.ok(store.endpoints.listByServer(s.id).some((e) => e.method === 'GET'));
    assert.deepEqual(changed, [['cluster:test/demo:80']]);
    assert.ok(!fake.requests.some((r) => r.name?.startsWith('db')), 'the postgres port was not probed');
    const downProbes = fake.requests.filter((r) => r.subresource === 'proxy' && r.name === 'down:80');
    assert.equal(downProbes.length, 1, 'a port without endpoints (503) is asked once per tick, not once per path');
  });

  it('a relative server URL or a Swagger 2.0 basePath without host: the in-cluster URL gets the declared path, lenses match by full path, scripts send there', async () => {
    const petstore = { openapi: '3.0.4', info: { title: 'Petstore', version: '1' }, servers: [{ url: '/api/v3' }], paths: { '/pet/{petId}': { get: { operationId: 'getPetById', parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } } } } };
    const legacy = { swagger: '2.0', info: { title: 'Legacy', version: '1' }, basePath: '/v2/', paths: { '/orders': { post: { operationId: 'placeOrder', responses: { '201': { description: 'created' } } } } } };
    fake.objects.create('services', aService('petstore', { ports: [{ port: 8080, name: 'http' }] }));
    fake.objects.create('services', aService('legacy', { ports: [{ port: 80, name: 'http' }] }));
    fake.setProxyHandler('petstore', 8080, (req) => (req.path === '/openapi.json' ? { body: petstore } : { status: 404, body: 'no' }));
    fake.setProxyHandler('legacy', 80, (req) => (req.path === '/v3/api-docs' ? { body: legacy } : { status: 404, body: 'no' }));
    await worker().runNow();
    const pet = store.servers.get('cluster:test/petstore:8080')!;
    assert.equal(pet.baseUrl, 'http://petstore.test.svc.cluster.local:8080/api/v3');
    assert.equal(store.servers.get('cluster:test/legacy:80')?.baseUrl, 'http://legacy.test.svc.cluster.local:80/v2');
    // A Spring handler at the context path finds its endpoint (parameter names ignored); the bare OpenAPI path is not the route.
    const lenses = new LensIndex(store);
    assert.deepEqual(lenses.endpointsFor('GET', '/api/v3/pet/{id}').map((e) => `${e.serverId} ${e.path}`), ['cluster:test/petstore:8080 /pet/{petId}']);
    assert.deepEqual(lenses.endpointsFor('GET', '/pet/{id}'), []);
    assert.deepEqual(lenses.endpointsFor('POST', '/v2/orders').map((e) => e.operationId), ['placeOrder']);
    // Create Load Test from the Endpoints view: the script's BASE_URL is the full base.
    const target = await targetFromStore(store, { serverId: pet.id, method: 'GET', path: '/pet/{petId}' });
    assert.equal(target.baseUrl, 'http://petstore.test.svc.cluster.local:8080/api/v3');
    assert.equal(scriptBaseUrlDefault(generateK6Script({ operations: target.operations, baseUrl: target.baseUrl, profile: 'smoke' })), 'http://petstore.test.svc.cluster.local:8080/api/v3');
  });

  it('does not rewrite an unchanged document, and asks only the path that worked', async () => {
    fake.objects.create('services', aService('demo'));
    fake.setProxyHandler('demo', 80, demo.url);
    const w = worker(settings({ paths: ['/v3/api-docs', '/openapi.json'] }));
    await w.runNow();
    fake.clearRequests();
    assert.equal((await w.runNow()).status, 'unchanged');
    assert.deepEqual(fake.requests.filter((r) => r.subresource === 'proxy').map((r) => r.path), ['/api/v1/namespaces/test/services/demo:80/proxy/openapi.json']);
  });

  it('removes the server when its service goes, keeps it while the service has no endpoints', async () => {
    fake.objects.create('services', aService('demo'));
    fake.setProxyHandler('demo', 80, demo.url);
    const w = worker();
    await w.runNow();
    fake.setProxyHandler('demo', 80, undefined); // pods restarting: 503 no endpoints
    assert.equal((await w.runNow()).status, 'unchanged');
    assert.equal(store.servers.list('cluster').length, 1);
    fake.objects.delete('services', 'demo');
    assert.equal((await w.runNow()).status, 'published');
    assert.deepEqual(store.servers.list('cluster'), []);
    assert.equal(store.endpoints.listByServer('cluster:test/demo:80').length, 0);
  });

  it('reaches a NodePort directly when configured', async () => {
    fake.objects.create('services', aService('demo', { type: 'NodePort', ports: [{ port: 80, nodePort: demo.port }] }));
    const w = worker(settings({ useNodePort: true }));
    await w.runNow();
    const s = store.servers.get('cluster:test/demo:80');
    assert.equal(s?.specUrl, `${demo.url}/openapi.json`);
    assert.equal(fake.requests.filter((r) => r.subresource === 'proxy').length, 0);
  });

  it('reports a forbidden service list as the tick error and recovers', async () => {
    const undo = fake.deny({ verb: 'list', resource: 'services' });
    const w = worker();
    const outcome = await w.runNow();
    assert.equal(outcome.status, 'failed');
    assert.equal(w.error?.kind, 'forbidden');
    undo();
    assert.notEqual((await w.runNow()).status, 'failed');
    assert.equal(w.error, undefined);
  });
});

describe('ClusterSession (pods, services, metrics and discovery together)', () => {
  let fake: FakeKube;
  let demo: DemoApi;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let session: ClusterSession;

  beforeEach(async () => {
    fake = await startFakeKube();
    demo = await startDemoApi();
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
  });
  afterEach(async () => {
    session?.dispose();
    store.close();
    tmp.cleanup();
    await demo.close();
    await fake.close();
  });

  const open = (over: { namespace?: string; env?: NodeJS.ProcessEnv } = {}) => {
    session = new ClusterSession({ store, env: over.env ?? { KUBECONFIG: fake.kubeconfigPath }, namespace: over.namespace ?? 'test', discovery: () => settings(), discoveryIntervalMs: 60_000, backoff: { initialMs: 5, maxMs: 20 } });
    return session;
  };

  it('shows a pod and a service added after start without a refresh, with usage, and discovers the service', async () => {
    fake.objects.create('pods', aPod('demo-7d9f5', { labels: { app: 'demo' } }));
    const s = open();
    s.setMetricsActive(true);
    await s.start();
    assert.equal(s.status.kind, 'ready');
    await waitUntil(() => s.podSummaries().length === 1, 'the first pod is listed');

    fake.objects.create('pods', aPod('worker-1', { containers: [{ name: 'w', requests: { cpu: '1', memory: '1Gi' } }] }));
    await waitUntil(() => s.podSummaries().length === 2, 'the new pod appears without a refresh');
    assert.equal(s.podSummaries()[1].resources.cpuRequestMillicores, 1000);

    fake.setPodMetrics('demo-7d9f5', [{ name: 'app', cpu: '250m', memory: '128Mi' }]);
    await s.refresh();
    await waitUntil(() => s.podSummaries()[0].usage !== undefined, 'usage arrives');
    assert.deepEqual(s.podSummaries()[0].cpuPercent, { value: 50, of: 'limit' });

    fake.setProxyHandler('demo', 80, demo.url);
    fake.objects.create('services', aService('demo'));
    await waitUntil(() => store.servers.get('cluster:test/demo:80') !== undefined, 'the new service is discovered without a refresh');
    const pod = s.pods().find((p) => p.metadata?.name === 'demo-7d9f5');
    assert.deepEqual(pod && s.serverIdsForPod(pod), ['cluster:test/demo:80']);
  });

  it('says metrics-server not found when metrics.k8s.io is absent', async () => {
    fake.setMetricsServer(false);
    const s = open();
    s.setMetricsActive(true);
    await s.start();
    await waitUntil(() => s.metrics?.error !== undefined, 'the metrics read failed');
    assert.equal(s.metrics?.error?.kind, 'metrics-unavailable');
  });

  it('explains a missing namespace, missing permissions and a missing kubeconfig', async () => {
    await open({ namespace: 'ghost' }).start();
    assert.equal(session.status.kind === 'error' && session.status.error.kind, 'namespace-missing');
    session.dispose();

    fake.deny({ verb: 'watch', resource: 'pods' });
    await open().start();
    assert.equal(session.status.kind === 'error' && session.status.error.kind, 'forbidden');
    assert.match(session.status.kind === 'error' ? session.status.error.message : '', /Not allowed to watch pods in namespace "test"/);
    session.dispose();

    await open({ env: { KUBECONFIG: path.join(tmp.dir, 'none') } }).start();
    assert.equal(session.status.kind === 'error' && session.status.error.kind, 'no-kubeconfig');
  });
});
