// Two editor windows and the CLI on one database file, each its own process running our code:
// the CLI's local run is never flipped by the editors' refreshes, a cluster run is watched by
// one window at a time and taken over when that window dies, the dead window's local run is
// closed once, and no run is completed twice. The cluster is the real local control plane: the
// cluster run's pod is run by the pod runner (the k6 stand-in, on this machine) and completed by
// Kubernetes' Job controller once the test opens the gate its script waits for; local k6 is the
// stand-in on the PATH.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { deleteRun } from '../../support/runs/clusterRunHarness';
import { type K6Gate, startK6Gate } from '../../support/runs/k6Gate';
import { LiveChild, supportScript } from '../../support/store/children';
import { makeTempDir } from '../../support/tempDir';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');
const cli = path.resolve('dist/cli.js');

type Ev = Record<string, unknown>;

/** Pids of the processes whose command line mentions `text` (none: pgrep exits 1). */
function pidsRunning(text: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('two editor windows and the CLI on one database (three processes)', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let tmp: ReturnType<typeof makeTempDir>;
  const children: LiveChild[] = [];
  // The cluster run's k6 waits at this gate, so the test decides when it ends.
  let gate: K6Gate | undefined;
  let clusterRun: string | undefined;

  before(async function () {
    cluster = await useLocalCluster(this);
    assert.ok(fs.existsSync(cli), 'build first: node esbuild.mjs');
    gate = await startK6Gate();
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    // The k6 window A started outlives A (as a real k6 would until it next writes to the closed pipe): end it by its pid.
    for (const pid of tmp ? pidsRunning(path.join(tmp.dir, 'loadtests')) : []) process.kill(pid, 'SIGKILL');
    await gate?.close();
    if (clusterRun) await deleteRun(cluster, clusterRun);
    tmp?.cleanup();
  });

  /** A cluster run's script that ends (exit 0) once the gate opens. */
  function gatedScript(name: string): string {
    const file = path.join(tmp.dir, 'loadtests', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, gate!.script);
    return file;
  }

  /** A script for the stand-in k6 (it really runs it): one VU, one request a second, for `seconds`. */
  function script(name: string, seconds: number): string {
    const file = path.join(tmp.dir, 'loadtests', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: 1, duration: '${seconds}s' };\nexport default function () {\n  http.get('http://127.0.0.1:9/pets/1', { tags: { name: 'GET /pets/{petId}' } });\n  sleep(1);\n}\n`,
    );
    return file;
  }

  it('no run is marked wrongly and none is completed twice', async () => {
    tmp = makeTempDir('mv-3proc-');
    const db = path.join(tmp.dir, 'metric-vault.db');
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, PATH: `${fakeK6Dir}${path.delimiter}${process.env.PATH}` };
    const editor = (...args: string[]) => {
      const c = new LiveChild(supportScript('editorProcess.ts'), ['--db', db, '--namespace', cluster.namespace, '--lease-ms', '1500', '--refresh-ms', '300', ...args], { env });
      children.push(c);
      return c;
    };
    const read = () => new Database(db, { readonly: true, timeout: 5000 });
    const stateOf = (id: string) => {
      const conn = read();
      try {
        return conn.prepare('SELECT state, reason FROM runs WHERE id = ?').get(id) as { state: string; reason: string | null } | undefined;
      } finally {
        conn.close();
      }
    };

    // Window A starts a cluster run and a local run; window B opens the same database.
    const a = editor('--start-cluster', gatedScript('cluster.js'), '--start-local', script('orphan.js', 120));
    await a.until(() => Boolean(a.find((e) => e.ev === 'ready')), 'window A ready');
    const clusterRunId = a.find((e) => e.ev === 'started' && e.engine === 'job')!.id as string;
    clusterRun = clusterRunId;
    const orphanRun = a.find((e) => e.ev === 'started' && e.engine === 'local')!.id as string;
    const b = editor();
    await b.until(() => Boolean(b.find((e) => e.ev === 'ready')), 'window B ready');

    // The CLI runs k6 locally, for about 5 s, while both windows refresh their Runs view every 300 ms.
    const c = new LiveChild(cli, ['run', '--script', script('cli.js', 5), '--target', 'local', '--wait', '--json', '--db', db, '--influx', 'http://127.0.0.1:9'], { tsx: false, env });
    children.push(c);
    await c.until(() => c.stderr.includes('running'), 'the CLI run started');
    const cliRun = /\[(mv-[^\]]+)\] running/.exec(c.stderr)![1];
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(stateOf(cliRun)?.state, 'running', 'the windows left the CLI run alone');
    assert.equal(stateOf(orphanRun)?.state, 'running', 'window B left window A\'s local run alone while A lives');

    // Window A dies: B closes A's local run once and takes the cluster run over when A's lease expires.
    a.kill('SIGKILL');
    await a.exited;
    await b.until(() => stateOf(orphanRun)?.state === 'stopped', 'A\'s local run closed');
    assert.match(stateOf(orphanRun)!.reason!, new RegExp(`the process that ran k6 \\(pid ${a.pid}\\) ended before k6 did`));
    const holder = () => {
      const conn = read();
      try {
        return (conn.prepare('SELECT holder FROM run_leases WHERE run_id = ?').get(clusterRunId) as { holder: string } | undefined)?.holder;
      } finally {
        conn.close();
      }
    };
    await b.until(() => holder()?.includes(`:${b.pid}:`) === true, 'window B holds the cluster run\'s lease');
    assert.notEqual(stateOf(clusterRunId)?.state, 'finished', 'k6 still waits at the gate');
    gate!.open();
    await b.until(() => stateOf(clusterRunId)?.state === 'finished', 'the Job controller completed the cluster run', 60_000);

    const code = await c.exited;
    assert.equal(code, 0, c.stderr);
    assert.equal(stateOf(cliRun)?.state, 'finished');

    const all: Ev[] = [...a.events, ...b.events];
    const count = (id: string, pred: (e: Ev) => boolean) => all.filter((e) => e.id === id && pred(e)).length;
    assert.equal(count(cliRun, (e) => e.ev === 'changed' && e.state !== 'running' && e.state !== 'finished'), 0, 'no window marked the CLI run');
    assert.equal(count(cliRun, (e) => e.ev === 'finished'), 0, 'the CLI completes its own run');
    assert.equal(count(clusterRunId, (e) => e.ev === 'finished'), 1, 'the cluster run completed once');
    assert.equal(count(orphanRun, (e) => e.ev === 'changed' && e.state === 'stopped'), 1, 'the orphaned local run closed once');
    b.kill('SIGTERM');
    await b.exited;
  });
});
