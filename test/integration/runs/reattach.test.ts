// "A run is never lost": the extension host restarts mid-run (a new RunService built from
// the store only), a run ends while the editor is closed, a teammate starts one.
import { strict as assert } from 'node:assert';
import type { KubeObject } from '../../support/fakeKube/index';
import { renderRun } from '../../../src/core/manifests/render';
import { RunHarness } from '../../support/runs/runHarness';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';

describe('reattaching to runs after the extension host restarts', () => {
  let h: RunHarness;
  afterEach(async () => h?.close());

  async function startRunning() {
    const first = h.service();
    const r = await first.startInCluster({ scriptFile: h.script() });
    assert.ok(r.ok);
    await h.events.until(() => h.run(r.run.id)?.state === 'running', 'the run is running');
    return { first, id: r.run.id };
  }

  it('still running: a new monitor built from the store resumes watching and sees the end', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const { first, id } = await startRunning();
    first.dispose(); // the extension host goes away; the Job does not
    assert.equal(h.kube.objects.get('jobs', id) !== undefined, true);
    assert.equal(h.run(id)!.state, 'running');

    const second = h.service();
    const report = await second.reattach();
    assert.deepEqual(report, { resumed: [id], completed: [], adopted: [], followed: [], swept: [] });
    const linesBefore = h.events.outputOf(id).length;
    h.jobs.finish(id, 'success');
    const final = await second.whenDone(id);
    assert.equal(final!.state, 'finished');
    assert.ok(h.events.outputOf(id).length > linesBefore, 'k6 output is followed again');
  });

  it('ended while the editor was closed: the outcome is recorded at activation', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const { first, id } = await startRunning();
    first.dispose();
    h.jobs.finish(id, 'thresholds');
    await h.jobs.settled(id);
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, [id]);
    const run = h.run(id)!;
    assert.deepEqual([run.state, run.exitCode], ['finished', 99]);
    assert.ok(h.events.finishedRuns.some((f) => f.run.id === id), 'the end is reported (notification)');
  });

  it('deleted while the editor was closed: recorded as stopped with the reason, not left "running"', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const { first, id } = await startRunning();
    first.dispose();
    h.kube.objects.delete('jobs', id, { propagationPolicy: 'Background' });
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, [id]);
    assert.equal(h.run(id)!.state, 'stopped');
    assert.match(h.run(id)!.reason!, /deleted outside Metric Vault/);
  });

  it("a teammate's run (same labels, not in this history) appears with its script and endpoints, and is watched", async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const id = 'mv-20261126-090000-team';
    const r = renderRun(aManifestSpec({ runId: id, namespace: h.kube.namespace, scriptPath: 'loadtests/orders.js', endpoints: ['POST /orders'] }), aBundle());
    h.kube.objects.create('configmaps', r.configMap as KubeObject);
    h.kube.objects.create('jobs', r.workload as KubeObject);
    const service = h.service();
    const report = await service.reattach();
    assert.deepEqual(report.adopted, [id]);
    const run = h.run(id)!;
    assert.deepEqual([run.scriptPath, run.endpoints, run.engine, run.namespace], ['loadtests/orders.js', ['POST /orders'], 'job', 'test']);
    h.jobs.finish(id, 'success');
    assert.equal((await service.whenDone(id))!.state, 'finished');
  });

  it('a local run whose editor closed is recorded as stopped (its process went with that editor)', async () => {
    h = await RunHarness.start();
    h.store.runs.insert({ id: 'mv-20261126-100000-locl', scriptPath: '/w/pets.js', engine: 'local', state: 'running', k8sObjects: [], endpoints: [], createdAt: 1, startedAt: 1 });
    const report = await h.service().reattach();
    assert.deepEqual(report.completed, ['mv-20261126-100000-locl']);
    assert.equal(h.run('mv-20261126-100000-locl')!.state, 'stopped');
  });

  it('without a reachable cluster, active runs stay active and the reason is reported', async () => {
    h = await RunHarness.start({ jobs: { scenario: 'long' } });
    const { first, id } = await startRunning();
    first.dispose();
    const offline = h.service({ cluster: () => ({ ok: false, error: { kind: 'unreachable', message: 'Cannot reach the Kubernetes API server.' } }) });
    const report = await offline.reattach();
    assert.equal(report.error, 'Cannot reach the Kubernetes API server.');
    assert.equal(h.run(id)!.state, 'running');
  });
});
