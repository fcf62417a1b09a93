// Run lifecycle on the real local control plane: Kubernetes' own Job controller, garbage
// collector and TTL controller decide the outcome from the pod status the pod runner writes
// for the k6 process it really ran. Nothing here is simulated by the test.
import { strict as assert } from 'node:assert';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { renderCredentialsSecret, renderRun } from '../../../src/core/manifests/render';
import { deriveJobStatus } from '../../../src/core/runs/jobStatus';
import { clusterProcesses, type LocalCluster, useLocalCluster } from '../../support/localCluster';
import type { Json, KubeObject } from '../../support/podRunner/kubeApi';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';
import { faultScript, outcomeScripts } from '../../support/runs/outcomeScripts';
import { waitUntilAsync } from '../../support/waitUntilAsync';

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

  it('success: a labelled, time-bounded Job owning its ConfigMap; running → finished when the Job controller completes it; k6 output followed', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass) }));
    assert.equal(run.state, 'queued');
    assert.deepEqual(run.k8sObjects, [`ConfigMap/${run.id}-script`, `Job/${run.id}`]);
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    assert.ok(final.startedAt && final.finishedAt && final.finishedAt >= final.startedAt);
    assert.match(h.events.statesOf(run.id).filter((st, i, a) => a.indexOf(st) === i).join(' → '), /^queued( → starting)? → running → finished$/);
    const out = h.events.outputOf(run.id).join('\n');
    assert.match(out, /execution: local/);
    assert.match(out, /script: \S*\/scripts\/pass\.js/, 'k6 runs the script from the mounted ConfigMap');
    const j = await job(run.id);
    assert.deepEqual([j.metadata.labels?.['app.kubernetes.io/managed-by'], j.metadata.labels?.testid], ['metric-vault', run.id]);
    const spec = j.spec as { backoffLimit: number; ttlSecondsAfterFinished: number; activeDeadlineSeconds: number };
    assert.deepEqual([spec.backoffLimit, spec.ttlSecondsAfterFinished], [0, 86400]);
    assert.ok(spec.activeDeadlineSeconds > 0 && spec.activeDeadlineSeconds <= 3600, String(spec.activeDeadlineSeconds));
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
    assert.match(h.events.outputOf(run.id).join('\n'), /thresholds on metrics 'checks' have been crossed/);
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

  it('stop: Background propagation; the garbage collector removes the pods and the ConfigMap; k6 gets SIGTERM and ends', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', outcomeScripts.long) }));
    await waitUntilAsync(async () => (await h.list('pods', run.id)).some((p) => (p.status as { phase?: string }).phase === 'Running'), 'the k6 pod runs', 60_000);
    const k6 = () => clusterProcesses().filter((p) => p.includes(run.id) && p.includes('k6'));
    await waitUntilAsync(async () => k6().length > 0, 'the k6 process runs in the pod', 30_000);
    const stopped = await service.stop(run.id);
    assert.ok(stopped.ok, JSON.stringify(stopped));
    assert.equal(h.store.runs.get(run.id)!.state, 'stopped');
    await waitUntilAsync(async () => (await h.leftovers(run.id)).length === 0, 'the Job, its pods and its ConfigMap are gone', 60_000);
    await waitUntilAsync(async () => k6().length === 0, 'the pod\'s k6 process ended', 30_000);
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
      // An image that never pulls is not left to its deadline: Metric Vault deletes the Job (Background), the GC takes the rest.
      if (fault === 'image-pull') await waitUntilAsync(async () => (await h.leftovers(run.id)).length === 0, 'the abandoned run was cleaned up', 60_000);
    });
  }

  it("credentials reach the cluster only as the run's own Secret, owned by its ConfigMap (owned by the Job), and go with them", async () => {
    const service = h.service({ credentials: async () => ({ influxUsername: 'k6', influxPassword: 's3cret', apiToken: 'tok-1' }) });
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', outcomeScripts.long) }));
    assert.deepEqual(run.k8sObjects, [`ConfigMap/${run.id}-script`, `Secret/${run.id}-credentials`, `Job/${run.id}`]);
    const [secret] = await h.list('secrets', run.id);
    assert.equal(Buffer.from((secret.data as Record<string, string>)['api-token'], 'base64').toString(), 'tok-1');
    assert.deepEqual(secret.metadata.ownerReferences?.map((o) => [o.kind, o.name]), [['ConfigMap', `${run.id}-script`]]);
    for (const o of [await job(run.id), ...(await h.list('configmaps', run.id))]) {
      const text = JSON.stringify(o);
      assert.ok(!text.includes('s3cret') && !text.includes('tok-1'), `no secret value in ${String(o.kind ?? o.metadata.name)}`);
    }
    await waitUntilAsync(async () => (await h.list('pods', run.id)).some((p) => (p.status as { phase?: string }).phase === 'Running'), 'the k6 pod runs', 60_000);
    assert.ok((await service.stop(run.id)).ok);
    await waitUntilAsync(async () => (await h.leftovers(run.id)).length === 0, 'the GC removed the Secret with the ConfigMap and the Job', 60_000);
  });

  it('a Job name clash (409 from the API server): a clear message, our ConfigMap rolled back, no record', async () => {
    const id = `mv-clash-${Date.now().toString(36)}`;
    const theirs = renderRun(aManifestSpec({ runId: id, namespace: cluster.namespace, target: undefined }), aBundle({ 'pass.js': outcomeScripts.pass })).workload as IJob;
    // Theirs never runs (suspended), so only the name matters.
    theirs.spec!.suspend = true;
    assert.equal((await cluster.api.request('POST', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`, theirs)).status, 201);
    try {
      const r = await h.service().startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass), runId: id });
      assert.ok(!r.ok && r.stage === 'submit', JSON.stringify(r));
      assert.match(r.problems[0], /already exists/);
      assert.match(r.problems[0], /nothing of this run was left behind/);
      assert.deepEqual(await h.list('configmaps', id), [], 'our ConfigMap was rolled back');
      assert.equal(h.store.runs.get(id), undefined);
    } finally {
      await cluster.api.request('DELETE', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${id}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
    }
  });

  it("a ConfigMap name clash (409) never deletes the other object of that name, and creates no Job", async () => {
    const id = `mv-cmclash-${Date.now().toString(36)}`;
    const path = `/api/v1/namespaces/${cluster.namespace}/configmaps`;
    assert.equal((await cluster.api.request('POST', path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${id}-script` }, data: { mine: 'yes' } })).status, 201);
    try {
      const r = await h.service().startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass), runId: id });
      assert.equal(r.ok, false);
      assert.equal(((await cluster.api.get(`${path}/${id}-script`)).body.data as Record<string, string>).mine, 'yes');
      assert.equal((await cluster.api.get(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${id}`)).status, 404);
    } finally {
      await cluster.api.request('DELETE', `${path}/${id}-script`);
    }
  });

  it('admission refuses the Job at create time (403, quota exceeded): the ConfigMap is rolled back', async () => {
    const ns = `mv-quota-${Date.now().toString(36)}`;
    assert.equal((await cluster.api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status, 201);
    try {
      const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-jobs' }, spec: { hard: { 'count/jobs.batch': '0' } } };
      assert.equal((await cluster.api.request('POST', `/api/v1/namespaces/${ns}/resourcequotas`, quota)).status, 201);
      // The quota controller must have counted usage before the admission plugin enforces it.
      await waitUntilAsync(async () => ((await cluster.api.get(`/api/v1/namespaces/${ns}/resourcequotas/no-jobs`)).body.status as { used?: object } | undefined)?.used !== undefined, 'the quota is counted', 30_000);
      const r = await h.service().startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass), namespace: ns });
      assert.ok(!r.ok, JSON.stringify(r));
      assert.match(r.problems.join('\n'), /exceeded quota/);
      const cms = (await cluster.api.get(`/api/v1/namespaces/${ns}/configmaps?labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=metric-vault')}`)).body.items as KubeObject[];
      assert.deepEqual(cms, [], 'the ConfigMap was rolled back');
    } finally {
      await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}`);
    }
  });

  it('refuses in Restricted Mode, for a missing namespace, and for a script k6 would reject — creating nothing', async () => {
    const before = await Promise.all([cluster.api.get(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`), cluster.api.get(`/api/v1/namespaces/${cluster.namespace}/configmaps`)]);
    const restricted = await h.service({ isTrusted: () => false }).startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass) });
    assert.ok(!restricted.ok && restricted.stage === 'restricted' && /Restricted Mode/.test(restricted.problems[0]));
    const missing = await h.service().startInCluster({ scriptFile: h.script('pass.js', outcomeScripts.pass), namespace: 'nope' });
    assert.ok(!missing.ok && /namespace "nope" does not exist/.test(missing.problems[0]) && /kubectl create namespace nope/.test(missing.nextStep!), JSON.stringify(missing));
    const bad = await h.service().startInCluster({ scriptFile: h.script('bad.js', "export const x = open('../../outside.json');") });
    assert.ok(!bad.ok && /outside the script's folder/.test(bad.problems.join('\n')));
    const after = await Promise.all([cluster.api.get(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`), cluster.api.get(`/api/v1/namespaces/${cluster.namespace}/configmaps`)]);
    const names = (res: { body: Record<string, unknown> }) => (res.body.items as KubeObject[]).map((o) => o.metadata.name).sort();
    assert.deepEqual(after.map(names), before.map(names));
  });

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
    // One output channel, each line tagged with its generator.
    const out = h.events.outputOf(run.id);
    for (const i of [0, 1]) assert.ok(out.some((l) => l.startsWith(`[generator ${i}] `) && l.includes('execution: local')), `generator ${i}:\n${out.join('\n')}`);
  });
});
