// `metric-vault run --wait` in CI sees what the editor sees about the target's pods: while the
// run goes, the CLI samples the pods behind BASE_URL (a Service's selector) from metrics.k8s.io
// through the aggregation layer of the real control plane, so a target held near its CPU limit
// is a finding in the run's output and in its Markdown report. k6's points go into a real
// influxd; the k6 pod is run by the pod runner and ended by the real Job controller.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { usageAnnotation } from '../../support/metricsServer/index';
import type { KubeObject } from '../../support/podRunner/kubeApi';
import { deleteRun } from '../../support/runs/clusterRunHarness';
import { writeScript } from '../../support/runs/outcomeScripts';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('CLI run --wait on the real control plane: the target pods\' CPU/memory', function () {
  this.timeout(180_000);
  let cluster: LocalCluster;
  let influx: InfluxdServer;
  let api: EchoServer;
  let tmp: { dir: string; cleanup: () => void };
  const name = `shop-${Date.now().toString(36)}`;
  const runIds: string[] = [];

  before(async function () {
    cluster = await useLocalCluster(this);
    tmp = makeTempDir('mv-cluster-podfindings-');
    [influx, api] = await Promise.all([startInfluxd(), startEchoServer()]);
    const ns = cluster.namespace;
    // The shop's one container runs at 480m of its 500m CPU limit (what metrics.k8s.io reports).
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name }, annotations: { [usageAnnotation]: JSON.stringify({ app: { cpu: '480m', memory: '100Mi' } }) } },
          spec: { containers: [{ name: 'app', image: 'registry.local/shop:2.0', resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] },
        },
      },
    };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 8080 }] } };
    assert.equal((await cluster.api.request('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment)).status, 201);
    assert.equal((await cluster.api.request('POST', `/api/v1/namespaces/${ns}/services`, service)).status, 201);
    await waitUntilAsync(async () => {
      const pods = (await cluster.api.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${name}`)).body.items as KubeObject[];
      return pods.length === 1 && (pods[0].status as { phase?: string }).phase === 'Running';
    }, 'kwok runs the shop pod', 60_000);
  });

  after(async () => {
    if (cluster) {
      for (const id of runIds) await deleteRun(cluster, id);
      const ns = cluster.namespace;
      await cluster.api.request('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/${name}`, { propagationPolicy: 'Background' });
      await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}/services/${name}`);
    }
    await Promise.all([influx?.close(), api?.close()]);
    tmp?.cleanup();
  });

  it('a target near its CPU limit is a finding in the run\'s output and its report', async () => {
    // BASE_URL names the in-cluster Service (whose pods are sampled); the stand-in k6 sends its
    // requests to a loopback server, since nothing here serves the Service's address.
    const script = writeScript(
      tmp.dir,
      'shop.js',
      `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 1, duration: '8s' };
const BASE_URL = __ENV.BASE_URL || 'http://${name}.${cluster.namespace}.svc.cluster.local:8080';
export default function () {
  http.get('${api.url}/products');
  sleep(0.2);
}
`,
    );
    const report = path.join(tmp.dir, 'report.md');
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, HOME: tmp.dir };
    const r = await runCli(
      ['run', '--script', script, '--target', 'cluster', '--wait', '--db', path.join(tmp.dir, 'runs.db'), '--influx', influx.url, '--in-cluster-influx', influx.url, '--influx-db', 'k6', '--report', `md:${report}`],
      env,
    );
    const runId = /^Run (mv-\S+):/m.exec(r.stdout)?.[1];
    if (runId) runIds.push(runId);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.ok(api.arrived.length > 0, 'the k6 pod sent requests');
    assert.match(r.stdout, new RegExp(`\\[WARNING\\] cpu-near-limit: ${name}-\\S+ ran at 96 % of its CPU limit`));
    // Only the target is near its limit: the k6 pod runs at 40 % of its request.
    assert.doesNotMatch(r.stdout, /generator-saturated/);
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, new RegExp(`${name}-\\S+ ran at 96 % of its CPU limit`));
    assert.match(md, /480m of the 500m limit/);

    // Later, in another CI step: `summary` and `report` read the run's points from InfluxDB and
    // the pods' samples from the same run database, so the pod finding is still there.
    const db = path.join(tmp.dir, 'runs.db');
    const summary = await runCli(['summary', '--testid', runId!, '--db', db, '--influx', influx.url, '--influx-db', 'k6'], env);
    assert.equal(summary.code, 0, summary.stderr + summary.stdout);
    assert.match(summary.stdout, new RegExp(`\\[WARNING\\] cpu-near-limit: ${name}-\\S+ ran at 96 % of its CPU limit`));
    const later = await runCli(['report', '--testid', runId!, '--format', 'md', '--db', db, '--influx', influx.url, '--influx-db', 'k6'], env);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stdout, /480m of the 500m limit/);
    // Without the run database only InfluxDB's view is left: no pod finding, and no error.
    const influxOnly = await runCli(['summary', '--testid', runId!, '--db', path.join(tmp.dir, 'none.db'), '--influx', influx.url, '--influx-db', 'k6'], env);
    assert.equal(influxOnly.code, 0, influxOnly.stderr);
    assert.doesNotMatch(influxOnly.stdout, /cpu-near-limit/);
    assert.ok(!fs.existsSync(path.join(tmp.dir, 'none.db')), 'summary does not create a run database it only reads');
  });
});
