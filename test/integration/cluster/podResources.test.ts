// Pod resources of a run against their specs, sampled through the Kubernetes adapter from the real
// API server (pods kwok runs; metrics.k8s.io through the aggregation layer from the test metrics
// server, usage set per container by annotation) and stored in a real SQLite file. RBAC refuses the
// list for a ServiceAccount without it; metrics-server's absence is its APIService deleted.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { KubePodResourceSource } from '../../../src/app/metrics/kubePodResources';
import { ResourceSampler } from '../../../src/app/metrics/resources';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { Store } from '../../../src/infra/store/store';
import { aRun } from '../../support/builders';
import { type LocalCluster, removeMetricsApi, serviceAccountKubeconfig, useLocalCluster } from '../../support/localCluster';
import { unscrapedAnnotation, usageAnnotation } from '../../support/metricsServer/index';
import type { KubeObject } from '../../support/podRunner/kubeApi';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('pod resources of a run (real API server and metrics.k8s.io, real SQLite)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let client: KubeClient;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  const suffix = Date.now().toString(36);
  const app = `petstore-${suffix}`;
  const [a, b, other] = [`${app}-aaaaa`, `${app}-bbbbb`, `other-${suffix}`];
  const podsPath = () => `/api/v1/namespaces/${cluster.namespace}/pods`;

  before(async function () {
    cluster = await useLocalCluster(this);
    const opened = KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    client = opened.value;
    const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.31', resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } } };
    const main = { name: 'app', image: 'registry.local/petstore:3', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } };
    const usage: Record<string, unknown> = {
      [a]: { app: { cpu: '452500u', memory: '678Mi' }, proxy: { cpu: '5m', memory: '10Mi' } },
      [b]: { app: { cpu: '120m', memory: '300Mi' }, proxy: { cpu: '5m', memory: '10Mi' } },
    };
    for (const [name, label, containers] of [[a, app, [main, sidecar]], [b, app, [main, sidecar]], [other, `other-${suffix}`, [main]]] as const) {
      const res = await cluster.api.request('POST', podsPath(), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: label }, annotations: usage[name] ? { [usageAnnotation]: JSON.stringify(usage[name]) } : {} },
        spec: { containers },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await waitUntilAsync(async () => ((await cluster.api.get(`${podsPath()}?labelSelector=app%3D${app}`)).body.items as KubeObject[]).filter((p) => (p.status as { phase?: string }).phase === 'Running').length === 2, 'kwok runs both target pods', 60_000);
  });
  after(async () => {
    if (!cluster) return;
    for (const name of [a, b, other]) await cluster.api.request('DELETE', `${podsPath()}/${name}`, { gracePeriodSeconds: 0 });
  });
  beforeEach(() => {
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    store.runs.insert(aRun({ id: 'mv-res' }));
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('reads the target pods\' usage with their summed requests and limits, in the PLOG message shape, and stores them', async () => {
    const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', selector: `app=${app}` }, 'mv-res', store.samples);
    const tick = await sampler.sample(1_700_000_005_000);
    assert.equal(tick.problem, undefined);
    assert.deepEqual(tick.messages.map((m) => m.pod), [a, b]);
    const first = tick.messages[0];
    assert.deepEqual(first.actual_usage, { cpu_millicores: 457.5, memory_mb: 688 });
    assert.deepEqual(first.specs, { cpu_request_millicores: 300, cpu_limit_millicores: 1100, memory_request_mb: 288, memory_limit_mb: 1088 });
    assert.equal(first.usage.cpu_percent, (457.5 / 1100) * 100);
    assert.equal(first.usage.memory_percent, (688 / 1088) * 100);
    assert.deepEqual([first.usage.cpu_is_predicted, first.usage.memory_is_predicted], [false, false]);
    const stored = store.samples.listForRun('mv-res');
    assert.equal(stored.length, 2);
    assert.deepEqual(
      [stored[0].cpuMillicores, stored[0].cpuRequestMillicores, stored[0].cpuLimitMillicores, stored[0].memoryRequestMb, stored[0].memoryLimitMb],
      [457.5, 300, 1100, 288, 1088],
    );
  });

  it('fills a pod missing from metrics-server with its last value, marked predicted in the message and the table', async () => {
    const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', podNames: [a] }, 'mv-res', store.samples);
    await sampler.sample(1_700_000_005_000);
    const mark = (value: string | null) => cluster.api.request('PATCH', `${podsPath()}/${a}`, { metadata: { annotations: { [unscrapedAnnotation]: value } } }, 'application/merge-patch+json');
    await mark('true');
    try {
      await waitUntilAsync(async () => {
        const m = await client.readPodMetrics();
        return m.ok && !m.value.some((p) => p.metadata?.name === a);
      }, 'metrics.k8s.io leaves the pod out');
      const tick = await sampler.sample(1_700_000_010_000);
      assert.equal(tick.messages.length, 1);
      assert.deepEqual(tick.messages[0].usage.cpu_is_predicted, true);
      assert.deepEqual(tick.messages[0].actual_usage, { cpu_millicores: 457.5, memory_mb: 688 });
      const stored = store.samples.listForRun('mv-res', 1_700_000_005_000);
      assert.deepEqual(stored.map((s) => [s.ts, s.cpuIsPredicted, s.memoryIsPredicted]), [[1_700_000_010_000, true, true]]);
    } finally {
      await mark(null);
    }
  });

  it('explains "metrics-server not found" when metrics.k8s.io is absent', async () => {
    const restore = await removeMetricsApi(cluster);
    try {
      const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', selector: `app=${app}` }, 'mv-res', store.samples);
      const tick = await sampler.sample(1_700_000_005_000);
      assert.equal(tick.messages.length, 0);
      assert.equal(tick.problem?.kind, 'metrics-server-missing');
      assert.match(tick.problem?.message ?? '', /^metrics-server not found.*k3s ships metrics-server/);
      assert.equal(store.samples.listForRun('mv-res').length, 0);
    } finally {
      await restore();
    }
  });

  it('says why when the pods cannot be listed (RBAC) or none matches, and when a run has no target', async () => {
    const sa = await serviceAccountKubeconfig(cluster, `mv-metrics-only-${suffix}`, [{ apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['list'] }], tmp.dir);
    try {
      const opened = KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } });
      if (!opened.ok) throw new Error(opened.error.message);
      const denied = await new ResourceSampler(new KubePodResourceSource(opened.value), { namespace: 'test', selector: `app=${app}` }, 'mv-res').sample(1);
      assert.equal(denied.problem?.kind, 'forbidden');
    } finally {
      await sa.remove();
    }
    const none = await new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', podNames: ['gone-1'] }, 'mv-res').sample(1);
    assert.equal(none.problem?.kind, 'no-target');
    assert.match(none.problem?.message ?? '', /No running pod matches gone-1 in namespace "test"/);
    const untargeted = await new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test' }, 'mv-res').sample(1);
    assert.equal(untargeted.problem?.kind, 'no-target');
  });
});
