// Discovery through the real API server's service proxy: the API server refuses to proxy to
// loopback, so the demo API runs as a test host in the network namespace cluster.sh made
// (10.250.7.2, joined by a veth pair) — a pod with that IP, as the API server proxies only to pod
// IPs — behind a selector-less Service and its Endpoints; the
// discovery worker reads its OpenAPI document through /api/v1/namespaces/test/services/…/proxy/.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DiscoverySettings, ServiceDiscovery } from '../../../src/app/discovery/serviceDiscovery';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { Store } from '../../../src/infra/store/store';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { createTestHostPod, type NetnsDemoApi, startDemoApiInNetns, testHostAddress, testHostUnavailable } from '../../support/netnsTestHost';
import { runCli } from '../../support/cli';
import { deleteRun } from '../../support/runs/clusterRunHarness';
import { makeTempDir } from '../../support/tempDir';

describe('service proxy on the real API server (demo API as a test host in a network namespace)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let demo: NetnsDemoApi | undefined;
  const service = `shop-api-${Date.now().toString(36)}`;
  before(async function () {
    cluster = await useLocalCluster(this);
    const why = testHostUnavailable();
    if (why) {
      process.stderr.write(`      skipped: ${why}\n`);
      this.skip();
    }
    demo = await startDemoApiInNetns(8080);
    // The API server proxies only to pod IPs: the test host is a pod whose IP is the netns address,
    // named by the Service's Endpoints (the Service has no selector).
    const ns = cluster.namespace;
    await createTestHostPod(cluster, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: service, labels: { app: service } },
      spec: { containers: [{ name: 'api', image: 'registry.local/shop-api:1.4.2', ports: [{ containerPort: 8080 }] }] },
    });
    const created = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: service }, spec: { ports: [{ name: 'http', port: 8000, targetPort: 8080 }] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ep = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/endpoints`, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: service },
      subsets: [{ addresses: [{ ip: testHostAddress, targetRef: { kind: 'Pod', namespace: ns, name: service } }], ports: [{ name: 'http', port: 8080 }] }],
    });
    assert.equal(ep.status, 201, JSON.stringify(ep.body));
  });
  after(async () => {
    demo?.close();
    if (!cluster) return;
    for (const kind of ['services', 'endpoints', 'pods']) await cluster.api.request('DELETE', `/api/v1/namespaces/${cluster.namespace}/${kind}/${service}`, { gracePeriodSeconds: 0 });
  });

  it('discovery reads the OpenAPI document through /proxy/ and stores the service\'s endpoints', async () => {
    const tmp = makeTempDir();
    const { store } = Store.open(path.join(tmp.dir, 'mv.db'));
    const opened = KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    const settings: DiscoverySettings = { paths: ['/openapi.json'], useNodePort: false, nodeAddress: '127.0.0.1', timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 };
    const discovery = new ServiceDiscovery(opened.value, store, () => settings, { intervalMs: 60_000 });
    try {
      await discovery.runNow();
      const server = store.servers.list('cluster').find((s) => s.service === service);
      assert.ok(server, `no server for ${service}: ${JSON.stringify(store.servers.list('cluster'))}`);
      assert.equal(server.specUrl, `${opened.value.server}/api/v1/namespaces/${cluster.namespace}/services/${service}:8000/proxy/openapi.json`);
      assert.equal(server.baseUrl, `http://${service}.${cluster.namespace}.svc.cluster.local:8000`);
      const endpoints = store.endpoints.listByServer(server.id).map((e) => `${e.method} ${e.path}`);
      assert.ok(endpoints.length > 3, endpoints.join());
    } finally {
      discovery.dispose();
      store.close();
      tmp.cleanup();
    }
  });

  it('a cluster run of a script aimed at the Service\'s in-cluster URL reaches the service (cluster DNS + kube-proxy, as the pod runner gives them)', async () => {
    const tmp = makeTempDir('mv-service-run-');
    let runId: string | undefined;
    try {
      const script = path.join(tmp.dir, 'items.js');
      fs.writeFileSync(
        script,
        `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 5, thresholds: { http_req_failed: ['rate<0.01'] } };
const BASE_URL = __ENV.BASE_URL || 'http://${service}.${cluster.namespace}.svc.cluster.local:8000';
export default function () {
  const res = http.get(BASE_URL + '/items?limit=2', { tags: { name: 'GET /items' } });
  check(res, { 'status is 200': (r) => r.status === 200, 'items listed': (r) => Array.isArray(r.json()) });
}
`,
      );
      const r = await runCli(['run', script, '--target', 'cluster', '--wait', '--db', path.join(tmp.dir, 'runs.db')], { ...process.env, KUBECONFIG: cluster.kubeconfigPath, HOME: tmp.dir });
      runId = /^Run (mv-\S+):/m.exec(r.stdout)?.[1];
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.doesNotMatch(r.stderr, /loopback/, 'an in-cluster URL raises no loopback question');
      // k6's own summary, from the pod's log: every request answered 200 with the demo API's items.
      assert.match(r.stdout, /✓ status is 200\n {4}✓ items listed/);
      assert.match(r.stdout, /http_req_failed\.+: 0\.00% +0 out of 5\n/);
      assert.match(r.stdout, /^Run mv-\S+: finished: thresholds passed/m);
    } finally {
      if (runId) await deleteRun(cluster, runId);
      tmp.cleanup();
    }
  });
});
