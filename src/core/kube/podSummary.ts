// One pod as the Pods view and `metric-vault pods` show it: kubectl's STATUS / READY /
// RESTARTS / AGE / NODE columns, the resource specs, and live usage from metrics.k8s.io with
// the percentage of the limit (of the request when there is no limit).
import { aggregatePodResources, type ContainerLike, type ContainerResources, type PodResources } from './podResources';
import { parseCpuMillicores, parseMemoryMiB } from './quantity';

interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: { reason?: string; exitCode?: number; signal?: number } };
  lastState?: { terminated?: { reason?: string; finishedAt?: Date | string } };
}

/** A pod's container restarts summed, and the reason the most recently terminated container gave (`OOMKilled`). */
export function restartsOf(pod: PodObjectLike): { restarts: number; lastTerminatedReason: string | null } {
  let restarts = 0;
  let last: { reason: string; at: number } | undefined;
  for (const s of pod.status?.containerStatuses ?? []) {
    restarts += s.restartCount ?? 0;
    const t = s.lastState?.terminated;
    if (!t?.reason) continue;
    const at = t.finishedAt ? new Date(t.finishedAt).getTime() : 0;
    if (!last || at >= last.at) last = { reason: t.reason, at };
  }
  return { restarts, lastTerminatedReason: last?.reason ?? null };
}

/** The parts of a V1Pod this module reads. */
export interface PodObjectLike {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: Date | string; deletionTimestamp?: Date | string; labels?: Record<string, string> };
  spec?: { containers?: ContainerLike[]; initContainers?: ContainerLike[]; nodeName?: string; overhead?: Record<string, string> };
  status?: { phase?: string; reason?: string; containerStatuses?: ContainerStatusLike[]; initContainerStatuses?: ContainerStatusLike[] };
}

/** One pod's entry in metrics.k8s.io/v1beta1 PodMetricsList. */
export interface PodMetricsLike {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}

export interface Usage {
  cpuMillicores: number | null;
  memoryMb: number | null;
}

export interface Percent {
  value: number;
  of: 'limit' | 'request';
}

export interface ContainerSummary extends ContainerResources {
  ready: boolean;
  restarts: number;
  state: string;
  usage?: Usage;
}

export interface PodSummary {
  name: string;
  namespace: string;
  /** kubectl's STATUS: the phase, or a more telling reason (CrashLoopBackOff, Completed, Terminating...). */
  status: string;
  phase: string;
  ready: number;
  total: number;
  restarts: number;
  /** Why a container last ended before its restart (`OOMKilled`, `Error`), when it restarted. */
  lastRestartReason?: string;
  createdAt?: number;
  node?: string;
  labels: Record<string, string>;
  resources: PodResources;
  containers: ContainerSummary[];
  /** Present when metrics.k8s.io reported this pod. */
  usage?: Usage;
  cpuPercent?: Percent;
  memoryPercent?: Percent;
}

const time = (t: Date | string | undefined): number | undefined => (t === undefined ? undefined : new Date(t).getTime());

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** Sums metrics-server's per-container usage (unreadable values count as unknown). */
export function usageOf(m: PodMetricsLike | undefined): { total: Usage; byContainer: Map<string, Usage> } | undefined {
  if (!m) return undefined;
  const byContainer = new Map<string, Usage>();
  let cpu: number | null = null;
  let mem: number | null = null;
  for (const c of m.containers) {
    const u: Usage = {
      cpuMillicores: c.usage.cpu ? safe(() => parseCpuMillicores(c.usage.cpu ?? '')) : null,
      memoryMb: c.usage.memory ? safe(() => parseMemoryMiB(c.usage.memory ?? '')) : null,
    };
    byContainer.set(c.name, u);
    if (u.cpuMillicores !== null) cpu = (cpu ?? 0) + u.cpuMillicores;
    if (u.memoryMb !== null) mem = (mem ?? 0) + u.memoryMb;
  }
  return { total: { cpuMillicores: cpu, memoryMb: mem }, byContainer };
}

/** Usage as a percentage of the limit, or of the request when there is no limit. */
export function percentOf(used: number | null, limit: number | null, request: number | null): Percent | undefined {
  if (used === null) return undefined;
  if (limit !== null && limit > 0) return { value: (used / limit) * 100, of: 'limit' };
  if (request !== null && request > 0) return { value: (used / request) * 100, of: 'request' };
  return undefined;
}

/** kubectl's STATUS column, simplified: the most telling container reason wins over the phase. */
function statusOf(pod: PodObjectLike): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  const inits = pod.status?.initContainerStatuses ?? [];
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const [i, s] of inits.entries()) {
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecars.has(s.name) && s.state?.running) continue;
    if (t) return `Init:${t.reason ?? `ExitCode:${t.exitCode ?? '?'}`}`;
    const w = s.state?.waiting?.reason;
    if (w && w !== 'PodInitializing') return `Init:${w}`;
    return `Init:${i}/${pod.spec?.initContainers?.length ?? inits.length}`;
  }
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state?.terminated && reason !== 'Running') reason = s.state.terminated.reason ?? (s.state.terminated.signal ? `Signal:${s.state.terminated.signal}` : `ExitCode:${s.state.terminated.exitCode}`);
  }
  return reason;
}

function stateOf(s: ContainerStatusLike | undefined): string {
  if (!s?.state) return 'unknown';
  if (s.state.running) return 'running';
  if (s.state.waiting) return `waiting${s.state.waiting.reason ? ` (${s.state.waiting.reason})` : ''}`;
  if (s.state.terminated) return `terminated${s.state.terminated.reason ? ` (${s.state.terminated.reason})` : ''}`;
  return 'unknown';
}

export function summarizePod(pod: PodObjectLike, metrics?: PodMetricsLike): PodSummary {
  const resources = aggregatePodResources(pod);
  const statuses = new Map([...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((s) => [s.name, s]));
  const usage = usageOf(metrics);
  const containers: ContainerSummary[] = resources.containers.map((c) => {
    const s = statuses.get(c.name);
    const u = usage?.byContainer.get(c.name);
    return { ...c, ready: s?.ready ?? false, restarts: s?.restartCount ?? 0, state: stateOf(s), ...(u ? { usage: u } : {}) };
  });
  const counted = containers.filter((c) => c.role !== 'init');
  const summary: PodSummary = {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    status: statusOf(pod),
    phase: pod.status?.phase ?? 'Unknown',
    ready: counted.filter((c) => c.ready).length,
    total: counted.length,
    restarts: containers.reduce((a, c) => a + c.restarts, 0),
    createdAt: time(pod.metadata?.creationTimestamp),
    node: pod.spec?.nodeName,
    labels: pod.metadata?.labels ?? {},
    resources,
    containers,
  };
  const lastReason = restartsOf(pod).lastTerminatedReason;
  if (summary.restarts > 0 && lastReason) summary.lastRestartReason = lastReason;
  if (usage) {
    summary.usage = usage.total;
    summary.cpuPercent = percentOf(usage.total.cpuMillicores, resources.cpuLimitMillicores, resources.cpuRequestMillicores);
    summary.memoryPercent = percentOf(usage.total.memoryMb, resources.memoryLimitMb, resources.memoryRequestMb);
  }
  return summary;
}

/** kubectl's AGE: `45s`, `12m`, `5h3m` under a day, `3d4h`, `20d`, `2y`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** Whether a service's selector picks this pod (an empty selector picks none, as for Endpoints). */
export function selectsPod(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}
