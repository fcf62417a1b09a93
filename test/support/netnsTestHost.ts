// A test host the real API server can reach: the API server refuses to proxy to loopback, so the
// demo API runs inside the network namespace scripts/cluster.sh made (mv-cluster, joined to this
// host by a veth pair; 10.250.7.2 is its address), and stands behind a pod whose IP is that
// address. kwok leaves pods annotated `metric-vault.dev/test-host` alone, so the test writes the
// pod's status as the kubelet would (Running, ready, podIP); the endpoints controller then names
// the address in a Service that selects the pod, and `/proxy/` reaches the demo API.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalCluster } from './localCluster';
import type { ApiAnswer, KubeObject } from './podRunner/kubeApi';
import type { ScriptedRoutes } from './scriptedHost/main';

const repo = path.resolve(__dirname, '..', '..');
/** The test network cluster.sh made for this checkout (CLUSTER_NET, kept in .cache/cluster/net.env; 7 unless set). */
const clusterNet = (() => {
  const fromEnv = process.env.CLUSTER_NET;
  let kept: string | undefined;
  try {
    kept = /^CLUSTER_NET=(\d+)$/m.exec(fs.readFileSync(path.join(repo, '.cache', 'cluster', 'net.env'), 'utf8'))?.[1];
  } catch {
    kept = undefined;
  }
  return Number(kept ?? fromEnv ?? 7);
})();
export const testHostNetns = clusterNet === 7 ? 'mv-cluster' : `mv-cluster-${clusterNet}`;
export const testHostVeth = clusterNet === 7 ? 'mvc-host' : `mvc${clusterNet}-host`;
export const testHostAddress = `10.250.${clusterNet}.2`;
export const testHostAnnotation = 'metric-vault.dev/test-host';

/**
 * Why no test host can be made here (cluster.sh makes the network namespace only as root, with
 * iproute2), or undefined — answerable before the cluster is up.
 */
export function testHostImpossible(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: cluster.sh cannot make the network namespace for test hosts';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'iproute2 (ip) is missing: run bash scripts/setup.sh';
  }
}

/** Why no test host can run now (no netns: cluster.sh is down or was not run as root), or undefined. */
export function testHostUnavailable(): string | undefined {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').some((l) => l.split(' ')[0] === testHostNetns) ? undefined : `network namespace ${testHostNetns} is missing (cluster.sh up makes it as root)`;
  } catch (err) {
    return `ip netns cannot run here: ${String(err)}`;
  }
}

export interface NetnsDemoApi {
  url: string;
  close(): void;
}

/** The demo API listening on testHostAddress:port inside the network namespace. */
export async function startDemoApiInNetns(port: number): Promise<NetnsDemoApi> {
  const child = await spawnInNetns([path.join(repo, 'demo-api', 'server.ts'), '--host', testHostAddress, '--port', String(port)], 'the demo API');
  return { url: `http://${testHostAddress}:${port}`, close: () => void child.kill('SIGTERM') };
}

export interface ScriptedHost {
  /** Replaces every port's answers (path → answer; no route → 404). */
  set(routes: ScriptedRoutes): void;
  /** The requests it got, as "<port> <method> <path>". */
  requests(): string[];
  close(): void;
}

/** A host answering what the test scripts (scriptedHost/main.ts) on testHostAddress at each of `ports`. */
export async function startScriptedHostInNetns(ports: number[]): Promise<ScriptedHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-scripted-host-'));
  const routesFile = path.join(dir, 'routes.json');
  const logFile = path.join(dir, 'requests.log');
  fs.writeFileSync(routesFile, '{}');
  fs.writeFileSync(logFile, '');
  const child = await spawnInNetns([path.join(repo, 'test', 'support', 'scriptedHost', 'main.ts'), '--host', testHostAddress, '--ports', ports.join(','), '--routes', routesFile, '--log', logFile], 'the scripted test host');
  return {
    set: (routes) => {
      // Written aside and renamed, so the host never reads a half-written file.
      fs.writeFileSync(`${routesFile}.next`, JSON.stringify(routes));
      fs.renameSync(`${routesFile}.next`, routesFile);
    },
    requests: () => fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean),
    close: () => {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a TypeScript file with Node inside the network namespace; resolves once it printed "listening". */
async function spawnInNetns(args: string[], what: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', testHostNetns, process.execPath, '--import', 'tsx', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening')) resolve();
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`${what} in ${testHostNetns} exited ${code}: ${out}`)));
  });
  return child;
}

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Creates `pod` (its spec as given, annotated as a test host, on `nodeName`) and reports it
 * Running and ready at the test host's address, as its kubelet would.
 */
export async function createTestHostPod(cluster: LocalCluster, pod: KubeObject, nodeName = 'k3s-agent-1'): Promise<void> {
  const ns = cluster.namespace;
  const spec = pod.spec as { containers: { name: string; image?: string }[] };
  const body = {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, [testHostAnnotation]: 'true' } },
    spec: { ...spec, nodeName },
  };
  delete (body as { status?: unknown }).status;
  must(await cluster.api.request('POST', `/api/v1/namespaces/${ns}/pods`, body), 201, `creating test host pod ${pod.metadata.name}`);
  const now = stamp();
  const running = await cluster.api.patchPodStatus(ns, pod.metadata.name, {
    phase: 'Running',
    podIP: testHostAddress,
    podIPs: [{ ip: testHostAddress }],
    startTime: now,
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
    containerStatuses: spec.containers.map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
  });
  must(running, 200, `reporting test host pod ${pod.metadata.name} running`);
}

function must(res: ApiAnswer, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}
