// The simulated Job controller must behave like the real one, or the lifecycle tests prove nothing.
import { strict as assert } from 'node:assert';
import { startFakeKube, type FakeKube, type KubeObject } from '../../support/fakeKube/index';
import { installJobController, type JobController } from '../../support/fakeKube/jobController';
import { renderRun, ownedBy } from '../../../src/core/manifests/render';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';

type Status = { conditions?: { type: string; reason?: string }[]; active?: number; succeeded?: number; failed?: number; startTime?: string; completionTime?: string };

describe('fake cluster: simulated Job controller', () => {
  let kube: FakeKube;
  let jobs: JobController;
  beforeEach(async () => (kube = await startFakeKube()));
  afterEach(async () => {
    jobs.dispose();
    await kube.close();
  });

  function submit(engine: 'job' | 'indexed-job' = 'job', parallelism = 1): KubeObject {
    const r = renderRun(aManifestSpec({ engine, parallelism }), aBundle());
    kube.objects.create('configmaps', r.configMap as KubeObject);
    const job = kube.objects.create('jobs', r.workload as KubeObject);
    kube.objects.modify('configmaps', r.configMap.metadata!.name!, (cm) => (cm.metadata.ownerReferences = [ownedBy({ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name!, uid: job.metadata.uid! })]));
    return job;
  }
  const status = (name: string) => kube.objects.get('jobs', name)!.status as Status;
  const pods = (name: string) => kube.objects.list('pods').filter((p) => p.metadata.labels?.['job-name'] === name);

  it('success: pods with owner refs and job-name labels run to Succeeded, Job Complete with times', async () => {
    jobs = installJobController(kube, { scenario: 'success' });
    const job = submit();
    await jobs.settled(job.metadata.name!);
    const s = status(job.metadata.name!);
    assert.deepEqual(s.conditions!.map((c) => c.type), ['SuccessCriteriaMet', 'Complete']);
    assert.equal(s.succeeded, 1);
    assert.equal(s.active, 0);
    assert.ok(s.startTime && s.completionTime);
    const [pod] = pods(job.metadata.name!);
    assert.match(pod.metadata.name!, /^mv-20261126-143012-k3x9-[a-z0-9]{5}$/);
    assert.equal(pod.metadata.ownerReferences![0].uid, job.metadata.uid);
    assert.equal((pod.status as { phase: string }).phase, 'Succeeded');
  });

  it('exit 99 fails the Job by its podFailurePolicy; the deadline fails it with DeadlineExceeded and deletes the pods', async () => {
    jobs = installJobController(kube, { scenario: 'thresholds' });
    const a = submit();
    await jobs.settled(a.metadata.name!);
    assert.equal(status(a.metadata.name!).conditions!.at(-1)!.reason, 'PodFailurePolicy');
    kube.objects.delete('jobs', a.metadata.name!, { propagationPolicy: 'Background' });
    await new Promise((r) => setImmediate(r));
    jobs.setScenario('deadline');
    const b = submit();
    await jobs.settled(b.metadata.name!);
    assert.equal(status(b.metadata.name!).conditions!.at(-1)!.reason, 'DeadlineExceeded');
    assert.equal(pods(b.metadata.name!).length, 0);
  });

  it('an Indexed Job gets one pod per index named <job>-<index>-<random>, with JOB_COMPLETION_INDEX', async () => {
    jobs = installJobController(kube, { scenario: 'success' });
    const job = submit('indexed-job', 3);
    await jobs.settled(job.metadata.name!);
    const ps = pods(job.metadata.name!).sort((x, y) => x.metadata.name!.localeCompare(y.metadata.name!));
    assert.deepEqual(ps.map((p) => p.metadata.name!.replace(/-[a-z0-9]{5}$/, '')), [0, 1, 2].map((i) => `mv-20261126-143012-k3x9-${i}`));
    const env = (ps[2].spec as { containers: { env: { name: string; value?: string }[] }[] }).containers[0].env;
    assert.equal(env.find((e) => e.name === 'JOB_COMPLETION_INDEX')!.value, '2');
    assert.equal(status(job.metadata.name!).succeeded, 3);
  });

  it('deleting the Job with propagationPolicy Background removes its pods and the ConfigMap it owns', async () => {
    jobs = installJobController(kube, { scenario: 'long' });
    const job = submit();
    while (pods(job.metadata.name!).length === 0) await new Promise((r) => setTimeout(r, 5));
    kube.objects.delete('jobs', job.metadata.name!, { propagationPolicy: 'Background' });
    await new Promise((r) => setImmediate(r));
    assert.equal(pods(job.metadata.name!).length, 0);
    assert.equal(kube.objects.list('configmaps').length, 0);
  });
});
