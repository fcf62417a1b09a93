// Pod resources against their specs, sampled through the Kubernetes adapter from the fake
// API server's metrics.k8s.io and stored in a real SQLite file.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { KubePodResourceSource } from '../../../src/app/metrics/kubePodResources';
import { ResourceSampler } from '../../../src/app/metrics/resources';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { Store } from '../../../src/infra/store/store';
import { aRun } from '../../support/builders';
import { aPod, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { makeTempDir } from '../../support/tempDir';

describe('pod resources of a run (fake Kubernetes API, real SQLite)', () => {
  let fake: FakeKube;
  let client: KubeClient;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;

  beforeEach(async () => {
    fake = await startFakeKube();
    const opened = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    client = opened.value;
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    store.runs.insert(aRun({ id: 'mv-res' }));
    const sidecar = { name: 'proxy', requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } };
    const app = { name: 'app', requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };
    fake.objects.create('pods', aPod('petstore-7d9f-aaaaa', { labels: { app: 'petstore' }, containers: [app, sidecar] }));
    fake.objects.create('pods', aPod('petstore-7d9f-bbbbb', { labels: { app: 'petstore' }, containers: [app, sidecar] }));
    fake.objects.create('pods', aPod('other-5c4d-ccccc', { labels: { app: 'other' } }));
    fake.setPodMetrics('petstore-7d9f-aaaaa', [{ name: 'app', cpu: '452500u', memory: '678Mi' }, { name: 'proxy', cpu: '5m', memory: '10Mi' }]);
    fake.setPodMetrics('petstore-7d9f-bbbbb', [{ name: 'app', cpu: '120m', memory: '300Mi' }, { name: 'proxy', cpu: '5m', memory: '10Mi' }]);
  });

  afterEach(async () => {
    store.close();
    tmp.cleanup();
    await fake.close();
  });

  it('reads the target pods\' usage with their summed requests and limits, in the PLOG message shape, and stores them', async () => {
    const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', selector: 'app=petstore' }, 'mv-res', store.samples);
    const tick = await sampler.sample(1_700_000_005_000);
    assert.equal(tick.problem, undefined);
    assert.deepEqual(tick.messages.map((m) => m.pod), ['petstore-7d9f-aaaaa', 'petstore-7d9f-bbbbb']);
    const a = tick.messages[0];
    assert.deepEqual(a.actual_usage, { cpu_millicores: 457.5, memory_mb: 688 });
    assert.deepEqual(a.specs, { cpu_request_millicores: 300, cpu_limit_millicores: 1100, memory_request_mb: 288, memory_limit_mb: 1088 });
    assert.equal(a.usage.cpu_percent, (457.5 / 1100) * 100);
    assert.equal(a.usage.memory_percent, (688 / 1088) * 100);
    assert.deepEqual([a.usage.cpu_is_predicted, a.usage.memory_is_predicted], [false, false]);
    const stored = store.samples.listForRun('mv-res');
    assert.equal(stored.length, 2);
    assert.deepEqual(
      [stored[0].cpuMillicores, stored[0].cpuRequestMillicores, stored[0].cpuLimitMillicores, stored[0].memoryRequestMb, stored[0].memoryLimitMb],
      [457.5, 300, 1100, 288, 1088],
    );
  });

  it('fills a pod missing from metrics-server with its last value, marked predicted in the message and the table', async () => {
    const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', podNames: ['petstore-7d9f-aaaaa'] }, 'mv-res', store.samples);
    await sampler.sample(1_700_000_005_000);
    fake.clearPodMetrics('petstore-7d9f-aaaaa');
    const tick = await sampler.sample(1_700_000_010_000);
    assert.equal(tick.messages.length, 1);
    assert.deepEqual(tick.messages[0].usage.cpu_is_predicted, true);
    assert.deepEqual(tick.messages[0].actual_usage, { cpu_millicores: 457.5, memory_mb: 688 });
    const stored = store.samples.listForRun('mv-res', 1_700_000_005_000);
    assert.deepEqual(stored.map((s) => [s.ts, s.cpuIsPredicted, s.memoryIsPredicted]), [[1_700_000_010_000, true, true]]);
  });

  it('explains "metrics-server not found" when metrics.k8s.io is absent', async () => {
    fake.setMetricsServer(false);
    const sampler = new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', selector: 'app=petstore' }, 'mv-res', store.samples);
    const tick = await sampler.sample(1_700_000_005_000);
    assert.equal(tick.messages.length, 0);
    assert.equal(tick.problem?.kind, 'metrics-server-missing');
    assert.match(tick.problem?.message ?? '', /^metrics-server not found.*k3s ships metrics-server/);
    assert.equal(store.samples.listForRun('mv-res').length, 0);
  });

  it('says why when the pods cannot be listed or none matches, and when a run has no target', async () => {
    const undo = fake.deny({ verb: 'list', resource: 'pods' });
    const denied = await new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', selector: 'app=petstore' }, 'mv-res').sample(1);
    assert.equal(denied.problem?.kind, 'forbidden');
    undo();
    const none = await new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test', podNames: ['gone-1'] }, 'mv-res').sample(1);
    assert.equal(none.problem?.kind, 'no-target');
    assert.match(none.problem?.message ?? '', /No running pod matches gone-1 in namespace "test"/);
    const untargeted = await new ResourceSampler(new KubePodResourceSource(client), { namespace: 'test' }, 'mv-res').sample(1);
    assert.equal(untargeted.problem?.kind, 'no-target');
  });
});
