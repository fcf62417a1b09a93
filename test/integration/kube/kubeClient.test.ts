// The Kubernetes adapter against the fake API server through a real kubeconfig file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { describeAccess, isAllowed } from '../../../src/infra/kube/access';
import { listKubeContexts } from '../../../src/infra/kube/kubeconfig';
import { aPod, aService, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { makeTempDir } from '../../support/tempDir';
import { waitUntil } from './waitUntil';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
}

describe('KubeClient (against the fake API server)', () => {
  let fake: FakeKube;
  let client: KubeClient;
  beforeEach(async () => {
    fake = await startFakeKube();
    client = must(KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } }));
  });
  afterEach(async () => fake.close());

  it('opens the kubeconfig from KUBECONFIG with its context namespace; the setting wins', () => {
    assert.equal(client.contextName, 'fake');
    assert.equal(client.namespace, 'test');
    assert.equal(client.server, fake.url);
    assert.equal(must(KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath }, namespace: 'other' })).namespace, 'other');
    const fromKc = KubeClient.fromKubeConfig(client.kc);
    assert.deepEqual([fromKc.contextName, fromKc.namespace, fromKc.server], ['fake', 'test', fake.url]);
  });

  it('says there is no kubeconfig, or no such context, with a next step', () => {
    const tmp = makeTempDir();
    try {
      const none = KubeClient.open({ env: { KUBECONFIG: path.join(tmp.dir, 'missing') } });
      assert.equal(!none.ok && none.error.kind, 'no-kubeconfig');
      assert.match(!none.ok ? (none.error.nextStep ?? '') : '', /k3s\.yaml/);
      const wrong = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath }, context: 'prod' });
      assert.equal(!wrong.ok && wrong.error.message, 'The kubeconfig has no context named "prod".');
      fs.writeFileSync(path.join(tmp.dir, 'broken'), 'clusters: [');
      const broken = KubeClient.open({ env: { KUBECONFIG: path.join(tmp.dir, 'broken') } });
      assert.equal(!broken.ok && broken.error.kind, 'no-kubeconfig');
      // Listing the contexts of a broken file is an error to show, not a throw (it runs at activation).
      const contexts = listKubeContexts({ KUBECONFIG: path.join(tmp.dir, 'broken') });
      assert.match(!contexts.ok ? contexts.error.message : '', /could not be read/);
      assert.deepEqual(listKubeContexts({ KUBECONFIG: path.join(tmp.dir, 'missing') }), { ok: true, value: [] });
      assert.deepEqual(
        must(listKubeContexts({ KUBECONFIG: fake.kubeconfigPath })).map((c) => [c.name, c.current]),
        [['fake', true]],
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('reports a missing namespace with the command to create it', async () => {
    const ghost = must(KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath }, namespace: 'ghost' }));
    const r = await ghost.verifyNamespace();
    assert.equal(!r.ok && r.error.kind, 'namespace-missing');
    assert.match(!r.ok ? (r.error.nextStep ?? '') : '', /kubectl create namespace ghost/);
    assert.equal((await client.verifyNamespace()).ok, true);
  });

  it('turns 401, 403, 500 and a dead server into unauthorized, forbidden, server and unreachable', async () => {
    fake.deny({ verb: 'list', resource: 'pods' });
    const forbidden = await client.listPods();
    assert.equal(!forbidden.ok && forbidden.error.kind, 'forbidden');
    assert.match(!forbidden.ok ? forbidden.error.message : '', /Not allowed to list pods in namespace "test": pods is forbidden: User "fake-user" cannot list resource "pods"/);
    fake.failNext({ path: /services/, status: 500 });
    const server = await client.listServices();
    assert.equal(!server.ok && server.error.kind, 'server');
    fake.setToken('rotated');
    const unauthorized = await client.listServices();
    assert.equal(!unauthorized.ok && unauthorized.error.kind, 'unauthorized');
    assert.match(!unauthorized.ok ? unauthorized.error.message : '', /context "fake"/);
    await fake.close();
    const unreachable = await client.listServices();
    assert.equal(!unreachable.ok && unreachable.error.kind, 'unreachable');
    assert.match(!unreachable.ok ? unreachable.error.message : '', /Cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    fake = await startFakeKube(); // for afterEach
  });

  it('lists pods as plain JSON (timestamps as strings, as watch events carry them)', async () => {
    fake.objects.create('pods', aPod('api-7d9f'));
    const list = must(await client.listPods());
    assert.equal(typeof list.items[0].metadata?.creationTimestamp, 'string');
    assert.equal(list.items[0].spec?.containers?.[0].resources?.requests?.cpu, '100m');
  });

  it('reads pod metrics, and says "metrics-server not found" when metrics.k8s.io is absent', async () => {
    fake.objects.create('pods', aPod('api-7d9f'));
    fake.setPodMetrics('api-7d9f', [{ name: 'app', cpu: '250m', memory: '100Mi' }]);
    assert.deepEqual(must(await client.readPodMetrics())[0].containers, [{ name: 'app', usage: { cpu: '250m', memory: '100Mi' } }]);
    fake.setMetricsServer(false);
    const r = await client.readPodMetrics();
    assert.equal(!r.ok && r.error.kind, 'metrics-unavailable');
    assert.match(!r.ok ? r.error.message : '', /^metrics-server not found/);
  });

  it('reviews access for every verb used, adding TestRun verbs when the k6-operator CRD is there', async () => {
    fake.deny({ verb: 'create', resource: 'jobs', group: 'batch' });
    fake.deny({ verb: 'get', resource: 'services', subresource: 'proxy' });
    const report = must(await client.checkAccess());
    assert.deepEqual(report.denied.map(describeAccess), ['get services/proxy', 'create jobs.batch']);
    assert.equal(isAllowed(report, 'pods'), true);
    assert.equal(isAllowed(report, 'runs'), false);
    assert.equal(report.allowed.length, 14);
    assert.equal(must(await client.hasK6Operator()), false);
    fake.setK6Operator(true);
    assert.equal(must(await client.hasK6Operator()), true);
    assert.ok(must(await client.checkAccess()).allowed.some((c) => c.resource === 'testruns' && c.verb === 'create'));
  });

  it('follows a pod log until the container ends, and refuses a pod still starting', async () => {
    fake.objects.create('pods', aPod('k6-0', { containers: [{ name: 'k6' }] }));
    fake.appendPodLog('k6-0', 'line 1\n');
    let text = '';
    const follow = must(await client.followPodLog('k6-0', undefined, (t) => (text += t)));
    await waitUntil(() => text === 'line 1\n', 'the first line arrived');
    fake.appendPodLog('k6-0', 'line 2\n');
    fake.endPodLog('k6-0');
    assert.equal((await follow.done).ok, true);
    assert.equal(text, 'line 1\nline 2\n');

    fake.objects.create('pods', aPod('k6-1', { phase: 'Pending', containers: [{ name: 'k6' }] }));
    const pending = await client.followPodLog('k6-1', 'k6', () => undefined);
    assert.equal(!pending.ok && pending.error.kind, 'server');
    assert.match(!pending.ok ? pending.error.message : '', /is waiting to start: ContainerCreating/);

    fake.objects.create('pods', aPod('k6-2', { containers: [{ name: 'k6' }] }));
    const stopped = must(await client.followPodLog('k6-2', 'k6', () => undefined));
    stopped.stop();
    assert.equal((await stopped.done).ok, true);
  });

  it('gets a document through the service proxy with the kubeconfig credentials', async () => {
    fake.objects.create('services', aService('api'));
    fake.setProxyHandler('api', 80, (req) => ({ body: { openapi: '3.0.3', path: req.path } }));
    const r = must(await client.proxyGet('api', 80, '/openapi.json'));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body.toString()), { openapi: '3.0.3', path: '/openapi.json' });
    assert.equal(client.serviceProxyUrl('api', 80, '/docs'), `${fake.url}/api/v1/namespaces/test/services/api:80/proxy/docs`);
    const { scope, headers, agent } = await client.serviceProxyCredentials('api', 80);
    assert.equal(scope, `${fake.url}/api/v1/namespaces/test/services/api:80/proxy/`);
    assert.equal(headers.Authorization, `Bearer ${fake.token}`);
    assert.ok(agent);
  });
});
