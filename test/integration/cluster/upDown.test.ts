// scripts/cluster.sh as a user runs it: `up` while up changes nothing (same processes, same
// kubeconfig line); `down` — even with a k6 pod mid-run — leaves no process that belongs to the
// cluster (k6 processes of the pod runner included), no network namespace and no veth; `up`
// brings it all back with the same kubeconfig.
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { clusterProcesses, clusterStateDir, type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { testHostNetns, testHostVeth } from '../../support/netnsTestHost';
import { ClusterRunHarness, startedRun } from '../../support/runs/clusterRunHarness';
import { outcomeScripts } from '../../support/runs/outcomeScripts';
import { waitUntilAsync } from '../../support/waitUntilAsync';

const run = promisify(execFile);
const script = path.resolve(__dirname, '../../../scripts/cluster.sh');

const pids = () => fs.readdirSync(path.join(clusterStateDir, 'run')).filter((f) => f.endsWith('.pid')).map((f) => `${f}=${fs.readFileSync(path.join(clusterStateDir, 'run', f), 'utf8').trim()}`).sort();
const netnsPresent = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').some((l) => l.split(' ')[0] === testHostNetns);
const vethPresent = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).includes(`${testHostVeth}@`);

describe('scripts/cluster.sh up is idempotent; down leaves nothing behind', function () {
  this.timeout(300_000);
  let cluster: LocalCluster;
  before(async function () {
    cluster = await useLocalCluster(this);
  });

  it('up while up: the same processes keep running and the last line is the same export', async () => {
    const before = pids();
    const { stdout } = await run('bash', [script, 'up'], { timeout: 120_000 });
    assert.equal(stdout.trim().split('\n').at(-1), `export KUBECONFIG=${cluster.kubeconfigPath}`);
    assert.deepEqual(pids(), before);
  });

  it('down with a k6 pod mid-run: no process, network namespace or veth is left; up brings the cluster back', async () => {
    const h = ClusterRunHarness.open(cluster);
    let runId: string | undefined;
    try {
      const service = h.service();
      runId = startedRun(await service.startInCluster({ scriptFile: h.script('long.js', outcomeScripts.long) })).id;
      const id = runId;
      await waitUntilAsync(async () => (await h.list('pods', id)).some((p) => (p.status as { phase?: string }).phase === 'Running'), 'the k6 pod runs', 60_000);
      service.dispose();
      // The pod runner reports Running just before it starts k6.
      await waitUntilAsync(async () => clusterProcesses().some((p) => p.includes(id)), `a k6 process of ${id} runs`, 10_000);
      if (netnsPresent()) assert.ok(vethPresent(), 'up made the veth pair with the network namespace');

      await run('bash', [script, 'down'], { timeout: 120_000 });
      assert.deepEqual(clusterProcesses(), [], 'no process of the cluster is left');
      assert.equal(netnsPresent(), false, 'the network namespace is gone');
      assert.equal(vethPresent(), false, 'the veth pair is gone');
      assert.deepEqual(pids(), []);
      // down again: nothing to do, no error.
      await run('bash', [script, 'down'], { timeout: 60_000 });
    } finally {
      const { stdout } = await run('bash', [script, 'up'], { timeout: 240_000 });
      assert.equal(stdout.trim().split('\n').at(-1), `export KUBECONFIG=${cluster.kubeconfigPath}`);
      if (runId) await h.close();
      else h.store.close();
    }
    assert.equal((await cluster.api.get('/readyz')).status, 200);
  });
});
