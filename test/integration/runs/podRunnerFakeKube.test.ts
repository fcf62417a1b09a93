// The pod runner against the fake API server in the Job controller's pod-runner mode (what the
// demo uses): the k6 process really runs from the Job's ConfigMap, and the run's outcome comes
// from its exit code through the pod's status, not from a scenario.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { StartResult } from '../../../src/app/runs/runService';
import { type PodRunner, startPodRunner } from '../../support/podRunner/index';
import { RunHarness } from '../../support/runs/runHarness';
import { faultScript, outcomeScripts, writeScript } from '../../support/runs/outcomeScripts';
import { waitUntil } from '../kube/waitUntil';

const k6Path = path.resolve(__dirname, '../../support/fakeK6/k6');
const okRun = (r: StartResult) => {
  if (!r.ok) throw new Error(`expected the run to start: ${r.problems.join(' / ')}`);
  return r.run;
};

describe('pod runner on the fake API server (Job controller in pod-runner mode)', function () {
  this.timeout(60_000);
  let h: RunHarness;
  let runner: PodRunner;
  beforeEach(async () => {
    h = await RunHarness.start({ jobs: { mode: 'pod-runner' } });
    runner = await startPodRunner({
      kubeconfig: h.kube.kubeconfigPath,
      k6Path,
      namespace: h.kube.namespace,
      onOutput: (pod, text) => h.kube.appendPodLog(pod.metadata.name ?? '', text, { namespace: pod.metadata.namespace }),
    });
  });
  afterEach(async () => {
    await runner?.close();
    await h?.close();
  });

  it('runs the script from the ConfigMap: pod Running then Succeeded, the run finished with exit 0', async () => {
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: writeScript(h.dir, 'pass.js', outcomeScripts.pass) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    const pod = h.kube.objects.list('pods').find((p) => p.metadata.labels?.testid === run.id)!;
    const status = pod.status as { phase: string; containerStatuses: { state: { terminated: { exitCode: number; reason: string } } }[] };
    assert.equal(status.phase, 'Succeeded');
    assert.deepEqual([status.containerStatuses[0].state.terminated.exitCode, status.containerStatuses[0].state.terminated.reason], [0, 'Completed']);
    assert.equal(runner.runs.get(pod.metadata.name ?? ''), 0);
  });

  it('exit 99 from k6 fails the Job by its podFailurePolicy', async () => {
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: writeScript(h.dir, 'thr.js', outcomeScripts.thresholds) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode, final.reason], ['finished', 99, 'thresholds failed (k6 exit code 99)']);
    const job = h.kube.objects.get('jobs', run.id)!;
    assert.match(JSON.stringify(job.status), /"reason":"PodFailurePolicy"/);
  });

  it('OOMKilled chosen by the script: exit 137, reason OOMKilled, Job BackoffLimitExceeded', async () => {
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: writeScript(h.dir, 'oom.js', faultScript('oom')) }));
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'failed');
    assert.match(final.reason ?? '', /OOM/i);
    const pod = h.kube.objects.list('pods').find((p) => p.metadata.labels?.testid === run.id)!;
    assert.match(JSON.stringify(pod.status), /"exitCode":137,"reason":"OOMKilled"/);
  });

  it('stopping a run deletes the pod and SIGTERMs its k6 process', async () => {
    const service = h.service();
    const run = okRun(await service.startInCluster({ scriptFile: writeScript(h.dir, 'long.js', outcomeScripts.long) }));
    await waitUntil(() => [...runner.runs.keys()].some((p) => p.startsWith(run.id)), 'k6 started in the pod', 30_000);
    const podName = [...runner.runs.keys()].find((p) => p.startsWith(run.id))!;
    await service.stop(run.id);
    await waitUntil(() => runner.runs.get(podName) !== undefined, 'k6 exited', 30_000);
    await waitUntil(() => h.leftovers(run.id).length === 0, 'nothing of the run is left', 30_000);
  });
});
