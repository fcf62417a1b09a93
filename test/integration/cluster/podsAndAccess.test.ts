// The CLI against the real local control plane: the Pods view's data for pods that kwok runs
// (scheduled by the real scheduler, made by the real ReplicaSet controller) with usage from
// metrics.k8s.io through the aggregation layer (test/support/metricsServer), and a read-only
// ServiceAccount refused by the API server's own SelfSubjectAccessReview before anything of a
// run is created.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { type LocalCluster, serviceAccountKubeconfig, useLocalCluster } from '../../support/localCluster';
import type { KubeObject } from '../../support/podRunner/kubeApi';
import { deleteRun } from '../../support/runs/clusterRunHarness';
import { outcomeScripts, writeScript } from '../../support/runs/outcomeScripts';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('CLI on the real control plane: pods and access', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let tmp: { dir: string; cleanup: () => void };
  before(async function () {
    cluster = await useLocalCluster(this);
    tmp = makeTempDir('mv-cluster-cli-');
  });
  const runIds: string[] = [];
  const removals: (() => Promise<void>)[] = [];
  after(async () => {
    tmp?.cleanup();
    if (!cluster) return;
    for (const id of runIds) await deleteRun(cluster, id);
    for (const remove of removals) await remove();
  });

  it('pods: a Deployment\'s pods run on kwok nodes, listed with summed requests and limits', async () => {
    const name = `shop-${Date.now().toString(36)}`;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              { name: 'app', image: 'registry.local/shop:1.4.2', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } } },
              { name: 'envoy', image: 'envoyproxy/envoy:v1.31', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } },
            ],
          },
        },
      },
    };
    const ns = cluster.namespace;
    assert.equal((await cluster.api.request('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment)).status, 201);
    try {
      await waitUntilAsync(async () => {
        const res = await cluster.api.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${name}`);
        const pods = res.body.items as KubeObject[];
        return pods.length === 2 && pods.every((p) => ((p.status as { containerStatuses?: { ready: boolean }[] }).containerStatuses ?? []).filter((c) => c.ready).length === 2);
      }, 'kwok runs both pods, all containers ready', 60_000);
      const r = await runCli(['pods', '--json'], { ...process.env, KUBECONFIG: cluster.kubeconfigPath });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { namespace: string; metricsAvailable: boolean; pods: { name: string; status: string; ready: number; total: number; node: string; resources: Record<string, number>; usage?: Record<string, number> }[] };
      assert.equal(report.namespace, ns);
      // metrics.k8s.io comes through the aggregation layer from the test metrics server.
      assert.equal(report.metricsAvailable, true);
      const mine = report.pods.filter((p) => p.name.startsWith(`${name}-`));
      assert.equal(mine.length, 2);
      for (const p of mine) {
        assert.deepEqual([p.status, p.ready, p.total], ['Running', 2, 2]);
        assert.match(p.node, /^k3s-/);
        assert.deepEqual([p.resources.cpuRequestMillicores, p.resources.cpuLimitMillicores, p.resources.memoryRequestMb, p.resources.memoryLimitMb], [300, 1200, 320, 640]);
        // The test metrics server reports 40 % of each CPU request and 60 % of each memory request.
        assert.deepEqual(p.usage, { cpuMillicores: 120, memoryMb: 192 });
      }
    } finally {
      await cluster.api.request('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/${name}`, { propagationPolicy: 'Background' });
    }
  });

  it('pods (table): the sample workload cluster.sh starts, specs summed per pod; a restart kwok reports shows with its reason', async () => {
    const ns = cluster.namespace;
    const listSample = async () => ((await cluster.api.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dsample-shop`)).body.items as KubeObject[]).filter((p) => (p.status as { phase?: string }).phase === 'Running');
    await waitUntilAsync(async () => (await listSample()).length === 2, 'the sample Deployment\'s two pods run', 60_000);
    const [first] = await listSample();
    await cluster.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`, { metadata: { annotations: { 'metric-vault.dev/restart': 'OOMKilled', 'metric-vault.dev/restart-container': 'app' } } }, 'application/merge-patch+json');
    const restarts = async () => ((await cluster.api.get(`/api/v1/namespaces/${ns}/pods/${first.metadata.name}`)).body.status as { containerStatuses: { name: string; restartCount: number }[] }).containerStatuses;
    const before = (await restarts()).find((c) => c.name === 'app')!.restartCount;
    await waitUntilAsync(async () => (await restarts()).find((c) => c.name === 'app')!.restartCount === before + 1, 'kwok restarted the app container', 30_000);
    const r = await runCli(['pods'], { ...process.env, KUBECONFIG: cluster.kubeconfigPath });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('sample-shop-'));
    assert.equal(rows.length, 2, r.stdout);
    // app 250m/500m + envoy 50m/100m; 256Mi/512Mi + 64Mi/128Mi.
    for (const row of rows) assert.match(row, /Running\s+2\/2\s+.*k3s-\S+\s+300m\/600m\s+320Mi\/640Mi/);
    const restarted = rows.find((l) => l.startsWith(first.metadata.name))!;
    assert.match(restarted, new RegExp(`\\s${before + 1} \\(OOMKilled\\)\\s`));
  });

  it('run --wait: the real Job controller completes the run (exit 0), or fails it by podFailurePolicy (exit 99)', async () => {
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, HOME: tmp.dir };
    const db = ['--db', path.join(tmp.dir, 'runs.db')];
    const pass = await runCli(['run', '--script', writeScript(tmp.dir, 'pass.js', outcomeScripts.pass), '--target', 'cluster', '--wait', ...db], env);
    const passId = /^Run (mv-\S+):/m.exec(pass.stdout)?.[1];
    if (passId) runIds.push(passId);
    assert.equal(pass.code, 0, pass.stderr + pass.stdout);
    assert.match(pass.stdout, /^Run mv-\S+: finished/m);
    const thr = await runCli(['run', '--script', writeScript(tmp.dir, 'thr.js', outcomeScripts.thresholds), '--target', 'cluster', '--wait', ...db], env);
    assert.equal(thr.code, 99, thr.stderr + thr.stdout);
    const runId = /^Run (mv-\S+):/m.exec(thr.stdout)?.[1];
    if (runId) runIds.push(runId);
    const job = await cluster.api.get(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${runId}`);
    const failed = ((job.body.status as { conditions?: { type: string; reason?: string }[] }).conditions ?? []).find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'PodFailurePolicy');
  });

  it('run: a read-only ServiceAccount is refused before anything is created', async () => {
    const ns = cluster.namespace;
    const readOnly = await serviceAccountKubeconfig(cluster, 'mv-readonly', [{ apiGroups: ['', 'batch'], resources: ['pods', 'pods/log', 'services', 'jobs', 'configmaps'], verbs: ['get', 'list', 'watch'] }], tmp.dir);
    removals.push(readOnly.remove);
    const kubeconfig = readOnly.kubeconfigPath;
    const jobsBefore = await cluster.api.get(`/apis/batch/v1/namespaces/${ns}/jobs`);
    const cmsBefore = await cluster.api.get(`/api/v1/namespaces/${ns}/configmaps`);
    const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: tmp.dir };
    // The ServiceAccount really can read pods: the refusal is about what a run needs.
    assert.equal((await runCli(['pods', '--json'], env)).code, 0);
    const r = await runCli(['run', '--script', writeScript(tmp.dir, 'pass.js', outcomeScripts.pass), '--target', 'cluster', '--wait'], env);
    assert.equal(r.code, 1);
    // The API server's own SelfSubjectAccessReview answer, named with the next step.
    assert.match(r.stderr, /You are not allowed to .*create jobs\.batch.* in namespace "test"/);
    assert.match(r.stderr, /Ask a cluster admin for a Role/);
    const names = (res: { body: Record<string, unknown> }) => (res.body.items as KubeObject[]).map((o) => o.metadata.name).sort();
    assert.deepEqual(names(await cluster.api.get(`/apis/batch/v1/namespaces/${ns}/jobs`)), names(jobsBefore));
    assert.deepEqual(names(await cluster.api.get(`/api/v1/namespaces/${ns}/configmaps`)), names(cmsBefore));
  });
});
