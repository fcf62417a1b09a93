// The pod runner: stands in for the kubelet and the k6 container of Metric Vault's k6 pods, on
// any API server (the local control plane of scripts/cluster.sh, or test/support/fakeKube).
// It watches the pods that carry the run labels, and for each one scheduled to a node: reads
// its ConfigMap/Secret volumes and env as the kubelet would (waiting while they are missing),
// runs the k6 stand-in with the container's command and args, and writes the pod's status for
// real — Pending → Running (ready) → Succeeded / Failed with the container's exit code and
// reason — so the Job controller decides the rest (podFailurePolicy, deadline, backoffLimit,
// Indexed completions, TTL). A pod being deleted gets SIGTERM, then is finalized with
// gracePeriodSeconds 0, since no kubelet will do it. Faults a kubelet reports (image pull,
// OOMKilled, eviction, a pod that never ends) are chosen per pod: README.md.
import { KubeConfig } from '@kubernetes/client-node';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { managedSelector } from '../../../src/core/manifests/labels';
import { type Container, expand, type PodSpec, resolveContainerConfig } from './containerConfig';
import { serviceRoutes } from './serviceRoutes';
import { type ContainerLog, type KubeletLogServer, startKubeletLogServer } from './kubeletLogs';
import { type Json, KubeApi, type KubeObject, listAndWatch, type WatchEvent } from './kubeApi';
import { PodNetwork } from './podNetwork';
import { now, type PodPlace, runningStatus, terminatedStatus, type Termination, waitingStatus } from './podStatus';

export type PodFault = 'image-pull' | 'oom' | 'never-ends' | 'evicted';
export const podFaults: readonly PodFault[] = ['image-pull', 'oom', 'never-ends', 'evicted'];
/** Pod annotation that picks a fault for that pod. */
export const faultAnnotation = 'pod-runner.metric-vault.dev/fault';
/** A line `// pod-runner-fault: oom` in a mounted script picks a fault for the pods that mount it. */
const faultMarker = /pod-runner-fault:\s*([a-z-]+)/;

export interface PodRunnerOptions {
  /** Path of a kubeconfig file, or a loaded KubeConfig. */
  kubeconfig: string | KubeConfig;
  /** The k6 executable run for the container (the stand-in, test/support/fakeK6/k6). */
  k6Path: string;
  /** Only pods of this namespace; all namespaces when unset. */
  namespace?: string;
  /** Replaces the server part of `--out influxdb=<url>/<db>` (the in-cluster URL is not reachable from here). */
  influxUrl?: string;
  /** Where volumes are written and k6's output is kept (default: a temp dir). */
  workDir?: string;
  /** Picks a fault for a pod (after the annotation and the script marker). */
  fault?: (pod: KubeObject) => PodFault | undefined;
  /** Which pods to run (default: Metric Vault's, `app.kubernetes.io/managed-by=metric-vault`). */
  labelSelector?: string;
  /** Extra environment for k6 (e.g. FAKE_K6_DURATION_MS). */
  env?: Record<string, string>;
  /**
   * Addresses besides loopback k6 may send to (K6_STANDIN_ALLOW_HOSTS: the test network's hosts).
   * In-cluster Service names resolve to their ready endpoints (serviceRoutes.ts); requests reach
   * them only when their address is allowed here.
   */
  allowHosts?: string;
  /** k6's console output as it is written (fakeKube: `appendPodLog`, so `pods/log` serves it). */
  onOutput?: (pod: KubeObject, text: string) => void;
  /**
   * Serve the kubelet's /containerLogs on this loopback port (HTTPS with `kubeletTls`), so the
   * real API server's `pods/log` reaches k6's output; the nodes must name this port (kwok's
   * --node-ip 127.0.0.1 --node-port).
   */
  kubeletPort?: number;
  kubeletTls?: { cert: Buffer; key: Buffer };
  /** Diagnostics (default: none). */
  log?: (line: string) => void;
}

export interface PodRunner {
  /** Pods the runner has started a k6 process for (name → exit code once ended). */
  readonly runs: ReadonlyMap<string, number | undefined>;
  /** Stops watching and kills the k6 processes it started; pods are left as they are. */
  close(): Promise<void>;
}

interface Tracked {
  pod: KubeObject;
  child?: ChildProcess;
  exited?: Promise<void>;
  fault?: PodFault;
  killedAs?: 'oom' | 'evicted';
  terminating: boolean;
  ended?: boolean;
  finalized: boolean;
  gone: boolean;
  startedAt?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPodRunner(opts: PodRunnerOptions): Promise<PodRunner> {
  const kc = typeof opts.kubeconfig === 'string' ? loadFile(opts.kubeconfig) : opts.kubeconfig;
  const api = await KubeApi.open(kc);
  const log = opts.log ?? (() => undefined);
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pod-runner-'));
  const ownsWorkDir = !opts.workDir;
  const selector = encodeURIComponent(opts.labelSelector ?? managedSelector);
  const podsPath = opts.namespace ? `/api/v1/namespaces/${opts.namespace}/pods` : '/api/v1/pods';
  const tracked = new Map<string, Tracked>();
  const runs = new Map<string, number | undefined>();
  const abort = new AbortController();
  let closed = false;
  let podCount = 0;
  const logs = new Map<string, ContainerLog>();
  const podNetwork = new PodNetwork();
  const kubelet: KubeletLogServer | undefined =
    opts.kubeletPort !== undefined && opts.kubeletTls ? await startKubeletLogServer({ port: opts.kubeletPort, ...opts.kubeletTls, logOf: (ns, pod, c) => logs.get(`${ns}/${pod}/${c}`), waitingReason: (ns, pod, c) => waitingReason(api, ns, pod, c) }) : undefined;

  const keyOf = (pod: KubeObject) => pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  const nsOf = (pod: KubeObject) => pod.metadata.namespace ?? 'default';

  async function patchStatus(t: Tracked, status: Json): Promise<void> {
    if (t.gone || closed) return;
    const res = await api.patchPodStatus(nsOf(t.pod), t.pod.metadata.name, status).catch((err: unknown) => ({ status: 0, body: { message: String(err) } }));
    if (res.status === 404) t.gone = true;
    else if (res.status !== 200) log(`pod ${t.pod.metadata.name}: status patch answered ${res.status} ${String(res.body.message ?? '')}`);
  }

  /**
   * The kubelet's last word on a deleted pod: delete it with gracePeriodSeconds 0 once its
   * containers are gone. Like the kubelet, it keeps at it until the pod is really gone — a delete
   * that lands while the Job controller still holds its tracking finalizer does not always stick.
   */
  async function finalize(t: Tracked): Promise<void> {
    if (t.finalized || t.gone) return;
    t.finalized = true;
    const { name, uid } = t.pod.metadata;
    const podPath = `/api/v1/namespaces/${nsOf(t.pod)}/pods/${name}`;
    for (let attempt = 0; attempt < 60 && !closed; attempt++) {
      const current = await api.get(podPath).catch(() => undefined);
      if (current?.status === 404 || (current?.status === 200 && (current.body.metadata as { uid?: string }).uid !== uid)) return;
      const finalizers = ((current?.body.metadata as { finalizers?: string[] } | undefined)?.finalizers ?? []).length;
      if (attempt === 0 || finalizers === 0) {
        const res = await api
          .request('DELETE', podPath, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, ...(uid ? { preconditions: { uid } } : {}) })
          .catch((err: unknown) => ({ status: 0, body: { message: String(err) } }));
        if (res.status === 404 || res.status === 409) return;
        if (res.status >= 300 || res.status === 0) log(`pod ${name}: delete with gracePeriodSeconds 0 answered ${res.status} ${String(res.body.message ?? '')}`);
      }
      await sleep(500);
    }
    log(`pod ${name}: still there 30 s after its containers ended`);
  }

  function containersOf(pod: KubeObject): Container[] {
    return (pod.spec as PodSpec).containers;
  }

  function placeOf(pod: KubeObject): PodPlace {
    podCount++;
    const node = (pod.spec as PodSpec).nodeName ?? '';
    const nodeIndex = Math.max(0, Number(/(\d+)$/.exec(node)?.[1] ?? 0));
    return { hostIP: `10.0.0.${10 + nodeIndex}`, podIP: `10.42.${nodeIndex}.${(podCount % 250) + 2}` };
  }

  function faultOf(pod: KubeObject, files: Iterable<Buffer>): PodFault | undefined {
    const fromAnnotation = pod.metadata.annotations?.[faultAnnotation];
    if (fromAnnotation && (podFaults as string[]).includes(fromAnnotation)) return fromAnnotation as PodFault;
    for (const content of files) {
      const m = faultMarker.exec(content.toString('utf8'));
      if (m && (podFaults as string[]).includes(m[1])) return m[1] as PodFault;
    }
    return opts.fault?.(pod);
  }

  async function run(t: Tracked): Promise<void> {
    const pod = t.pod;
    const containers = containersOf(pod);
    const container = containers.find((c) => c.name === 'k6') ?? containers[0];
    const place = placeOf(pod);
    let lastWaiting = '';
    let config = await resolveContainerConfig(api, pod, container);
    while (!config.ready) {
      if (`${config.reason}:${config.message}` !== lastWaiting) {
        lastWaiting = `${config.reason}:${config.message}`;
        await patchStatus(t, waitingStatus(containers, config.reason, config.message, place));
      }
      await sleep(1000);
      if (t.gone || t.terminating || closed) return;
      config = await resolveContainerConfig(api, pod, container);
    }

    const dir = path.join(workDir, nsOf(pod), `${pod.metadata.name}-${keyOf(pod).slice(0, 8)}`);
    const mountDirs: [string, string][] = [];
    const allFiles: Buffer[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const files = config.volumes.get(mount.name);
      if (!files) continue;
      const mountDir = path.join(dir, 'volumes', mount.name);
      for (const [rel, content] of files) {
        const file = path.join(mountDir, rel);
        if (!file.startsWith(mountDir + path.sep)) continue; // a key path escaping the volume is refused by the API server; never write outside
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        allFiles.push(content);
      }
      mountDirs.push([mount.mountPath.replace(/\/+$/, ''), mountDir]);
    }
    fs.mkdirSync(dir, { recursive: true });
    mountDirs.sort((a, b) => b[0].length - a[0].length);
    t.fault = faultOf(pod, allFiles);

    if (t.fault === 'image-pull') {
      const image = container.image ?? '';
      await patchStatus(t, waitingStatus(containers, 'ErrImagePull', `failed to pull and unpack image "docker.io/${image}": failed to resolve reference "docker.io/${image}": not found`, place));
      await sleep(1000);
      await patchStatus(t, waitingStatus(containers, 'ImagePullBackOff', `Back-off pulling image "${image}"`, place));
      return;
    }

    // Routes and ports are settled before the pod is reported Running: once it is, its k6 process starts at once.
    const routes = await serviceRoutes(api, nsOf(pod)).catch(() => ({}));
    await podNetwork.reserve(place.podIP, [...(container.command ?? []), ...(container.args ?? [])]);
    t.startedAt = now();
    const probe = container.readinessProbe?.httpGet;
    await patchStatus(t, runningStatus(containers, t.startedAt, place, !probe));
    if (t.fault === 'never-ends' || t.gone || t.terminating || closed) return;

    const inContainer = (given: string): string => {
      for (const [mountPath, local] of mountDirs) if (given === mountPath || given.startsWith(mountPath + '/')) return local + given.slice(mountPath.length);
      const listen = /^--address=(.+)$/.exec(given);
      if (listen) return `--address=${podNetwork.listen(place.podIP, listen[1])}`;
      const arg = podNetwork.route(given);
      const influx = /^influxdb=(https?:\/\/[^/]+)(\/.*)?$/.exec(arg);
      if (influx && opts.influxUrl) return `influxdb=${opts.influxUrl.replace(/\/+$/, '')}${influx[2] ?? ''}`;
      return arg;
    };
    const env = {
      ...config.env,
      ...(Object.keys(routes).length ? { K6_STANDIN_SERVICES: JSON.stringify(routes) } : {}),
      ...(opts.allowHosts ? { K6_STANDIN_ALLOW_HOSTS: opts.allowHosts } : {}),
      ...opts.env,
    };
    const argv = [...(container.command ?? []), ...(container.args ?? [])].map((a) => inContainer(expand(a, env)));
    // Without a command the image's entrypoint (k6) runs the args.
    if (!container.command?.length) argv.unshift(opts.k6Path);
    else if (argv[0] === 'k6') argv[0] = opts.k6Path;
    const nodeBin = path.dirname(process.execPath);
    const child = spawn(argv[0], argv.slice(1), {
      cwd: dir,
      env: { PATH: `${path.dirname(opts.k6Path)}:${nodeBin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: the shell wrapper and k6 get the signal together
    });
    const logPath = path.join(dir, `${container.name}.log`);
    const logFile = fs.createWriteStream(logPath, { flags: 'a' });
    logs.set(`${nsOf(pod)}/${pod.metadata.name}/${container.name}`, { file: logPath, ended: () => t.ended === true });
    const onChunk = (chunk: Buffer) => {
      logFile.write(chunk);
      opts.onOutput?.(pod, chunk.toString('utf8'));
    };
    child.stdout?.on('data', onChunk);
    child.stderr?.on('data', onChunk);
    child.on('close', () => logFile.end());
    t.child = child;
    runs.set(pod.metadata.name, undefined);
    log(`pod ${pod.metadata.name}: started ${argv.join(' ')}`);
    t.exited = new Promise((resolve) => {
      child.on('error', (err) => {
        log(`pod ${pod.metadata.name}: ${err.message}`);
        void onExit(t, 128, null).then(resolve);
      });
      child.on('exit', (code, signal) => void onExit(t, code, signal).then(resolve));
    });
    if (probe) void probeUntilReady(t, probe, place, containers);
    if (t.fault === 'oom' || t.fault === 'evicted') {
      const fault = t.fault;
      setTimeout(() => {
        if (t.child?.exitCode !== null || t.child.signalCode !== null) return;
        t.killedAs = fault;
        killGroup(t.child, 'SIGKILL');
      }, 1500);
    }
  }

  /** The kubelet's HTTP readiness probe, against the port the pod really listens on here. */
  async function probeUntilReady(t: Tracked, probe: { path?: string; port: number | string }, place: PodPlace, containers: Container[]): Promise<void> {
    const target = podNetwork.route(`${place.podIP}:${probe.port}`);
    while (!t.ended && !t.gone && !t.terminating && !closed) {
      const ok = await fetch(`http://${target}${probe.path ?? '/'}`).then((r) => r.status >= 200 && r.status < 400, () => false);
      if (ok) {
        if (!t.ended) await patchStatus(t, runningStatus(containers, t.startedAt ?? now(), place));
        return;
      }
      await sleep(250);
    }
  }

  async function onExit(t: Tracked, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (t.ended) return;
    t.ended = true;
    const exitCode = code ?? 128 + (signal ? (os.constants.signals[signal] ?? 9) : 9);
    runs.set(t.pod.metadata.name, exitCode);
    log(`pod ${t.pod.metadata.name}: k6 exited ${exitCode}`);
    const startedAt = t.startedAt ?? now();
    let termination: Termination = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt };
    if (t.killedAs === 'oom') termination = { exitCode: 137, reason: 'OOMKilled', startedAt };
    if (t.killedAs === 'evicted') {
      const mem = ((containersOf(t.pod)[0] as { resources?: { limits?: { memory?: string } } }).resources?.limits?.memory) ?? '512Mi';
      termination = { exitCode: 137, reason: 'Error', startedAt, podReason: 'Evicted', podMessage: `The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container k6 was using 498Mi, request is ${mem}, has larger consumption of memory. ` };
    }
    await patchStatus(t, terminatedStatus(containersOf(t.pod), termination));
    if (t.terminating) await finalize(t);
  }

  function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }

  async function terminate(t: Tracked): Promise<void> {
    if (t.terminating) return;
    t.terminating = true;
    const child = t.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const grace = Math.min(30, (t.pod.spec as PodSpec).terminationGracePeriodSeconds ?? 30);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), grace * 1000);
      await t.exited; // onExit writes the final status and finalizes
      clearTimeout(timer);
      return;
    }
    // Never started (waiting for its ConfigMap, image pull, never-ends): the kubelet reports it
    // failed before the pod goes away.
    const phase = (t.pod.status as { phase?: string } | undefined)?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      await patchStatus(t, terminatedStatus(containersOf(t.pod), { exitCode: 137, reason: 'Error', startedAt: t.startedAt ?? now() }));
    }
    await finalize(t);
  }

  function onEvent(e: WatchEvent): void {
    const pod = e.object;
    const key = keyOf(pod);
    let t = tracked.get(key);
    if (e.type === 'DELETED') {
      if (t) {
        t.gone = true;
        killGroup(t.child, 'SIGTERM');
        tracked.delete(key);
      }
      return;
    }
    if (t) t.pod = pod;
    if (pod.metadata.deletionTimestamp) {
      t ??= { pod, terminating: false, finalized: false, gone: false };
      tracked.set(key, t);
      void terminate(t);
      return;
    }
    if (t || !(pod.spec as PodSpec).nodeName) return;
    // A pod already past Pending was started by an earlier runner (or another kubelet): not ours to run.
    if ((pod.status as { phase?: string } | undefined)?.phase !== 'Pending' && (pod.status as { phase?: string } | undefined)?.phase !== undefined) return;
    if (((pod.status as { containerStatuses?: { state?: Json }[] } | undefined)?.containerStatuses ?? []).some((c) => c.state && !('waiting' in c.state))) return;
    t = { pod, terminating: false, finalized: false, gone: false };
    tracked.set(key, t);
    const started = t;
    void run(started).catch((err: unknown) => log(`pod ${pod.metadata.name}: ${err instanceof Error ? err.stack : String(err)}`));
  }

  const loop = () =>
    listAndWatch(
      api,
      `${podsPath}?labelSelector=${selector}`,
      {
        onList(items) {
          const present = new Set(items.map(keyOf));
          for (const item of items) onEvent({ type: 'ADDED', object: item });
          for (const [key, t] of tracked) if (!present.has(key)) onEvent({ type: 'DELETED', object: t.pod });
        },
        onEvent,
      },
      abort.signal,
    );

  const looping = loop();
  return {
    runs,
    async close() {
      closed = true;
      abort.abort();
      await looping.catch(() => undefined);
      const exits: Promise<void>[] = [];
      for (const t of tracked.values()) {
        if (t.child && t.child.exitCode === null && t.child.signalCode === null) {
          killGroup(t.child, 'SIGKILL');
          if (t.exited) exits.push(t.exited);
        }
      }
      await Promise.all(exits);
      await kubelet?.close();
      if (ownsWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** A container's waiting reason as its pod's status says (what the kubelet knows of it), if it waits. */
async function waitingReason(api: KubeApi, ns: string, pod: string, container: string): Promise<string | undefined> {
  const res = await api.get(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}`);
  if (res.status !== 200) return undefined;
  const statuses = (res.body.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses ?? [];
  return statuses.find((s) => s.name === container)?.state?.waiting?.reason;
}
