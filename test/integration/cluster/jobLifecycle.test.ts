// Run lifecycle on the real local control plane: Kubernetes' own Job controller, garbage
// collector and TTL controller decide the outcome from the pod status the pod runner writes
// for the k6 process it really ran. Nothing here is simulated by the test.
import { strict as assert } from 'node:assert';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { renderCredentialsSecret, renderRun } from '../../../src/core/manifests/render';
import { deriveJobStatus } from '../../../src/core/runs/jobStatus';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import type { Json, KubeObject } from '../../support/podRunner/kubeApi';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';
import { faultScript, outcomeScripts } from '../../support/runs/outcomeScripts';
import { waitUntilAsync } from './waitUntilAsync';

type Condition = { type: string; status: string; reason?: string };
const conditions = (job: KubeObject | undefined): Condition[] => ((job?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const terminated = (pod: KubeObject) => ((pod.status as { containerStatuses?: { state?: { terminated?: { exitCode: number; reason: string } } }[] }).containerStatuses ?? [])[0]?.state?.terminated;

describe('run lifecycle on the real control plane (Job controller, GC, TTL)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let h: ClusterRunHarness;
  before(async function () {
    cluster = await useLocalCluster(this);
  });
  beforeEach(() => {
    h = ClusterRunHarness.open(cluster);
  });
  afterEach(async () => h?.close());

  const job = async (runId: string) => (await h.list('jobs', runId))[0];

  it('success: the Job controller completes the Job after k6 exits 0; its ConfigMap is owned by the Job', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    const j = await job(run.id);
    assert.ok(conditions(j).some((c) => c.type === 'Complete' && c.status === 'True'), JSON.stringify(j.status));
    const [pod] = await h.list('pods', run.id);
    assert.equal((pod.status as { phase: string }).phase, 'Succeeded');
    assert.deepEqual([terminated(pod)?.exitCode, terminated(pod)?.reason], [0, 'Completed']);
    const [cm] = await h.list('configmaps', run.id);
    assert.deepEqual(cm.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]), [['Job', run.id, j.metadata.uid]]);
  });

  it('exit 99: the Job fails by its podFailurePolicy (FailJob), the run reports thresholds failed', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('thr.js', outcomeScripts.thresholds) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode, final.reason], ['finished', 99, 'thresholds failed (k6 exit code 99)']);
    const failed = conditions(await job(run.id)).find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'PodFailurePolicy');
  });

  it('OOMKilled: exit 137 with reason OOMKilled; backoffLimit 0 fails the Job at once', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('oom.js', faultScript('oom')) }));
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'failed');
    assert.match(final.reason ?? '', /OOM/i);
    assert.equal(conditions(await job(run.id)).find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
    const [pod] = await h.list('pods', run.id);
    assert.deepEqual([terminated(pod)?.exitCode, terminated(pod)?.reason], [137, 'OOMKilled']);
  });

  it('stop: Background propagation; the garbage collector removes the pods and the ConfigMap', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', outcomeScripts.long) }));
    await waitUntilAsync(async () => (await h.list('pods', run.id)).some((p) => (p.status as { phase?: string }).phase === 'Running'), 'the k6 pod runs', 60_000);
    const stopped = await service.stop(run.id);
    assert.ok(stopped.ok, JSON.stringify(stopped));
    await waitUntilAsync(async () => (await h.leftovers(run.id)).length === 0, 'the Job, its pods and its ConfigMap are gone', 60_000);
  });

  it('activeDeadlineSeconds: the controller fails the Job (DeadlineExceeded) and stops the pod; TTL then removes the Job, GC its ConfigMap and Secret', async () => {
    const runId = `mv-deadline-${Date.now().toString(36)}`;
    const spec = aManifestSpec({ runId, namespace: cluster.namespace, target: undefined });
    const rendered = renderRun(spec, aBundle({ 'long.js': outcomeScripts.long }));
    const jobManifest = rendered.workload as IJob;
    jobManifest.spec!.activeDeadlineSeconds = 4;
    jobManifest.spec!.ttlSecondsAfterFinished = 3;
    const created = await cluster.api.request('POST', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`, jobManifest);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const owner = { apiVersion: 'batch/v1', kind: 'Job', name: runId, uid: (created.body.metadata as { uid: string }).uid, blockOwnerDeletion: true };
    for (const [path, obj] of [
      ['configmaps', rendered.configMap],
      ['secrets', renderCredentialsSecret(runId, cluster.namespace, { apiToken: 't0ken' })!],
    ] as const) {
      const o = structuredClone(obj) as unknown as Json & { metadata: Json };
      o.metadata.ownerReferences = [owner];
      assert.equal((await cluster.api.request('POST', `/api/v1/namespaces/${cluster.namespace}/${path}`, o)).status, 201);
    }
    await waitUntilAsync(async () => conditions(await job(runId)).some((c) => c.type === 'Failed' && c.reason === 'DeadlineExceeded'), 'the Job failed by its deadline', 60_000);
    const status = deriveJobStatus((await job(runId)) as never, (await h.list('pods', runId)) as never);
    assert.equal(status.state, 'failed');
    assert.match(status.reason ?? '', /deadline/i);
    await waitUntilAsync(async () => (await h.leftovers(runId)).length === 0, 'TTL and GC removed the Job, pods, ConfigMap and Secret', 60_000);
  });

  for (const [fault, reason] of [['image-pull', /ImagePullBackOff|ErrImagePull/], ['evicted', /Evicted/]] as const) {
    it(`${fault}: the kubelet's report reaches the run as a failure with its reason`, async () => {
      const service = h.service();
      const run = startedRun(await service.startInCluster({ scriptFile: h.script(`${fault}.js`, faultScript(fault)) }));
      const final = (await service.whenDone(run.id))!;
      assert.equal(final.state, 'failed');
      assert.match(final.reason ?? '', reason);
    });
  }

  it('a pod whose ConfigMap is missing waits in ContainerCreating, then runs once it appears', async () => {
    const runId = `mv-nocm-${Date.now().toString(36)}`;
    const rendered = renderRun(aManifestSpec({ runId, namespace: cluster.namespace, target: undefined }), aBundle({ 'pass.js': outcomeScripts.pass }));
    const created = await cluster.api.request('POST', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`, rendered.workload);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const waiting = async () => {
      const [pod] = await h.list('pods', runId);
      return ((pod?.status as { containerStatuses?: { state?: { waiting?: { reason: string; message: string } } }[] } | undefined)?.containerStatuses ?? [])[0]?.state?.waiting;
    };
    await waitUntilAsync(async () => (await waiting())?.reason === 'ContainerCreating', 'the pod waits for its volume', 60_000);
    assert.match((await waiting())!.message, /configmap ".+-script" not found/);
    const cm = structuredClone(rendered.configMap) as unknown as Json & { metadata: Json };
    cm.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: runId, uid: (created.body.metadata as { uid: string }).uid }];
    assert.equal((await cluster.api.request('POST', `/api/v1/namespaces/${cluster.namespace}/configmaps`, cm)).status, 201);
    await waitUntilAsync(async () => conditions(await job(runId)).some((c) => c.type === 'Complete' && c.status === 'True'), 'the Job completes', 60_000);
    await cluster.api.request('DELETE', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${runId}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
  });

  it('Indexed Job: one pod per completion index, each with its JOB_COMPLETION_INDEX; Complete when all succeed', async () => {
    h.settings.parallelism = 2;
    h.settings.distributedEngine = 'job';
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    const j = await job(run.id);
    assert.equal((j.spec as { completionMode?: string }).completionMode, 'Indexed');
    assert.equal((j.status as { succeeded?: number }).succeeded, 2);
    const pods = await h.list('pods', run.id);
    const indexes = pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    assert.deepEqual(indexes, ['0', '1']);
  });
});
