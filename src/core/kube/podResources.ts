// A pod's CPU/memory requests and limits, per container and for the pod as the scheduler
// and kubelet see it — the PLOG guide's `ResourceService.get_pod_aggregated_resources`, with
// the Kubernetes rules the guide's plain sum leaves out:
//  - effective request/limit = max(sum of app containers + sidecars, the largest regular init
//    container plus the sidecars started before it), plus the pod overhead;
//  - sidecars are init containers with `restartPolicy: Always`: they keep running, so they add;
//  - a request left unset while a limit is set defaults to the limit (API server defaulting);
//  - the pod has no limit (null) when an app container or sidecar has none: nothing caps it.
import { parseCpuMillicores, parseMemoryMiB, QuantityError } from './quantity';

type QuantityMap = Record<string, string | number | undefined>;

export interface ContainerLike {
  name: string;
  image?: string;
  restartPolicy?: string;
  resources?: { requests?: QuantityMap; limits?: QuantityMap };
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  overhead?: QuantityMap;
}

/** A V1Pod, or anything with its `spec` shape. */
export interface PodLike {
  metadata?: { name?: string };
  spec?: PodSpecLike;
}

export interface ResourceTotals {
  cpuRequestMillicores: number | null;
  cpuLimitMillicores: number | null;
  memoryRequestMb: number | null;
  memoryLimitMb: number | null;
}

export type ContainerRole = 'app' | 'init' | 'sidecar';

export interface ContainerResources extends ResourceTotals {
  name: string;
  image?: string;
  role: ContainerRole;
}

export interface PodResources extends ResourceTotals {
  containers: ContainerResources[];
  /** Quantities that could not be read (the value is then treated as unset). */
  warnings: string[];
}

type Field = keyof ResourceTotals;
const fields: Field[] = ['cpuRequestMillicores', 'cpuLimitMillicores', 'memoryRequestMb', 'memoryLimitMb'];

function read(q: QuantityMap | undefined, key: 'cpu' | 'memory', where: string, warnings: string[]): number | null {
  const raw = q?.[key];
  if (raw === undefined || raw === null || raw === '') return null;
  try {
    return key === 'cpu' ? parseCpuMillicores(raw) : parseMemoryMiB(raw);
  } catch (err) {
    warnings.push(`${where}: ${err instanceof QuantityError ? err.message : String(err)}`);
    return null;
  }
}

function containerResources(c: ContainerLike, role: ContainerRole, warnings: string[]): ContainerResources {
  const where = `container ${c.name}`;
  const cpuLimit = read(c.resources?.limits, 'cpu', `${where} cpu limit`, warnings);
  const memLimit = read(c.resources?.limits, 'memory', `${where} memory limit`, warnings);
  return {
    name: c.name,
    ...(c.image ? { image: c.image } : {}),
    role,
    cpuRequestMillicores: read(c.resources?.requests, 'cpu', `${where} cpu request`, warnings) ?? cpuLimit,
    cpuLimitMillicores: cpuLimit,
    memoryRequestMb: read(c.resources?.requests, 'memory', `${where} memory request`, warnings) ?? memLimit,
    memoryLimitMb: memLimit,
  };
}

/** Sum where unset counts as 0; null only when nobody set it. */
function sum(values: (number | null)[]): number | null {
  return values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null;
}

function max(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function effective(field: Field, containers: ContainerResources[], initOrder: ContainerResources[], overhead: number | null): number | null {
  const isLimit = field === 'cpuLimitMillicores' || field === 'memoryLimitMb';
  const running = containers.filter((c) => c.role !== 'init');
  // An app container or sidecar without a limit leaves the pod unbounded.
  if (isLimit && running.some((c) => c[field] === null)) return null;
  let steady = sum(running.map((c) => c[field]));
  // Walk init containers in order: each regular one runs alone beside the sidecars started before it.
  let sidecarsSoFar: number | null = null;
  for (const c of initOrder) {
    if (c.role === 'sidecar') sidecarsSoFar = sum([sidecarsSoFar, c[field]]);
    else if (c[field] !== null) steady = max(steady, sum([c[field], sidecarsSoFar]));
  }
  if (steady === null) return null;
  return steady + (overhead ?? 0);
}

/** Per-container specs and the pod's effective totals (null where nothing is set). */
export function aggregatePodResources(pod: PodLike | PodSpecLike): PodResources {
  const spec: PodSpecLike = ('spec' in pod ? pod.spec : (pod as PodSpecLike)) ?? {};
  const warnings: string[] = [];
  const init = (spec.initContainers ?? []).map((c) => containerResources(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', warnings));
  const app = (spec.containers ?? []).map((c) => containerResources(c, 'app', warnings));
  const containers = [...init, ...app];
  const overheadCpu = read(spec.overhead, 'cpu', 'pod overhead cpu', warnings);
  const overheadMem = read(spec.overhead, 'memory', 'pod overhead memory', warnings);
  const totals = Object.fromEntries(
    fields.map((f) => [f, effective(f, containers, init, f.startsWith('cpu') ? overheadCpu : overheadMem)]),
  ) as unknown as ResourceTotals;
  return { ...totals, containers, warnings };
}
