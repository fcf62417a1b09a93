// "A run is never lost", on the real control plane: the extension host restarts mid-run (a new
// RunService built from the store only) and finds the Job Kubernetes kept running; a teammate's
// run (another editor, another database) is adopted from its labels and annotations; a run that
// ended or was deleted while the editor was closed is recorded as such at the next activation.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { ClusterRunHarness, deleteRun, startedRun } from '../../support/runs/clusterRunHarness';
import { startK6Gate } from '../../support/runs/k6Gate';
import { outcomeScripts } from '../../support/runs/outcomeScripts';
import { activationRunService } from '../../support/runs/runHarness';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('reattaching to runs on the real control plane', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  const harnesses: ClusterRunHarness[] = [];
  before(async function () {
    cluster = await useLocalCluster(this);
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('after a restart mid-run, the new monitor resumes and records the real Job\'s outcome', async () => {
    const h = ClusterRunHarness.open(cluster);
    harnesses.push(h);
    // k6 ends when the gate opens, after the restart: a fixed duration raced the restart on a loaded machine.
    const gate = await startK6Gate();
    try {
      const first = h.service();
      const run = startedRun(await first.startInCluster({ scriptFile: h.script('gated.js', gate.script) }));
      await h.events.until(() => h.store.runs.get(run.id)?.state === 'running', 'the run is running', 60_000);
      first.dispose();
      const linesBefore = h.events.outputOf(run.id).length;
      const second = h.service();
      const report = await second.reattach();
      assert.deepEqual(report.resumed, [run.id]);
      gate.open();
      const final = (await second.whenDone(run.id))!;
      assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
      assert.ok(h.events.outputOf(run.id).length > linesBefore, 'k6 output (the pod log, through the API server) is followed again');
    } finally {
      await gate.close();
    }
  });

  it('a teammate\'s run in the namespace is adopted into my run list', async () => {
    const mine = ClusterRunHarness.open(cluster);
    const teammate = ClusterRunHarness.open(cluster);
    harnesses.push(mine, teammate);
    const theirs = startedRun(await teammate.service().startInCluster({ scriptFile: teammate.script('six.js', outcomeScripts.sixSeconds) }));
    const report = await mine.service().reattach();
    assert.ok(report.adopted.includes(theirs.id), JSON.stringify(report));
    const adopted = mine.store.runs.get(theirs.id);
    assert.ok(adopted, 'the run is in my database');
    assert.match(adopted.scriptPath ?? '', /six\.js$/);
  });

  /** A run the real Job controller is running, its first editor gone (the extension host restarted). */
  async function runningWithoutEditor(script: string): Promise<{ h: ClusterRunHarness; id: string }> {
    const h = ClusterRunHarness.open(cluster);
    harnesses.push(h);
    const first = h.service();
    const run = startedRun(await first.startInCluster({ scriptFile: h.script('run.js', script) }));
    await h.events.until(() => h.store.runs.get(run.id)?.state === 'running', 'the run is running', 60_000);
    first.dispose();
    return { h, id: run.id };
  }

  it('ended while the editor was closed (thresholds crossed): the outcome is recorded at activation and reported', async () => {
    const { h, id } = await runningWithoutEditor(outcomeScripts.sixSecondsThresholds);
    await waitUntilAsync(async () => ((await h.list('jobs', id))[0]?.status as { conditions?: { type: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Failed') ?? false, 'the Job controller failed the Job (exit 99)', 60_000);
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, [id]);
    const run = h.store.runs.get(id)!;
    assert.deepEqual([run.state, run.exitCode], ['finished', 99]);
    assert.ok(h.events.finishedRuns.some((f) => f.run.id === id), 'the end is reported (notification)');
  });

  it('deleted while the editor was closed: recorded as stopped with the reason, not left "running"', async () => {
    const { h, id } = await runningWithoutEditor(outcomeScripts.long);
    await deleteRun(cluster, id);
    await waitUntilAsync(async () => (await h.list('jobs', id)).length === 0, 'the Job is gone', 60_000);
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, [id]);
    assert.equal(h.store.runs.get(id)!.state, 'stopped');
    assert.match(h.store.runs.get(id)!.reason!, /deleted outside Metric Vault/);
  });

  it('without a reachable cluster, active runs stay active and the reason is reported', async () => {
    const { h, id } = await runningWithoutEditor(outcomeScripts.long);
    // The same database, a kubeconfig whose API server does not answer (a closed loopback port).
    const dead = path.join(h.dir, 'dead.kubeconfig');
    fs.writeFileSync(dead, fs.readFileSync(cluster.kubeconfigPath, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9'));
    const service = activationRunService(dead, h.store, h.events, h.settings);
    const report = await service.reattach().finally(() => service.dispose());
    assert.match(report.error ?? '', /reach|ECONNREFUSED|connect/i);
    assert.equal(h.store.runs.get(id)!.state, 'running');
  });

  it('a local run whose editor closed is recorded as stopped (its process went with that editor)', async () => {
    const h = ClusterRunHarness.open(cluster);
    harnesses.push(h);
    h.store.runs.insert({ id: 'mv-20261126-100000-locl', scriptPath: '/w/pets.js', engine: 'local', state: 'running', k8sObjects: [], endpoints: [], createdAt: 1, startedAt: 1 });
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, ['mv-20261126-100000-locl']);
    assert.equal(h.store.runs.get('mv-20261126-100000-locl')!.state, 'stopped');
  });
});
