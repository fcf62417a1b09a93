// A fault a real API server cannot be made to produce: the process submitting a run killed
// exactly between two of its API calls (after the Secret, before the ConfigMap's hand-over; after
// the Job, before the hand-over). Only the fake API server can stop the world at that instant (its
// create hook runs before the answer is sent); on a real server the kill would race the next call.
// Nothing of a run outlives it in the cluster, even when the process submitting it dies half-way.
// A child process (an editor window) submits a run with credentials against the fake API server
// and is killed (SIGKILL) the moment a given object is created; the next activation must leave
// nothing behind: the Secret is owned by the ConfigMap from its creation, and the unowned
// ConfigMap is handed to its Job, or deleted (Secret with it) when there is no Job.
import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../support/fakeKube/index';
import { RunHarness } from '../../support/runs/runHarness';
import { LiveChild, supportScript } from '../../support/store/children';
import { waitUntil } from '../kube/waitUntil';

describe('fault: the submitting process is killed between two API calls (fake API server: the instant is its create hook)', function () {
  this.timeout(60_000);
  let h: RunHarness;
  let child: LiveChild | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await h?.close();
  });

  /** Starts an editor process that submits a run with a Secret, killed as soon as `resource` is created. */
  async function submitAndDieAt(resource: 'secrets' | 'jobs'): Promise<string> {
    let runId: string | undefined;
    const off = h.kube.onCreate(resource, (o: KubeObject) => {
      runId = o.metadata.labels?.testid;
      child?.kill('SIGKILL');
    });
    child = new LiveChild(supportScript('editorProcess.ts'), ['--db', h.store.file, '--namespace', h.kube.namespace, '--start-cluster', h.script(), '--with-secret'], {
      env: { ...process.env, KUBECONFIG: h.kube.kubeconfigPath },
    });
    await child.exited;
    off();
    assert.ok(runId, `the child got as far as creating ${resource}: ${child.stderr}`);
    return runId;
  }

  it('killed right after the Secret was created: the Secret is owned by the ConfigMap, and the next start removes both', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'success' } });
    const id = await submitAndDieAt('secrets');
    const cm = h.kube.objects.get('configmaps', `${id}-script`)!;
    const secret = h.kube.objects.get('secrets', `${id}-credentials`)!;
    assert.deepEqual(secret.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]), [['ConfigMap', cm.metadata.name, cm.metadata.uid]], 'owned from its creation');
    assert.equal(h.kube.objects.list('jobs').length, 0, 'no Job was created');

    // A young leftover may be a submission still in progress elsewhere: left alone.
    const early = await h.service().reattach();
    assert.deepEqual(early.swept, []);
    assert.equal(h.leftovers(id).length, 2);

    const report = await h.service({ leftoverAgeMs: 0 }).reattach();
    assert.ok(report.swept.includes(`ConfigMap/${id}-script`));
    await waitUntil(() => h.leftovers(id).length === 0, 'nothing of the run left');
    assert.ok(h.events.warnings.some((w) => w.includes('Removed what interrupted run submissions left')));
  });

  it('killed right after the Job was created: the next start hands the ConfigMap to the Job, and when the Job goes, everything goes', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'success' } });
    const id = await submitAndDieAt('jobs');
    assert.equal(h.kube.objects.get('configmaps', `${id}-script`)!.metadata.ownerReferences, undefined, 'the hand-over never happened');
    const service = h.service({ leftoverAgeMs: 0 });
    await service.reattach();
    const job = h.kube.objects.get('jobs', id)!;
    assert.deepEqual(h.kube.objects.get('configmaps', `${id}-script`)!.metadata.ownerReferences?.map((o) => o.uid), [job.metadata.uid]);
    assert.equal((await service.whenDone(id))?.state, 'finished', 'the run itself was adopted and completed');
    h.jobs.expireFinished();
    await waitUntil(() => h.leftovers(id).length === 0, 'the TTL removed the Job, its pods, the ConfigMap and the Secret');
  });
});
