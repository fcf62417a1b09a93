// `metric-vault run --target cluster` on the real control plane, as a CI pipeline uses it: k6's
// output streamed, exit codes from the outcome the real Job controller reached (0, 99, 1), the
// record as --json, and a run left going without --wait.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runSelector } from '../../../src/core/manifests/labels';
import { runCli } from '../../support/cli';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { deleteRun } from '../../support/runs/clusterRunHarness';
import { faultScript, outcomeScripts, writeScript } from '../../support/runs/outcomeScripts';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('metric-vault run on the real control plane', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let tmp: { dir: string; cleanup: () => void };
  const runIds: string[] = [];
  before(async function () {
    cluster = await useLocalCluster(this);
    tmp = makeTempDir('mv-cluster-run-cli-');
  });
  after(async () => {
    for (const id of runIds) await deleteRun(cluster, id);
    tmp?.cleanup();
  });

  const run = async (script: string, text: string, ...flags: string[]) => {
    const r = await runCli(['run', '--script', writeScript(tmp.dir, script, text), '--target', 'cluster', '--db', path.join(tmp.dir, 'runs.db'), '--influx', 'http://127.0.0.1:9', ...flags], { ...process.env, KUBECONFIG: cluster.kubeconfigPath, HOME: tmp.dir });
    const id = /\b(mv-\d{8}-\d{6}-[a-z0-9]+)\b/.exec(r.stdout)?.[1];
    if (id) runIds.push(id);
    return { ...r, id };
  };

  it('--wait: streams k6 output and exits 0 when the run passed, saying InfluxDB is unreachable instead of waiting for it', async () => {
    const r = await run('pass.js', outcomeScripts.pass, '--wait');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /execution: local/);
    assert.match(r.stdout, /Run mv-\S+: finished: thresholds passed/);
    assert.match(r.stderr, /InfluxDB at http:\/\/127\.0\.0\.1:9 is unreachable.*The run goes ahead/);
  });

  it('--wait --json: exits 99 when thresholds failed, prints the record, k6 output on stderr', async () => {
    const r = await run('thr.js', outcomeScripts.thresholds, '--wait', '--json');
    assert.equal(r.code, 99, r.stderr);
    const record = JSON.parse(r.stdout) as { id: string; state: string; exitCode: number; engine: string };
    runIds.push(record.id);
    assert.deepEqual([record.state, record.exitCode, record.engine], ['finished', 99, 'job']);
    assert.match(r.stderr, /thresholds on metrics 'checks' have been crossed/);
  });

  it('--wait exits 1 when the run failed otherwise (OOMKilled generator)', async () => {
    const r = await run('oom.js', faultScript('oom'), '--wait');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /OOM/);
  });

  it('--ttl: the TTL controller deletes the finished Job, and the garbage collector its pod, ConfigMap and Secret', async () => {
    const r = await run('ttl.js', outcomeScripts.pass, '--wait', '--ttl', '3');
    assert.equal(r.code, 0, r.stderr);
    const ns = cluster.namespace;
    const selector = `?labelSelector=${encodeURIComponent(runSelector(r.id!))}`;
    const job = await cluster.api.get(`/apis/batch/v1/namespaces/${ns}/jobs/${r.id}`);
    assert.equal((job.body.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished, 3);
    const left = async () => {
      const lists = await Promise.all(['/apis/batch/v1/namespaces/NS/jobs', '/api/v1/namespaces/NS/pods', '/api/v1/namespaces/NS/configmaps', '/api/v1/namespaces/NS/secrets'].map((u) => cluster.api.get(u.replace('NS', ns) + selector)));
      return lists.flatMap((l) => (l.body.items as { kind?: string; metadata: { name: string } }[]).map((o) => o.metadata.name));
    };
    assert.ok((await left()).length > 0, 'the finished run is still there right after it ended');
    await waitUntilAsync(async () => (await left()).length === 0, 'TTL and GC removed the Job, its pod, ConfigMap and Secret', 60_000);
  });

  it('without --wait: prints the run at once and leaves it going; `runs` lists it', async () => {
    const r = await run('long.js', outcomeScripts.long, '--json');
    assert.equal(r.code, 0, r.stderr);
    const record = JSON.parse(r.stdout) as { id: string };
    runIds.push(record.id);
    const job = await cluster.api.get(`/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${record.id}`);
    assert.equal(job.status, 200, 'the Job runs on');
    const listed = await runCli(['runs', '--json', '--db', path.join(tmp.dir, 'runs.db')], { ...process.env, HOME: tmp.dir });
    assert.ok((JSON.parse(listed.stdout) as { id: string }[]).some((x) => x.id === record.id), listed.stdout);
  });
});
