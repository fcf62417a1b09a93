// The Kubernetes adapter (KubeClient) against the real API server through real kubeconfig files:
// the admin's client certificate, and bound ServiceAccount tokens that RBAC restricts. Error
// kinds come from the server's own answers (404 namespace, 403 RBAC, 401 revoked token); usage
// from metrics.k8s.io through the aggregation layer; pod logs through the API server from the pod
// runner's kubelet endpoint; the service proxy to a test host in the network namespace.
// A 500 from the API server cannot be produced on demand: test/integration/faults/kubeClient500.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describeAccess, isAllowed, requiredAccess } from '../../../src/infra/kube/access';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { listKubeContexts } from '../../../src/infra/kube/kubeconfig';
import { installTestRunCrd, uninstallTestRunCrd } from '../../support/k6Operator/crd';
import { type LocalCluster, removeMetricsApi, type RbacRule, serviceAccountKubeconfig, useLocalCluster } from '../../support/localCluster';
import { createTestHostPod, type NetnsDemoApi, startDemoApiInNetns, testHostAnnotation, testHostUnavailable } from '../../support/netnsTestHost';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { outcomeScripts } from '../../support/runs/outcomeScripts';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';
import { waitUntil } from '../kube/waitUntil';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
}

/** RBAC rules allowing every verb Metric Vault reviews (requiredAccess), minus `except`. */
function rulesFor(except: (c: (typeof requiredAccess)[number]) => boolean): RbacRule[] {
  return requiredAccess.filter((c) => !except(c)).map((c) => ({ apiGroups: [c.group], resources: [c.subresource ? `${c.resource}/${c.subresource}` : c.resource], verbs: [c.verb] }));
}

describe('KubeClient on the real API server', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let client: KubeClient;
  let tmp: ReturnType<typeof makeTempDir>;
  const suffix = Date.now().toString(36);
  const cleanups: (() => Promise<void>)[] = [];
  before(async function () {
    cluster = await useLocalCluster(this);
    client = must(KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath } }));
    tmp = makeTempDir('mv-kubeclient-');
  });
  after(async () => {
    for (const c of cleanups.reverse()) await c();
    tmp?.cleanup();
  });
  const ns = () => cluster.namespace;

  it('opens the kubeconfig from KUBECONFIG with its context namespace; the setting wins', () => {
    const context = cluster.kc.getCurrentContext();
    assert.equal(client.contextName, context);
    assert.equal(client.namespace, 'test');
    assert.equal(client.server, cluster.kc.getCurrentCluster()!.server);
    assert.equal(must(KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath }, namespace: 'other' })).namespace, 'other');
    const fromKc = KubeClient.fromKubeConfig(client.kc);
    assert.deepEqual([fromKc.contextName, fromKc.namespace, fromKc.server], [context, 'test', client.server]);
  });

  it('says there is no kubeconfig, or no such context, with a next step', () => {
    const none = KubeClient.open({ env: { KUBECONFIG: path.join(tmp.dir, 'missing') } });
    assert.equal(!none.ok && none.error.kind, 'no-kubeconfig');
    assert.match(!none.ok ? (none.error.nextStep ?? '') : '', /k3s\.yaml/);
    const wrong = KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath }, context: 'prod' });
    assert.equal(!wrong.ok && wrong.error.message, 'The kubeconfig has no context named "prod".');
    fs.writeFileSync(path.join(tmp.dir, 'broken'), 'clusters: [');
    const broken = KubeClient.open({ env: { KUBECONFIG: path.join(tmp.dir, 'broken') } });
    assert.equal(!broken.ok && broken.error.kind, 'no-kubeconfig');
    // Listing the contexts of a broken file is an error to show, not a throw (it runs at activation).
    const contexts = listKubeContexts({ KUBECONFIG: path.join(tmp.dir, 'broken') });
    assert.match(!contexts.ok ? contexts.error.message : '', /could not be read/);
    assert.deepEqual(listKubeContexts({ KUBECONFIG: path.join(tmp.dir, 'missing') }), { ok: true, value: [] });
    assert.deepEqual(must(listKubeContexts({ KUBECONFIG: cluster.kubeconfigPath })).map((c) => [c.name, c.current]), [[cluster.kc.getCurrentContext(), true]]);
  });

  it('reports a missing namespace (the server\'s 404) with the command to create it', async () => {
    const ghost = must(KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath }, namespace: 'ghost' }));
    const r = await ghost.verifyNamespace();
    assert.equal(!r.ok && r.error.kind, 'namespace-missing');
    assert.match(!r.ok ? (r.error.nextStep ?? '') : '', /kubectl create namespace ghost/);
    assert.equal((await client.verifyNamespace()).ok, true);
  });

  it('turns RBAC\'s 403, a revoked token\'s 401 and a closed port into forbidden, unauthorized and unreachable', async () => {
    const name = `mv-svc-only-${suffix}`;
    const sa = await serviceAccountKubeconfig(cluster, name, [{ apiGroups: [''], resources: ['services'], verbs: ['list'] }], tmp.dir);
    cleanups.push(sa.remove);
    const restricted = must(KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } }));
    const forbidden = await restricted.listPods();
    assert.equal(!forbidden.ok && forbidden.error.kind, 'forbidden');
    assert.match(!forbidden.ok ? forbidden.error.message : '', new RegExp(`Not allowed to list pods in namespace "test": pods is forbidden: User "system:serviceaccount:test:${name}" cannot list resource "pods"`));
    assert.equal((await restricted.listServices()).ok, true);
    // Deleting the ServiceAccount revokes its bound token: the API server answers 401.
    await sa.remove();
    await waitUntilAsync(async () => {
      const r = await restricted.listServices();
      return !r.ok && r.error.kind === 'unauthorized';
    }, 'the revoked token is refused');
    const unauthorized = await restricted.listServices();
    assert.match(!unauthorized.ok ? unauthorized.error.message : '', new RegExp(`context "${name}"`));
    // The same kubeconfig pointing at a loopback port nothing listens on (one just freed; fetch refuses "bad ports" such as 9).
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const dead = path.join(tmp.dir, 'dead.kubeconfig');
    fs.writeFileSync(dead, fs.readFileSync(cluster.kubeconfigPath, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${closedPort}`));
    const unreachable = await must(KubeClient.open({ env: { KUBECONFIG: dead } })).listServices();
    assert.equal(!unreachable.ok && unreachable.error.kind, 'unreachable');
    assert.match(!unreachable.ok ? unreachable.error.message : '', new RegExp(`Cannot reach the Kubernetes API server at https://127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)`));
  });

  it('lists pods as plain JSON (timestamps as strings, as watch events carry them)', async () => {
    const list = must(await client.listPods('app=sample-shop'));
    assert.ok(list.items.length > 0, 'cluster.sh runs the sample workload');
    assert.equal(typeof list.items[0].metadata?.creationTimestamp, 'string');
    assert.equal(list.items[0].spec?.containers?.[0].resources?.requests?.cpu, '250m');
    assert.match(list.resourceVersion ?? '', /^\d+$/);
  });

  it('reads pod metrics through the aggregation layer, and says "metrics-server not found" when its APIService is gone', async () => {
    const pod = `metrics-${suffix}`;
    const usage = { app: { cpu: '250m', memory: '100Mi' } };
    const created = await cluster.api.request('POST', `/api/v1/namespaces/${ns()}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, annotations: { 'metrics.metric-vault.dev/usage': JSON.stringify(usage) } },
      spec: { containers: [{ name: 'app', image: 'registry.local/app:1', resources: { requests: { cpu: '500m', memory: '128Mi' } } }] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    cleanups.push(async () => void (await cluster.api.request('DELETE', `/api/v1/namespaces/${ns()}/pods/${pod}`, { gracePeriodSeconds: 0 })));
    await waitUntilAsync(async () => must(await client.readPodMetrics()).some((m) => m.metadata?.name === pod), 'kwok runs the pod and metrics.k8s.io reports it', 60_000);
    const mine = must(await client.readPodMetrics()).find((m) => m.metadata?.name === pod)!;
    assert.deepEqual(mine.containers, [{ name: 'app', usage: { cpu: '250m', memory: '100Mi' } }]);
    const restore = await removeMetricsApi(cluster);
    try {
      const r = await client.readPodMetrics();
      assert.equal(!r.ok && r.error.kind, 'metrics-unavailable');
      assert.match(!r.ok ? r.error.message : '', /^metrics-server not found/);
    } finally {
      await restore();
    }
  });

  it('reviews access for every verb used (the API server\'s SelfSubjectAccessReview under RBAC), adding TestRun verbs once the k6-operator CRD is installed', async () => {
    // Another suite may have installed it: take it away to see the answer without it, then put it back.
    await uninstallTestRunCrd(cluster.api);
    const name = `mv-no-jobs-${suffix}`;
    const sa = await serviceAccountKubeconfig(cluster, name, rulesFor((c) => (c.verb === 'create' && c.resource === 'jobs') || c.subresource === 'proxy'), tmp.dir);
    cleanups.push(sa.remove);
    const restricted = must(KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } }));
    const report = must(await restricted.checkAccess());
    assert.deepEqual(report.denied.map(describeAccess), ['get services/proxy', 'create jobs.batch']);
    assert.equal(isAllowed(report, 'pods'), true);
    assert.equal(isAllowed(report, 'runs'), false);
    assert.equal(report.allowed.length, 14);
    assert.equal(must(await restricted.hasK6Operator()), false);
    // Install the real CRD (as testRunCrd does) and allow its verbs.
    await installTestRunCrd(cluster.api);
    await sa.grant([...rulesFor(() => false), { apiGroups: ['k6.io'], resources: ['testruns'], verbs: ['create', 'delete'] }]);
    await waitUntilAsync(async () => {
      const k6 = await restricted.hasK6Operator();
      return k6.ok && k6.value;
    }, 'the API server serves k6.io/v1alpha1 testruns', 60_000);
    const after = must(await restricted.checkAccess());
    assert.ok(after.allowed.some((c) => c.resource === 'testruns' && c.verb === 'create'));
    assert.deepEqual(after.denied, []);
  });

  it('follows a k6 pod\'s log through the API server until the container ends; stop ends a follow; a pod still starting is refused', async () => {
    const h = ClusterRunHarness.open(cluster);
    cleanups.push(() => h.close());
    const run = startedRun(await h.service().startInCluster({ scriptFile: h.script('six.js', outcomeScripts.sixSeconds) }));
    let podName = '';
    await waitUntilAsync(async () => {
      const [pod] = await h.list('pods', run.id);
      podName = pod?.metadata.name ?? '';
      return (pod?.status as { phase?: string } | undefined)?.phase === 'Running';
    }, 'the pod runner runs the k6 pod', 60_000);
    let stoppedText = '';
    const stopped = must(await client.followPodLog(podName, 'k6', (t) => (stoppedText += t)));
    await waitUntil(() => stoppedText.length > 0, 'the first k6 output arrived', 30_000);
    stopped.stop();
    assert.equal((await stopped.done).ok, true);
    let text = '';
    const follow = must(await client.followPodLog(podName, 'k6', (t) => (text += t)));
    assert.equal((await follow.done).ok, true, 'the follow ends when k6 exits');
    assert.match(text, /execution: local/);
    assert.match(text, /six\.js/);
    const [pod] = await h.list('pods', run.id);
    assert.equal((pod.status as { phase: string }).phase, 'Succeeded');

    // A pod whose container is still being created (a test host: its status is what the test writes).
    const starting = `starting-${suffix}`;
    const made = await cluster.api.request('POST', `/api/v1/namespaces/${ns()}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: starting, annotations: { [testHostAnnotation]: 'true' } },
      spec: { nodeName: 'k3s-agent-1', containers: [{ name: 'k6', image: 'grafana/k6:0.57.0' }] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    cleanups.push(async () => void (await cluster.api.request('DELETE', `/api/v1/namespaces/${ns()}/pods/${starting}`, { gracePeriodSeconds: 0 })));
    await cluster.api.patchPodStatus(ns(), starting, { phase: 'Pending', containerStatuses: [{ name: 'k6', image: 'grafana/k6:0.57.0', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });
    const pending = await client.followPodLog(starting, 'k6', () => undefined);
    assert.equal(!pending.ok && pending.error.kind, 'server');
    assert.match(!pending.ok ? pending.error.message : '', /is waiting to start: ContainerCreating/);
  });

  describe('service proxy (a test host in the network namespace)', () => {
    let demo: NetnsDemoApi | undefined;
    const service = `proxy-${suffix}`;
    before(async function () {
      const why = testHostUnavailable();
      if (why) {
        process.stderr.write(`      skipped: ${why}\n`);
        this.skip();
      }
      demo = await startDemoApiInNetns(18081);
      await createTestHostPod(cluster, { apiVersion: 'v1', kind: 'Pod', metadata: { name: service, labels: { app: service } }, spec: { containers: [{ name: 'api', image: 'registry.local/shop-api:1' }] } });
      const svc = await cluster.api.request('POST', `/api/v1/namespaces/${ns()}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: service }, spec: { selector: { app: service }, ports: [{ name: 'http', port: 80, targetPort: 18081 }] } });
      assert.equal(svc.status, 201, JSON.stringify(svc.body));
    });
    after(async () => {
      demo?.close();
      for (const kind of ['services', 'pods']) await cluster.api.request('DELETE', `/api/v1/namespaces/${ns()}/${kind}/${service}`, { gracePeriodSeconds: 0 });
    });

    it('gets a document through /proxy/ with the kubeconfig credentials (client certificate, or a ServiceAccount token)', async () => {
      let r = await client.proxyGet(service, 80, '/openapi.json');
      // The endpoints controller names the pod in the Service's endpoints shortly after.
      await waitUntilAsync(async () => (r = await client.proxyGet(service, 80, '/openapi.json')).ok && r.value.status === 200, 'the proxy reaches the test host');
      const doc = JSON.parse(must(r).body.toString()) as { openapi: string; paths: Record<string, unknown> };
      assert.match(doc.openapi, /^3\./);
      assert.ok(Object.keys(doc.paths).length > 3);
      assert.equal(client.serviceProxyUrl(service, 80, '/docs'), `${client.server}/api/v1/namespaces/test/services/${service}:80/proxy/docs`);
      const admin = await client.serviceProxyCredentials(service, 80);
      assert.equal(admin.scope, `${client.server}/api/v1/namespaces/test/services/${service}:80/proxy/`);
      assert.ok(admin.agent, 'the client certificate travels in the agent');

      const sa = await serviceAccountKubeconfig(cluster, `mv-proxy-${suffix}`, [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] }], tmp.dir);
      cleanups.push(sa.remove);
      const viaToken = must(KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } }));
      const { headers } = await viaToken.serviceProxyCredentials(service, 80);
      assert.match(headers.Authorization ?? '', /^Bearer ey/);
      assert.equal(must(await viaToken.proxyGet(service, 80, '/openapi.json')).status, 200);
    });
  });
});
