// Distributed runs through k6-operator (simulated operator + Job controller on the fake API).
import { strict as assert } from 'node:assert';
import { RunHarness } from '../../support/runs/runHarness';
import { waitUntil } from '../kube/waitUntil';

describe('k6-operator TestRun engine (fake API server)', () => {
  let h: RunHarness;
  afterEach(async () => h?.close());

  it('submits a TestRun owning its ConfigMap; the runners run; the run finishes and nothing is left', async () => {
    h = await RunHarness.start({ k6Operator: true, jobs: { scenario: 'success' }, settings: { distributedEngine: 'k6-operator', parallelism: 2 } });
    const service = h.service();
    const r = await service.startInCluster({ scriptFile: h.script() });
    assert.ok(r.ok, !r.ok ? r.problems.join() : '');
    assert.equal(r.run.engine, 'k6-operator');
    assert.deepEqual(r.run.k8sObjects, [`ConfigMap/${r.run.id}-script`, `TestRun/${r.run.id}`]);
    const cm = h.kube.objects.get('configmaps', `${r.run.id}-script`)!;
    assert.equal(cm.metadata.ownerReferences![0].kind, 'TestRun');
    const final = (await service.whenDone(r.run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    const out = h.events.outputOf(r.run.id);
    assert.ok(out.some((l) => l.startsWith(`[${r.run.id}-1] `)) && out.some((l) => l.startsWith(`[${r.run.id}-2] `)), 'both runners\' logs');
    await waitUntil(() => h.leftovers(r.run.id).length === 0, 'cleanup: post removed everything');
  });

  it('tells failed thresholds from a pass although the operator says "finished" for both', async () => {
    h = await RunHarness.start({ k6Operator: true, jobs: { scenario: 'thresholds' }, settings: { distributedEngine: 'k6-operator', parallelism: 2 } });
    const service = h.service();
    const r = await service.startInCluster({ scriptFile: h.script() });
    assert.ok(r.ok);
    const final = (await service.whenDone(r.run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 99]);
  });

  it('stop deletes the TestRun', async () => {
    h = await RunHarness.start({ k6Operator: true, jobs: { scenario: 'long' }, settings: { distributedEngine: 'k6-operator', parallelism: 2 } });
    const service = h.service();
    const r = await service.startInCluster({ scriptFile: h.script() });
    assert.ok(r.ok);
    await h.events.until(() => h.run(r.run.id)?.state === 'running', 'running');
    const s = await service.stop(r.run.id);
    assert.ok(s.ok && s.run?.state === 'stopped');
    await waitUntil(() => h.leftovers(r.run.id).length === 0, 'everything deleted');
  });

  it('a TestRun still going past its deadline is failed and deleted', async () => {
    h = await RunHarness.start({ k6Operator: true, jobs: { scenario: 'long' }, settings: { distributedEngine: 'k6-operator', parallelism: 2 } });
    const service = h.service();
    const r = await service.startInCluster({ scriptFile: h.script() });
    assert.ok(r.ok);
    await h.events.until(() => h.run(r.run.id)?.state === 'running', 'running');
    // A deadline of 1 s instead of the script's duration plus grace: it passes while the runners still run.
    h.kube.objects.modify('testruns', r.run.id, (o) => ((o.metadata.annotations ??= {})['metric-vault.dev/deadline-seconds'] = '1'));
    const final = (await service.whenDone(r.run.id))!;
    assert.equal(final.state, 'failed');
    assert.match(final.reason ?? '', /DeadlineExceeded/);
    await waitUntil(() => h.leftovers(r.run.id).length === 0, 'the TestRun and its runners deleted');
  });

  it('refuses with a next step when the TestRun CRD is not installed', async () => {
    h = await RunHarness.start({ k6Operator: false, settings: { distributedEngine: 'k6-operator', parallelism: 2 } });
    const r = await h.service().startInCluster({ scriptFile: h.script() });
    assert.ok(!r.ok);
    assert.match(r.problems[0], /TestRun resource \(k6\.io\/v1alpha1\) is not installed/);
    assert.match(r.nextStep!, /metricVault\.k6\.engine to "job"/);
  });
});
