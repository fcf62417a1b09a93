// "A run is never lost", on the real control plane: the extension host restarts mid-run (a new
// RunService built from the store only) and finds the Job Kubernetes kept running; a teammate's
// run (another editor, another database) is adopted from its labels and annotations.
import { strict as assert } from 'node:assert';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { outcomeScripts } from '../../support/runs/outcomeScripts';

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
    const first = h.service();
    const run = startedRun(await first.startInCluster({ scriptFile: h.script('six.js', outcomeScripts.sixSeconds) }));
    await h.events.until(() => h.store.runs.get(run.id)?.state === 'running', 'the run is running', 60_000);
    first.dispose();
    const second = h.service();
    const report = await second.reattach();
    assert.deepEqual(report.resumed, [run.id]);
    const final = (await second.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
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
});
