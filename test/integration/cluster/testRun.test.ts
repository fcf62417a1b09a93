// Distributed runs through the k6-operator engine on the real control plane: k6-operator's own
// TestRun CRD in the real API server, the k6-operator stand-in (test/support/k6Operator:
// initializer → paused runners → starter → finished, from the operator's documentation), the
// real Job controller and garbage collector, and the pod runner running every pod with the k6
// stand-in. The product watches the TestRun and its runner pods exactly as against a cluster
// with k6-operator installed.
import { strict as assert } from 'node:assert';
import { installTestRunCrd, uninstallTestRunCrd } from '../../support/k6Operator/crd';
import { type K6Operator, startK6Operator } from '../../support/k6Operator/index';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import type { KubeObject } from '../../support/podRunner/kubeApi';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { startK6Gate } from '../../support/runs/k6Gate';
import { outcomeScripts } from '../../support/runs/outcomeScripts';
import { waitUntilAsync } from '../../support/waitUntilAsync';

/** Two VUs, so each of the two runners gets one (k6 splits VUs by execution segment). */
const twoRunners = {
  pass: `import { sleep } from 'k6';
export const options = { vus: 2, iterations: 4 };
export default function () {
  sleep(0.1);
}
`,
  thresholds: `import { check } from 'k6';
export const options = { vus: 2, iterations: 2, thresholds: { checks: ['rate>0.99'] } };
export default function () {
  check(1, { 'fails on purpose': (v) => v === 2 });
}
`,
  long: outcomeScripts.long.replace('vus: 1', 'vus: 2'),
  broken: `import { sleep } from 'k6';
export const options = { vus: 2, iterations: 2 };
throw new Error('the init context fails on purpose');
export default function () {
  sleep(0.1);
}
`,
};

describe('k6-operator TestRun engine on the real control plane (k6-operator stand-in)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let operator: K6Operator;
  let h: ClusterRunHarness;
  before(async function () {
    cluster = await useLocalCluster(this);
    await installTestRunCrd(cluster.api);
    operator = await startK6Operator({ kubeconfig: cluster.kc, namespace: cluster.namespace });
  });
  after(async () => operator?.close());
  beforeEach(() => {
    h = ClusterRunHarness.open(cluster, { distributedEngine: 'k6-operator', parallelism: 2 });
  });
  afterEach(async () => h?.close());

  const testRunPath = (name: string) => `/apis/k6.io/v1alpha1/namespaces/${cluster.namespace}/testruns/${name}`;
  const list = async (path: string, selector: string): Promise<KubeObject[]> => (await cluster.api.get(`${path}?labelSelector=${encodeURIComponent(selector)}`)).body.items as KubeObject[];
  /** The TestRun, its Jobs and pods (by k6_cr) and its ConfigMap (by testid) still in the cluster. */
  async function leftovers(runId: string): Promise<string[]> {
    const ns = cluster.namespace;
    const out: string[] = [];
    if ((await cluster.api.get(testRunPath(runId))).status === 200) out.push(`TestRun/${runId}`);
    for (const j of await list(`/apis/batch/v1/namespaces/${ns}/jobs`, `k6_cr=${runId}`)) out.push(`Job/${j.metadata.name}`);
    for (const p of await list(`/api/v1/namespaces/${ns}/pods`, `k6_cr=${runId}`)) out.push(`Pod/${p.metadata.name}`);
    for (const c of await list(`/api/v1/namespaces/${ns}/configmaps`, `testid=${runId}`)) out.push(`ConfigMap/${c.metadata.name}`);
    return out;
  }
  const stagesOf = (runId: string) => operator.transitions.filter((t) => t.startsWith(`${runId}: `)).map((t) => t.slice(runId.length + 2));

  it('submits a TestRun owning its ConfigMap; the operator initializes, starts both runners together; finished, and cleanup: post leaves nothing', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('pass.js', twoRunners.pass) }));
    assert.equal(run.engine, 'k6-operator');
    assert.deepEqual(run.k8sObjects, [`ConfigMap/${run.id}-script`, `TestRun/${run.id}`]);
    const tr = (await cluster.api.get(testRunPath(run.id))).body as KubeObject;
    const [cm] = await h.list('configmaps', run.id);
    assert.deepEqual(cm.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]), [['TestRun', run.id, tr.metadata.uid]]);
    // The runner Jobs, as the operator names and labels them, owned by the TestRun.
    await waitUntilAsync(async () => (await list(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`, `k6_cr=${run.id},runner=true`)).length === 2, 'both runner Jobs exist');
    const runners = await list(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs`, `k6_cr=${run.id},runner=true`);
    assert.deepEqual(runners.map((j) => j.metadata.name).sort(), [`${run.id}-1`, `${run.id}-2`]);
    assert.ok(runners.every((j) => j.metadata.ownerReferences?.[0]?.uid === tr.metadata.uid && j.metadata.labels?.app === 'k6'));

    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    assert.deepEqual(stagesOf(run.id), ['initialization', 'initialized', 'created', 'started', 'finished']);
    assert.match(h.events.statesOf(run.id).filter((st, i, a) => a.indexOf(st) === i).join(' → '), /^queued → starting → running → finished$/);
    const out = h.events.outputOf(run.id);
    for (const i of [1, 2]) {
      const mine = out.filter((l) => l.startsWith(`[${run.id}-${i}] `)).join('\n');
      assert.match(mine, /scenarios: \(50\.00%\) 1 scenario, 1 max VUs/, `runner ${i} ran its half of the load`);
      assert.match(mine, /iterations\.+: 2 /, `runner ${i} ran two of the four iterations`);
    }
    await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'cleanup: post deleted the TestRun and the garbage collector everything it owned', 60_000);
  });

  it('tells failed thresholds (exit 99) from a pass although the operator says "finished" for both', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('thr.js', twoRunners.thresholds) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode, final.reason], ['finished', 99, 'thresholds failed (k6 exit code 99)']);
    assert.equal(stagesOf(run.id).at(-1), 'finished');
    assert.match(h.events.outputOf(run.id).join('\n'), /thresholds on metrics 'checks' have been crossed/);
  });

  it('a script k6 cannot load: the initializer fails, the run fails with k6\'s reason, no runner is started and nothing is left', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('broken.js', twoRunners.broken) }));
    const final = (await service.whenDone(run.id))!;
    assert.deepEqual([final.state, final.exitCode, final.reason], ['failed', 107, 'k6 exited with code 107: the script threw an exception']);
    // The initializer's own failure decides, whether or not the operator has said "error" yet.
    assert.ok(!stagesOf(run.id).includes('created'), stagesOf(run.id).join(' → '));
    // Why, in the run's output: the initializer's own log, as `kubectl logs <name>-initializer-…` shows it.
    assert.match(h.events.outputOf(run.id).join('\n'), new RegExp(`\\[${run.id}-initializer\\] .*Error: the init context fails on purpose`));
    await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'the failed TestRun deleted with its initializer', 60_000);
  });

  it('stop deletes the TestRun; the garbage collector removes the runner Jobs, their pods and the ConfigMap', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', twoRunners.long) }));
    await h.events.until(() => h.events.statesOf(run.id).includes('running'), 'running', 60_000);
    assert.equal(stagesOf(run.id).at(-1), 'started');
    // The runners were started paused; the starter's PATCH /v1/status to each one's REST API resumed them.
    const jobs = `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`;
    await waitUntilAsync(async () => ((await cluster.api.get(`${jobs}/${run.id}-starter`)).body.status as { succeeded?: number } | undefined)?.succeeded === 1, 'the starter Job completed');
    const s = await service.stop(run.id);
    assert.ok(s.ok && s.run?.state === 'stopped', JSON.stringify(s));
    await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'the TestRun and everything it owned are gone', 60_000);
  });

  it('a TestRun still going past its deadline is failed and deleted', async () => {
    const service = h.service();
    const run = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', twoRunners.long) }));
    await h.events.until(() => h.events.statesOf(run.id).includes('running'), 'running', 60_000);
    // A deadline of 1 s instead of the script's duration plus grace: it passes while the runners still run.
    const patch = await cluster.api.request('PATCH', testRunPath(run.id), { metadata: { annotations: { 'metric-vault.dev/deadline-seconds': '1' } } }, 'application/merge-patch+json');
    assert.equal(patch.status, 200);
    const final = (await service.whenDone(run.id))!;
    assert.equal(final.state, 'failed');
    assert.match(final.reason ?? '', /DeadlineExceeded/);
    await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'the TestRun and its runners deleted', 60_000);
  });

  it('after an editor restart mid-run, the new monitor follows the TestRun to the operator\'s finish and the runners\' verdict', async () => {
    // The runners' k6 ends when the gate opens, after the restart (one VU per runner).
    const gate = await startK6Gate();
    try {
      const first = h.service();
      const run = startedRun(await first.startInCluster({ scriptFile: h.script('gated.js', gate.script.replace('vus: 1', 'vus: 2')) }));
      await h.events.until(() => h.store.runs.get(run.id)?.state === 'running', 'the run is running', 60_000);
      first.dispose();
      const second = h.service();
      const report = await second.reattach();
      assert.deepEqual(report.resumed, [run.id]);
      gate.open();
      const final = (await second.whenDone(run.id))!;
      assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
      assert.equal(stagesOf(run.id).at(-1), 'finished');
      await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'cleanup: post left nothing', 60_000);
    } finally {
      await gate.close();
    }
  });

  it('ended and cleaned up (cleanup: post) while the editor was closed: recorded as stopped with why the TestRun is gone, not as deleted by someone', async () => {
    const gate = await startK6Gate();
    try {
      const first = h.service();
      const run = startedRun(await first.startInCluster({ scriptFile: h.script('gated.js', gate.script.replace('vus: 1', 'vus: 2')) }));
      await h.events.until(() => h.store.runs.get(run.id)?.state === 'running', 'the run is running', 60_000);
      first.dispose();
      gate.open();
      await waitUntilAsync(async () => (await leftovers(run.id)).length === 0, 'the operator finished and cleaned up', 60_000);
      const second = h.service();
      await second.reattach();
      const final = (await second.whenDone(run.id))!;
      assert.equal(final.state, 'stopped');
      assert.match(final.reason ?? '', /k6-operator deletes it once the test is over \(cleanup: post\)/);
    } finally {
      await gate.close();
    }
  });

  it('refuses with a next step when the TestRun CRD is not installed, and creates nothing', async () => {
    const ours = async () => (await list(`/api/v1/namespaces/${cluster.namespace}/configmaps`, 'app.kubernetes.io/managed-by=metric-vault')).map((c) => c.metadata.name).sort();
    await uninstallTestRunCrd(cluster.api);
    try {
      const before = await ours();
      const r = await h.service().startInCluster({ scriptFile: h.script('pass.js', twoRunners.pass) });
      assert.ok(!r.ok);
      assert.match(r.problems[0], /TestRun resource \(k6\.io\/v1alpha1\) is not installed/);
      assert.match(r.nextStep!, /metricVault\.k6\.engine to "job"/);
      assert.deepEqual(await ours(), before, 'no ConfigMap was created');
    } finally {
      // Other files (and a later run) expect the CRD: put it back whatever happened.
      await installTestRunCrd(cluster.api);
    }
  });
});
