// Service discovery through the real API server's service proxy into a real SQLite store: the
// documents come from a scripted test host in the network namespace behind real Services (a port
// without endpoints gets the API server's own 503); discovery runs as a ServiceAccount whose
// requests the API server audits, so the test sees exactly which paths it asked for.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { demoOpenApi } from '../../../demo-api/openapi';
import { ClusterSession } from '../../../src/app/kube/clusterSession';
import { type DiscoverySettings, ServiceDiscovery } from '../../../src/app/discovery/serviceDiscovery';
import { targetFromStore } from '../../../src/app/loadtest/operations';
import { generateK6Script } from '../../../src/core/k6';
import { scriptBaseUrlDefault } from '../../../src/core/runs/loopbackTarget';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { Store } from '../../../src/infra/store/store';
import { LensIndex } from '../../../src/vscode/codelens/lensIndex';
import { type DiscoveryBench, openDiscoveryBench } from '../../support/clusterDiscovery';
import { type LocalCluster, removeMetricsApi, serviceAccountKubeconfig, useLocalCluster } from '../../support/localCluster';
import { usageAnnotation } from '../../support/metricsServer/index';
import { createTestHostPod, startScriptedHostInNetns, testHostAddress, testHostUnavailable } from '../../support/netnsTestHost';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';
import { waitUntil } from '../kube/waitUntil';

const settings = (over: Partial<DiscoverySettings> = {}): DiscoverySettings => ({
  paths: ['/openapi.json', '/v3/api-docs', '/docs'],
  useNodePort: false,
  nodeAddress: '127.0.0.1',
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  ...over,
});
const doc = demoOpenApi('/');

async function clusterWithTestHosts(ctx: Mocha.Context): Promise<LocalCluster> {
  const cluster = await useLocalCluster(ctx);
  const why = testHostUnavailable();
  if (why) {
    process.stderr.write(`      skipped: ${why}\n`);
    ctx.skip();
  }
  return cluster;
}

describe('service discovery on the real API server (proxy → store)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let bench: DiscoveryBench;
  let discovery: ServiceDiscovery | undefined;
  let n = 0;
  const suffix = Date.now().toString(36);
  let id = '';
  before(async function () {
    cluster = await clusterWithTestHosts(this);
  });
  beforeEach(async () => {
    id = `${suffix}${++n}`;
    bench = await openDiscoveryBench(cluster, `mv-disc-${id}`, [18090, 18091, 18092, 18093, 18094]);
  });
  afterEach(async () => {
    discovery?.dispose();
    discovery = undefined;
    await bench?.close();
  });

  function worker(s = settings()): ServiceDiscovery {
    discovery = new ServiceDiscovery(bench.client, bench.store, () => s, { intervalMs: 60_000 });
    return discovery;
  }
  const mine = () => bench.store.servers.list('cluster').filter((s) => s.id.endsWith(`-${id}:80`) || s.id.endsWith(`-${id}:8080`));
  /** Waits until the endpoints controller names the test host for `service` (the proxy answers it). */
  const reachable = (service: string, port: number, p = '/openapi.json') => waitUntilAsync(async () => {
    const r = await bench.client.proxyGet(service, port, p);
    return r.ok && r.value.status !== 503;
  }, `the proxy reaches ${service}`);

  it('finds the document behind a service port and stores a cluster server named after the service', async () => {
    const [demo, db, plain, down] = ['demo', 'db', 'plain', 'down'].map((s) => `${s}-${id}`);
    await bench.service(demo, [{ port: 80, name: 'http', targetPort: 18090 }]);
    await bench.service(db, [{ port: 5432, name: 'postgres', targetPort: 18091 }]);
    await bench.service(plain, [{ port: 8080, targetPort: 18092 }]);
    // Its pods are gone (restarting): the endpoints controller lists no address, the API server answers 503.
    await bench.service(down, [{ port: 80 }], { selector: { app: 'nobody' } });
    bench.host.set({ 18090: { '/openapi.json': { body: doc } } });
    await reachable(demo, 80);
    await waitUntilAsync(async () => {
      const r = await bench.client.proxyGet(down, 80, '/');
      return r.ok && r.value.status === 503;
    }, 'the endpoints controller wrote the empty Endpoints');
    bench.mark();
    const w = worker();
    const changed: string[][] = [];
    w.onDidChangeServers((ids) => changed.push(ids.filter((i) => i.includes(id))));
    assert.equal((await w.runNow()).status, 'published');

    const servers = mine();
    assert.deepEqual(servers.map((s) => s.id), [`cluster:test/${demo}:80`]);
    const s = servers[0];
    assert.equal(s.name, demo);
    assert.equal(s.baseUrl, `http://${demo}.test.svc.cluster.local:80`);
    assert.deepEqual([s.namespace, s.service, s.port], ['test', demo, 80]);
    assert.equal(s.specUrl, `${bench.client.server}/api/v1/namespaces/test/services/${demo}:80/proxy/openapi.json`);
    assert.ok(s.specHash);
    assert.ok(bench.store.endpoints.listByServer(s.id).some((e) => e.method === 'GET'));
    assert.deepEqual(changed.filter((c) => c.length), [[`cluster:test/${demo}:80`]]);
    assert.ok(!bench.host.requests().some((r) => r.startsWith('18091 ')), 'the postgres port was not probed');
    assert.ok(!bench.audited().some((r) => r.includes(`/services/${db}`)), 'nor asked of the API server');
    const downProbes = bench.audited().filter((r) => r.includes(`/services/${down}:80/proxy/`));
    assert.equal(downProbes.length, 1, `a port without endpoints (503) is asked once per tick, not once per path: ${downProbes.join(', ')}`);
    assert.match(downProbes[0], / 503$/);
  });

  it('a relative server URL or a Swagger 2.0 basePath without host: the in-cluster URL gets the declared path, lenses match by full path, scripts send there', async () => {
    const petstoreDoc = { openapi: '3.0.4', info: { title: 'Petstore', version: '1' }, servers: [{ url: '/api/v3' }], paths: { '/pet/{petId}': { get: { operationId: 'getPetById', parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'ok' } } } } } };
    const legacyDoc = { swagger: '2.0', info: { title: 'Legacy', version: '1' }, basePath: '/v2/', paths: { '/orders': { post: { operationId: 'placeOrder', responses: { '201': { description: 'created' } } } } } };
    const [petstore, legacy] = [`petstore-${id}`, `legacy-${id}`];
    await bench.service(petstore, [{ port: 8080, name: 'http', targetPort: 18093 }]);
    await bench.service(legacy, [{ port: 80, name: 'http', targetPort: 18094 }]);
    bench.host.set({ 18093: { '/openapi.json': { body: petstoreDoc } }, 18094: { '/v3/api-docs': { body: legacyDoc } } });
    await reachable(petstore, 8080);
    await reachable(legacy, 80, '/v3/api-docs');
    await worker().runNow();
    const pet = bench.store.servers.get(`cluster:test/${petstore}:8080`)!;
    assert.equal(pet.baseUrl, `http://${petstore}.test.svc.cluster.local:8080/api/v3`);
    assert.equal(bench.store.servers.get(`cluster:test/${legacy}:80`)?.baseUrl, `http://${legacy}.test.svc.cluster.local:80/v2`);
    // A Spring handler at the context path finds its endpoint (parameter names ignored); the bare OpenAPI path is not the route.
    const lenses = new LensIndex(bench.store);
    assert.deepEqual(lenses.endpointsFor('GET', '/api/v3/pet/{id}').map((e) => `${e.serverId} ${e.path}`), [`cluster:test/${petstore}:8080 /pet/{petId}`]);
    assert.deepEqual(lenses.endpointsFor('GET', '/pet/{id}'), []);
    assert.deepEqual(lenses.endpointsFor('POST', '/v2/orders').map((e) => e.operationId), ['placeOrder']);
    // Create Load Test from the Endpoints view: the script's BASE_URL is the full base.
    const target = await targetFromStore(bench.store, { serverId: pet.id, method: 'GET', path: '/pet/{petId}' });
    assert.equal(target.baseUrl, `http://${petstore}.test.svc.cluster.local:8080/api/v3`);
    assert.equal(scriptBaseUrlDefault(generateK6Script({ operations: target.operations, baseUrl: target.baseUrl, profile: 'smoke' })), target.baseUrl);
  });

  it('does not rewrite an unchanged document, and asks only the path that worked', async () => {
    const demo = `demo-${id}`;
    await bench.service(demo, [{ port: 80, targetPort: 18090 }]);
    bench.host.set({ 18090: { '/openapi.json': { body: doc } } });
    await reachable(demo, 80);
    const w = worker(settings({ paths: ['/v3/api-docs', '/openapi.json'] }));
    await w.runNow();
    const before = bench.host.requests().length;
    bench.mark();
    assert.equal((await w.runNow()).status, 'unchanged');
    assert.deepEqual(bench.host.requests().slice(before), ['18090 GET /openapi.json']);
    assert.deepEqual(bench.audited().filter((r) => r.includes('/proxy/')).map((r) => r.split(' ')[1]), [`/api/v1/namespaces/test/services/${demo}:80/proxy/openapi.json`]);
  });

  it('removes the server when its service goes, keeps it while the service has no endpoints', async () => {
    const demo = `demo-${id}`;
    await bench.service(demo, [{ port: 80, targetPort: 18090 }]);
    bench.host.set({ 18090: { '/openapi.json': { body: doc } } });
    await reachable(demo, 80);
    const w = worker();
    await w.runNow();
    assert.equal(mine().length, 1);
    // Its pods gone (restarting): the selector matches nothing, the API server answers 503.
    await cluster.api.request('PATCH', `/api/v1/namespaces/test/services/${demo}`, { spec: { selector: { app: 'nobody' } } }, 'application/merge-patch+json');
    await waitUntilAsync(async () => {
      const r = await bench.client.proxyGet(demo, 80, '/openapi.json');
      return r.ok && r.value.status === 503;
    }, 'the service has no endpoints');
    assert.equal((await w.runNow()).status, 'unchanged');
    assert.equal(mine().length, 1);
    await bench.deleteService(demo);
    await waitUntilAsync(async () => (await cluster.api.get(`/api/v1/namespaces/test/services/${demo}`)).status === 404, 'the service is gone');
    assert.equal((await w.runNow()).status, 'published');
    assert.deepEqual(mine(), []);
    assert.equal(bench.store.endpoints.listByServer(`cluster:test/${demo}:80`).length, 0);
  });

  it('reaches a NodePort directly when configured', async () => {
    const demo = `demo-${id}`;
    const created = await bench.service(demo, [{ port: 80, targetPort: 18090 }], { type: 'NodePort' });
    const nodePort = (created.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
    assert.ok(nodePort >= 30000, String(nodePort));
    // What kube-proxy would do on a node: the node's address at the node port reaches the service.
    const node = await startScriptedHostInNetns([nodePort]);
    try {
      node.set({ [nodePort]: { '/openapi.json': { body: doc } } });
      bench.mark();
      await worker(settings({ useNodePort: true, nodeAddress: testHostAddress })).runNow();
      const s = bench.store.servers.get(`cluster:test/${demo}:80`);
      assert.equal(s?.specUrl, `http://${testHostAddress}:${nodePort}/openapi.json`);
      assert.deepEqual(node.requests(), [`${nodePort} GET /openapi.json`]);
      assert.ok(!bench.audited().some((r) => r.includes(`/services/${demo}:80/proxy/`)), 'nothing went through the API server proxy');
    } finally {
      node.close();
    }
  });

  it('reports a forbidden service list (RBAC) as the tick error and recovers once the Role allows it', async () => {
    const tmp = makeTempDir();
    const sa = await serviceAccountKubeconfig(cluster, `mv-nosvc-${id}`, [], tmp.dir);
    try {
      const opened = KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } });
      if (!opened.ok) throw new Error(opened.error.message);
      discovery = new ServiceDiscovery(opened.value, bench.store, () => settings(), { intervalMs: 60_000 });
      const outcome = await discovery.runNow();
      assert.equal(outcome.status, 'failed');
      assert.equal(discovery.error?.kind, 'forbidden');
      await sa.grant([{ apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] }, { apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] }]);
      await waitUntilAsync(async () => (await discovery!.runNow()).status !== 'failed', 'the list is allowed');
      assert.equal(discovery.error, undefined);
    } finally {
      await sa.remove();
      tmp.cleanup();
    }
  });
});

describe('ClusterSession on the real API server (pods, services, metrics and discovery together)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let session: ClusterSession | undefined;
  const ns = `session-${Date.now().toString(36)}`;
  before(async function () {
    cluster = await clusterWithTestHosts(this);
    assert.equal((await cluster.api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status, 201);
    await waitUntilAsync(async () => (await cluster.api.get(`/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200, 'the namespace\'s default ServiceAccount exists');
  });
  after(async () => {
    if (cluster) await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}`);
  });
  beforeEach(() => {
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
  });
  afterEach(() => {
    session?.dispose();
    session = undefined;
    store.close();
    tmp.cleanup();
  });

  const open = (over: { namespace?: string; env?: NodeJS.ProcessEnv } = {}) => {
    session = new ClusterSession({ store, env: over.env ?? { KUBECONFIG: cluster.kubeconfigPath }, namespace: over.namespace ?? ns, discovery: () => settings(), discoveryIntervalMs: 60_000, backoff: { initialMs: 50, maxMs: 200 } });
    return session;
  };

  it('shows a pod and a service added after start without a refresh, with usage, and discovers the service', async () => {
    const host = await startScriptedHostInNetns([18096]);
    try {
      host.set({ 18096: { '/openapi.json': { body: doc } } });
      const at = { ...cluster, namespace: ns };
      await createTestHostPod(at, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'demo-7d9f5', labels: { app: 'demo' }, annotations: { [usageAnnotation]: JSON.stringify({ app: { cpu: '250m', memory: '128Mi' } }) } },
        spec: { containers: [{ name: 'app', image: 'registry.local/demo:1', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] },
      });
      const s = open();
      s.setMetricsActive(true);
      await s.start();
      assert.equal(s.status.kind, 'ready');
      await waitUntil(() => s.podSummaries().length === 1, 'the first pod is listed', 30_000);

      const worker = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'worker-1' }, spec: { containers: [{ name: 'w', image: 'registry.local/worker:1', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } });
      assert.equal(worker.status, 201, JSON.stringify(worker.body));
      await waitUntil(() => s.podSummaries().length === 2, 'the new pod appears without a refresh', 30_000);
      assert.equal(s.podSummaries()[1].resources.cpuRequestMillicores, 1000);

      await s.refresh();
      await waitUntil(() => s.podSummaries()[0].usage !== undefined, 'usage arrives', 30_000);
      assert.deepEqual(s.podSummaries()[0].cpuPercent, { value: 50, of: 'limit' });

      const svc = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'demo' }, spec: { selector: { app: 'demo' }, ports: [{ port: 80, targetPort: 18096 }] } });
      assert.equal(svc.status, 201, JSON.stringify(svc.body));
      await waitUntil(() => store.servers.get(`cluster:${ns}/demo:80`) !== undefined, 'the new service is discovered without a refresh', 60_000);
      const pod = s.pods().find((p) => p.metadata?.name === 'demo-7d9f5');
      assert.deepEqual(pod && s.serverIdsForPod(pod), [`cluster:${ns}/demo:80`]);
    } finally {
      host.close();
    }
  });

  it('says metrics-server not found when metrics.k8s.io is absent', async () => {
    const restore = await removeMetricsApi(cluster);
    try {
      const s = open();
      s.setMetricsActive(true);
      await s.start();
      await waitUntil(() => s.metrics?.error !== undefined, 'the metrics read failed', 30_000);
      assert.equal(s.metrics?.error?.kind, 'metrics-unavailable');
    } finally {
      await restore();
    }
  });

  it('explains a missing namespace, missing permissions (RBAC allows list but not watch) and a missing kubeconfig', async () => {
    await open({ namespace: 'ghost' }).start();
    assert.equal(session!.status.kind === 'error' && session!.status.error.kind, 'namespace-missing');
    session!.dispose();

    const sa = await serviceAccountKubeconfig(cluster, `mv-nowatch-${Date.now().toString(36)}`, [{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list'] }, { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }], tmp.dir);
    try {
      await open({ namespace: 'test', env: { KUBECONFIG: sa.kubeconfigPath } }).start();
      assert.equal(session!.status.kind === 'error' && session!.status.error.kind, 'forbidden');
      assert.match(session!.status.kind === 'error' ? session!.status.error.message : '', /Not allowed to watch pods in namespace "test"/);
      session!.dispose();
    } finally {
      await sa.remove();
    }

    await open({ env: { KUBECONFIG: path.join(tmp.dir, 'none') } }).start();
    assert.equal(session!.status.kind === 'error' && session!.status.error.kind, 'no-kubeconfig');
  });
});
