// `metric-vault pods` against the real control plane through real kubeconfig files: a pod kwok
// runs (restarted twice on request, as a kubelet reports it), its usage from metrics.k8s.io
// through the aggregation layer, the table without metrics-server (its APIService deleted), other
// namespaces and contexts, and the server's own 404 for a missing namespace.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import type { CliIo } from '../../../src/cli/command';
import { main } from '../../../src/cli/main';
import { type LocalCluster, removeMetricsApi, useLocalCluster } from '../../support/localCluster';
import type { KubeObject } from '../../support/podRunner/kubeApi';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, out, err };
}

describe('metric-vault pods on the real control plane', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let env: NodeJS.ProcessEnv;
  let tmp: ReturnType<typeof makeTempDir>;
  const suffix = Date.now().toString(36);
  const pod = `api-${suffix}`;
  const staging = `staging-${suffix}`;
  before(async function () {
    cluster = await useLocalCluster(this);
    tmp = makeTempDir('mv-pods-cli-');
    env = { KUBECONFIG: cluster.kubeconfigPath };
    const ns = cluster.namespace;
    // Usage as metrics-server would report it: 300m + 12m CPU, 256Mi + 20Mi memory.
    const usage = { api: { cpu: '300000000n', memory: '262144Ki' }, proxy: { cpu: '12m', memory: '20Mi' } };
    const created = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, labels: { app: pod }, annotations: { 'metrics.metric-vault.dev/usage': JSON.stringify(usage) } },
      spec: {
        containers: [
          { name: 'api', image: 'registry.local/api:2', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
          { name: 'proxy', image: 'envoyproxy/envoy:v1.31', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } },
        ],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const apiRestarts = async () => {
      const got = (await cluster.api.get(`/api/v1/namespaces/${ns}/pods/${pod}`)).body as KubeObject;
      const statuses = (got.status as { phase?: string; containerStatuses?: { name: string; ready: boolean; restartCount: number }[] }) ?? {};
      return statuses.phase === 'Running' && (statuses.containerStatuses ?? []).every((c) => c.ready) ? statuses.containerStatuses?.find((c) => c.name === 'api')?.restartCount ?? -1 : -1;
    };
    await waitUntilAsync(async () => (await apiRestarts()) === 0, 'kwok runs the pod', 60_000);
    for (const n of [1, 2]) {
      await cluster.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${pod}`, { metadata: { annotations: { 'metric-vault.dev/restart': 'Error', 'metric-vault.dev/restart-container': 'api' } } }, 'application/merge-patch+json');
      await waitUntilAsync(async () => (await apiRestarts()) === n, `kwok restarted the api container (${n})`, 30_000);
    }
    assert.equal((await cluster.api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: staging } })).status, 201);
  });
  after(async () => {
    tmp?.cleanup();
    if (!cluster) return;
    await cluster.api.request('DELETE', `/api/v1/namespaces/${cluster.namespace}/pods/${pod}`, { gracePeriodSeconds: 0 });
    await cluster.api.request('DELETE', `/api/v1/namespaces/${staging}`);
  });

  it('prints pods with their resources and usage as JSON', async () => {
    const r = await cli(['pods', '--json'], env);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.namespace, 'test');
    assert.equal(report.context, cluster.kc.getCurrentContext());
    assert.equal(report.metricsAvailable, true);
    const mine = report.pods.find((p: { name: string }) => p.name === pod);
    assert.ok(mine, r.out);
    assert.deepEqual([mine.ready, mine.total, mine.restarts, mine.status], [2, 2, 2, 'Running']);
    assert.deepEqual(
      [mine.resources.cpuRequestMillicores, mine.resources.cpuLimitMillicores, mine.resources.memoryRequestMb, mine.resources.memoryLimitMb],
      [300, 1200, 320, 1152],
    );
    assert.deepEqual(mine.usage, { cpuMillicores: 312, memoryMb: 276 });
    assert.equal(mine.cpuPercent.of, 'limit');
    assert.equal(Math.round(mine.cpuPercent.value), 26);
    assert.deepEqual(mine.containers.map((c: { name: string }) => c.name), ['api', 'proxy']);
  });

  it('prints a table, and says when usage is unavailable (no metrics.k8s.io)', async () => {
    const restore = await removeMetricsApi(cluster);
    try {
      const r = await cli(['pods'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^NAME\s+STATUS\s+READY\s+RESTARTS\s+AGE\s+NODE\s+CPU REQ\/LIM\s+MEM REQ\/LIM\s+CPU USE\s+MEM USE$/m);
      assert.match(r.out, new RegExp(`${pod}\\s+Running\\s+2/2\\s+2 \\(Error\\)\\s+\\S+\\s+k3s-\\S+\\s+300m/1200m\\s+320Mi/1.13Gi\\s+-\\s+-`));
      assert.match(r.err, /Usage unavailable: metrics-server not found/);
    } finally {
      await restore();
    }
  });

  it('takes --namespace, and fails with the next step for a missing namespace or kubeconfig', async () => {
    const other = await cli(['pods', '--namespace', staging, '--json'], env);
    assert.equal(other.code, 0, other.err);
    assert.deepEqual(JSON.parse(other.out).pods, []);
    const missing = await cli(['pods', '-n', 'ghost'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.err, new RegExp(`Namespace "ghost" does not exist in context "${cluster.kc.getCurrentContext()}"\\. Create it \\(kubectl create namespace ghost\\)`));
    const bad = await cli(['pods', '--namespace', 'Bad_NS'], env);
    assert.equal(bad.code, 2);
    const none = await cli(['pods'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    assert.equal(none.code, 1);
    assert.match(none.err, /No kubeconfig file exists at KUBECONFIG=\/nonexistent\/kubeconfig/);
  });

  it('uses another context with --context', async () => {
    const kubeconfig = parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8')) as { contexts: { name: string; context: { namespace?: string } }[] };
    const current = kubeconfig.contexts[0];
    kubeconfig.contexts.push({ name: 'staging-ctx', context: { ...current.context, namespace: staging } });
    const file = path.join(tmp.dir, 'two-contexts.kubeconfig');
    fs.writeFileSync(file, stringify(kubeconfig));
    const r = await cli(['pods', '--context', 'staging-ctx', '--json'], { KUBECONFIG: file });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).namespace, staging);
    const unknown = await cli(['pods', '--context', 'nope'], { KUBECONFIG: file });
    assert.match(unknown.err, /no context named "nope"/);
  });
});
