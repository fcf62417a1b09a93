// The whole run lifecycle against the fake API server and its simulated Job controller:
// what the user sees (state, reason, k6's output) and what is left in the cluster.
import { strict as assert } from 'node:assert';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { renderRun } from '../../../src/core/manifests/render';
import type { StartResult } from '../../../src/app/runs/runService';
import { waitUntil } from '../kube/waitUntil';
import type { KubeObject } from '../../support/fakeKube/index';
import { RunHarness } from '../../support/runs/runHarness';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';

const okRun = (r: StartResult) => {
  if (!r.ok) throw new Error(`expected the run to start: ${r.problems.join(' / ')}`);
  return r.run;
};

describe('run lifecycle in the cluster (fake API server)', () => {
  let h: RunHarness;
  afterEach(async () => h?.close());

  it('success: ConfigMap owned by a labelled, time-bounded Job; running → finished; k6 output followed', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'success' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script(), target: 'http://pets.test.svc.cluster.local:8080' }));
    assert.equal(run.state, 'queued');
    assert.deepEqual(run.k8sObjects, [`ConfigMap/${run.id}-script`, `Job/${run.id}`]);
    assert.deepEqual(run.endpoints, ['GET /pets/{petId}']);

    const job = h.kube.objects.get('jobs', run.id)! as KubeObject & IJob;
    assert.equal(job.metadata.labels!['app.kubernetes.io/managed-by'], 'metric-vault');
    assert.equal(job.metadata.labels!.testid, run.id);
    assert.equal(job.spec!.activeDeadlineSeconds, 30 + 30 + 120);
    assert.equal(job.spec!.ttlSecondsAfterFinished, 86400);
    const cm = h.kube.objects.get('configmaps', `${run.id}-script`)!;
    assert.deepEqual(cm.metadata.ownerReferences!.map((o) => [o.kind, o.name, o.uid]), [['Job', run.id, job.metadata.uid]]);

    const final = await service.whenDone(run.id);
    assert.equal(final!.state, 'finished');
    assert.equal(final!.exitCode, 0);
    assert.ok(final!.startedAt && final!.finishedAt && final!.finishedAt >= final!.startedAt);
    assert.match(h.events.statesOf(run.id).filter((s, i, a) => a.indexOf(s) === i).join(' → '), /^queued( → starting)? → running → finished$/);
    const out = h.events.outputOf(run.id).join('\n');
    assert.match(out, /execution: local/);
    assert.match(out, /script: \/scripts\/pets\.js/);
    assert.match(out, /✓ 'rate<0.01'/);

    // A day later the TTL controller removes the Job: the ConfigMap goes with it.
    h.jobs.expireFinished();
    await waitUntil(() => h.leftovers(run.id).length === 0, 'the TTL removed everything');
  });

  it('exit 99: the run finished but its thresholds failed', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'thresholds' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script() }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode, final.reason], ['finished', 99, 'thresholds failed (k6 exit code 99)']);
    assert.match(h.events.outputOf(run.id).join('\n'), /thresholds on metrics 'http_req_failed' have been crossed/);
  });

  it('deadline exceeded: failed with the reason and the deadline', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'deadline' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script() }));
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'failed');
    assert.equal(final.reason, 'DeadlineExceeded: the run was still going after its 180 s deadline and was stopped');
  });

  it('image pull error: failed with ImagePullBackOff, and the Job is deleted instead of waiting for the deadline', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'image-pull' }, settings: { image: 'grafana/k6:does-not-exist' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script() }));
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'failed');
    assert.match(final.reason!, /^ImagePullBackOff: Back-off pulling image "grafana\/k6:does-not-exist"/);
    await waitUntil(() => h.leftovers(run.id).length === 0, 'the abandoned run was cleaned up');
    const del = h.kube.requests.find((r) => r.method === 'DELETE' && r.resource === 'jobs');
    assert.equal(del?.query.propagationPolicy, 'Background');
  });

  it('OOMKilled and Evicted generators fail the run with that reason', async () => {
    h = await RunHarness.start({ jobs: { scenario: (job) => (job.metadata.annotations?.['metric-vault.dev/script']?.includes('oom') ? 'oom' : 'evicted') } });
    const service = h.service();
    const a = okRun(await service.startInCluster({ scriptFile: h.script('oom.js'), displayPath: 'loadtests/oom.js' }));
    const b = okRun(await service.startInCluster({ scriptFile: h.script('evict.js'), displayPath: 'loadtests/evict.js' }));
    assert.match((await service.whenDone(a.id))!.reason!, /^OOMKilled: k6 ran out of memory/);
    assert.match((await service.whenDone(b.id))!.reason!, /^Evicted: The node was low on resource: memory/);
  });

  it('stop: deletes the Job with propagationPolicy Background; pods and ConfigMap go; the run is stopped', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script() }));
    await h.events.until(() => h.run(run.id)?.state === 'running', 'the run is running');
    await h.events.until(() => h.events.outputOf(run.id).some((l) => l.startsWith('running (')), 'k6 progress is shown');
    const stopped = await service.stop(run.id);
    assert.ok(stopped.ok);
    assert.equal(stopped.run!.state, 'stopped');
    assert.equal(h.run(run.id)!.state, 'stopped');
    const del = h.kube.requests.find((r) => r.method === 'DELETE' && r.resource === 'jobs' && r.name === run.id);
    assert.equal(del?.query.propagationPolicy, 'Background');
    await waitUntil(() => h.leftovers(run.id).length === 0, 'nothing of the run is left');
  });

  it('credentials reach the cluster only as the run\'s own Secret, owned by its ConfigMap (owned by the Job) and gone with them', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const service = h.service({ credentials: async () => ({ influxUsername: 'k6', influxPassword: 's3cret', apiToken: 'tok-1' }) });
    const run = okRun(await service.startInCluster({ scriptFile: h.script() }));
    assert.deepEqual(run.k8sObjects, [`ConfigMap/${run.id}-script`, `Secret/${run.id}-credentials`, `Job/${run.id}`]);
    const secret = h.kube.objects.get('secrets', `${run.id}-credentials`)!;
    assert.equal(Buffer.from((secret.data as Record<string, string>)['api-token'], 'base64').toString(), 'tok-1');
    assert.equal(secret.metadata.labels!.testid, run.id);
    assert.deepEqual(secret.metadata.ownerReferences!.map((o) => [o.kind, o.name]), [['ConfigMap', `${run.id}-script`]]);
    const job = JSON.stringify(h.kube.objects.get('jobs', run.id));
    const cm = JSON.stringify(h.kube.objects.get('configmaps', `${run.id}-script`));
    for (const text of [job, cm]) assert.ok(!text.includes('s3cret') && !text.includes('tok-1'), 'no secret value in the Job or ConfigMap');
    await h.events.until(() => h.run(run.id)?.state === 'running', 'running');
    assert.ok((await service.stop(run.id)).ok);
    await waitUntil(() => h.leftovers(run.id).length === 0, 'the Secret went with the Job');
  });

  it('a failed Job create leaves neither the ConfigMap nor the Secret behind', async () => {
    h = await RunHarness.start();
    h.kube.failNext({ method: 'POST', path: /\/apis\/batch\/v1\/namespaces\/test\/jobs/, status: 500 });
    const r = await h.service({ credentials: async () => ({ apiToken: 'tok-1' }) }).startInCluster({ scriptFile: h.script() });
    assert.ok(!r.ok);
    assert.deepEqual([h.kube.objects.list('configmaps'), h.kube.objects.list('secrets')], [[], []]);
  });

  it('a 409 name clash on the Job: a clear message, nothing half-created left behind, no record', async () => {
    h = await RunHarness.start();
    const id = 'mv-20261126-143012-clsh';
    const theirs = renderRun(aManifestSpec({ runId: id, namespace: h.kube.namespace }), aBundle()).workload as KubeObject;
    h.jobs.dispose(); // the clashing Job just sits there
    h.kube.objects.create('jobs', theirs);
    const r = await h.service().startInCluster({ scriptFile: h.script(), runId: id });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.stage, 'submit');
    assert.match(r.problems[0], /already exists/);
    assert.match(r.problems[0], /nothing of this run was left behind/);
    assert.deepEqual(h.kube.objects.list('configmaps'), [], 'our ConfigMap was rolled back');
    assert.equal(h.run(id), undefined);
  });

  it('a 409 on the ConfigMap never deletes the other object of that name', async () => {
    h = await RunHarness.start();
    const id = 'mv-20261126-143012-cmcl';
    h.kube.objects.create('configmaps', { metadata: { name: `${id}-script` }, data: { mine: 'yes' } });
    const r = await h.service().startInCluster({ scriptFile: h.script(), runId: id });
    assert.equal(r.ok, false);
    assert.equal((h.kube.objects.get('configmaps', `${id}-script`)!.data as Record<string, string>).mine, 'yes');
    assert.deepEqual(h.kube.objects.list('jobs'), []);
  });

  it('403: pre-flight refuses before creating anything and names the missing permission', async () => {
    h = await RunHarness.start();
    h.kube.deny({ verb: 'create', group: 'batch', resource: 'jobs' });
    const r = await h.service().startInCluster({ scriptFile: h.script() });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.stage, 'preflight');
    assert.match(r.problems[0], /You are not allowed to create jobs\.batch in namespace "test"/);
    assert.match(r.nextStep!, /Ask a cluster admin for a Role/);
    assert.equal(h.kube.requests.filter((q) => q.method === 'POST' && q.resource !== 'selfsubjectaccessreviews').length, 0);
  });

  it('403 at create time (admission) rolls the ConfigMap back', async () => {
    h = await RunHarness.start();
    h.kube.failNext({ method: 'POST', path: /\/apis\/batch\/v1\/namespaces\/test\/jobs/, status: 403, message: 'jobs.batch is forbidden: violates PodSecurity "restricted:latest"' });
    const r = await h.service().startInCluster({ scriptFile: h.script() });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.problems[0], /violates PodSecurity/);
    assert.deepEqual(h.kube.objects.list('configmaps'), []);
  });

  it('refuses in Restricted Mode, for a missing namespace, and for a script k6 would reject — creating nothing', async () => {
    h = await RunHarness.start();
    const restricted = await h.service({ isTrusted: () => false }).startInCluster({ scriptFile: h.script() });
    assert.ok(!restricted.ok && restricted.stage === 'restricted' && /Restricted Mode/.test(restricted.problems[0]));
    const missing = await h.service().startInCluster({ scriptFile: h.script(), namespace: 'nope' });
    assert.ok(!missing.ok && /namespace "nope" does not exist/.test(missing.problems[0]) && /kubectl create namespace nope/.test(missing.nextStep!));
    const bad = await h.service().startInCluster({ scriptFile: h.script('bad.js', "export const x = open('../../outside.json');") });
    assert.ok(!bad.ok && /outside the script's folder/.test(bad.problems.join('\n')));
    assert.equal(h.kube.requests.filter((q) => q.method === 'POST' && q.resource !== 'selfsubjectaccessreviews').length, 0);
  });

  it('an Indexed Job splits the load: one output channel, each line tagged with its generator', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'success' } });
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: h.script(), parallelism: 3 }));
    assert.equal(run.engine, 'indexed-job');
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'finished');
    const out = h.events.outputOf(run.id);
    for (const i of [0, 1, 2]) assert.ok(out.some((l) => l.startsWith(`[generator ${i}] `) && l.includes('execution: local')), `generator ${i}`);
  });
});
