// `metric-vault pods` against the fake API server through a real kubeconfig.
import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { aPod, type FakeKube, startFakeKube } from '../../support/fakeKube';

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, out, err };
}

describe('metric-vault pods', () => {
  let fake: FakeKube;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    fake = await startFakeKube({ namespaces: ['staging'] });
    env = { KUBECONFIG: fake.kubeconfigPath };
    fake.objects.create('pods', aPod('api-7d9f5', { restarts: 2, containers: [{ name: 'api', requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } }, { name: 'proxy', requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } }] }));
    fake.setPodMetrics('api-7d9f5', [{ name: 'api', cpu: '300000000n', memory: '262144Ki' }, { name: 'proxy', cpu: '12m', memory: '20Mi' }]);
  });
  afterEach(async () => fake.close());

  it('prints pods with their resources and usage as JSON', async () => {
    const r = await cli(['pods', '--json'], env);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.namespace, 'test');
    assert.equal(report.context, 'fake');
    assert.equal(report.metricsAvailable, true);
    const [pod] = report.pods;
    assert.equal(pod.name, 'api-7d9f5');
    assert.deepEqual([pod.ready, pod.total, pod.restarts, pod.status], [2, 2, 2, 'Running']);
    assert.deepEqual(
      [pod.resources.cpuRequestMillicores, pod.resources.cpuLimitMillicores, pod.resources.memoryRequestMb, pod.resources.memoryLimitMb],
      [300, 1200, 320, 1152],
    );
    assert.deepEqual(pod.usage, { cpuMillicores: 312, memoryMb: 276 });
    assert.equal(pod.cpuPercent.of, 'limit');
    assert.equal(Math.round(pod.cpuPercent.value), 26);
    assert.deepEqual(pod.containers.map((c: { name: string; image: string }) => c.name), ['api', 'proxy']);
  });

  it('prints a table, and says when usage is unavailable', async () => {
    fake.setMetricsServer(false);
    const r = await cli(['pods'], env);
    assert.equal(r.code, 0);
    assert.match(r.out, /^NAME\s+STATUS\s+READY\s+RESTARTS\s+AGE\s+NODE\s+CPU REQ\/LIM\s+MEM REQ\/LIM\s+CPU USE\s+MEM USE$/m);
    assert.match(r.out, /api-7d9f5\s+Running\s+2\/2\s+2\s+\S+\s+k3s-server\s+300m\/1200m\s+320Mi\/1.13Gi\s+-\s+-/);
    assert.match(r.err, /Usage unavailable: metrics-server not found/);
  });

  it('takes --namespace, and fails with the next step for a missing namespace or kubeconfig', async () => {
    assert.deepEqual(JSON.parse((await cli(['pods', '--namespace', 'staging', '--json'], env)).out).pods, []);
    const missing = await cli(['pods', '-n', 'ghost'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Namespace "ghost" does not exist in context "fake"\. Create it \(kubectl create namespace ghost\)/);
    const bad = await cli(['pods', '--namespace', 'Bad_NS'], env);
    assert.equal(bad.code, 2);
    const none = await cli(['pods'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    assert.equal(none.code, 1);
    assert.match(none.err, /No kubeconfig file exists at KUBECONFIG=\/nonexistent\/kubeconfig/);
  });

  it('uses another context with --context', async () => {
    const file = fake.writeKubeconfig({ extraContexts: [{ name: 'staging-ctx', namespace: 'staging' }] });
    const r = await cli(['pods', '--context', 'staging-ctx', '--json'], { KUBECONFIG: file });
    assert.equal(JSON.parse(r.out).namespace, 'staging');
    const unknown = await cli(['pods', '--context', 'nope'], { KUBECONFIG: file });
    assert.match(unknown.err, /no context named "nope"/);
  });
});
