// Pod resources against their specs, in the PLOG guide's grouped message. A pod whose
// sample is missing on a tick (metrics-server scrapes every ~15 s and can skip a pod) keeps
// its last value, marked predicted, for a few ticks; after that it is left out.
import type { ResourceTotals } from '../kube/podResources';
import { percentOf } from '../kube/podSummary';
import type { ResourceSampleRecord } from '../model';
import type { ResourceMessage } from './types';

/** A pod's effective requests and limits (`aggregatePodResources`), null where unset. */
export type PodSpecs = ResourceTotals;

/** One pod's usage at one instant, as read from metrics.k8s.io, with its summed specs. */
export interface PodReading {
  pod: string;
  ts: number;
  /** null when metrics-server had no value for this pod. */
  cpuMillicores: number | null;
  memoryMb: number | null;
  specs: PodSpecs;
  /** The target's pods, or the k6 pods generating the load. */
  role?: 'target' | 'generator';
  restarts?: number;
  lastTerminatedReason?: string | null;
}

/** Percent of the limit, or of the request when there is no limit (as the Pods view shows). */
export function percentOfSpec(used: number | null, request: number | null, limit: number | null): number | null {
  return percentOf(used, limit, request)?.value ?? null;
}

export function toResourceMessage(s: ResourceSampleRecord): ResourceMessage {
  return {
    pod: s.pod,
    ts: s.ts,
    usage: {
      cpu_percent: percentOfSpec(s.cpuMillicores, s.cpuRequestMillicores, s.cpuLimitMillicores),
      memory_percent: percentOfSpec(s.memoryMb, s.memoryRequestMb, s.memoryLimitMb),
      cpu_is_predicted: s.cpuIsPredicted,
      memory_is_predicted: s.memoryIsPredicted,
    },
    actual_usage: { cpu_millicores: s.cpuMillicores, memory_mb: s.memoryMb },
    specs: {
      cpu_request_millicores: s.cpuRequestMillicores,
      cpu_limit_millicores: s.cpuLimitMillicores,
      memory_request_mb: s.memoryRequestMb,
      memory_limit_mb: s.memoryLimitMb,
    },
  };
}

interface Known {
  cpu: number | null;
  memory: number | null;
  specs: PodSpecs;
  /** Consecutive ticks this pod has been missing. */
  misses: number;
}

/**
 * Turns each tick's readings into samples stamped with the tick's time (so all pods line
 * up), filling in a missing value from the pod's last real one (marked predicted).
 * `maxMisses` bounds how long a vanished pod is predicted.
 */
export class ResourceGapFiller {
  private readonly known = new Map<string, Known>();

  constructor(private readonly maxMisses = 3) {}

  fill(runId: string | undefined, readings: readonly PodReading[], ts: number): ResourceSampleRecord[] {
    const out: ResourceSampleRecord[] = [];
    const seen = new Set<string>();
    for (const r of readings) {
      seen.add(r.pod);
      const prev = this.known.get(r.pod);
      const cpuPredicted = r.cpuMillicores === null && prev?.cpu != null;
      const memoryPredicted = r.memoryMb === null && prev?.memory != null;
      const cpu = r.cpuMillicores ?? prev?.cpu ?? null;
      const memory = r.memoryMb ?? prev?.memory ?? null;
      this.known.set(r.pod, {
        cpu,
        memory,
        specs: r.specs,
        misses: r.cpuMillicores === null && r.memoryMb === null ? (prev?.misses ?? 0) + 1 : 0,
      });
      if (cpu === null && memory === null) continue;
      out.push({ ...record(runId, r.pod, ts, cpu, memory, r.specs, cpuPredicted, memoryPredicted), ...podState(r) });
    }
    for (const [pod, k] of this.known) {
      if (seen.has(pod)) continue;
      k.misses++;
      if (k.misses > this.maxMisses) {
        this.known.delete(pod);
        continue;
      }
      if (k.cpu === null && k.memory === null) continue;
      out.push(record(runId, pod, ts, k.cpu, k.memory, k.specs, k.cpu !== null, k.memory !== null));
    }
    return out.sort((a, b) => a.pod.localeCompare(b.pod));
  }
}

/** Role and restarts travel with each sample (the findings read them); absent fields stay absent. */
function podState(r: PodReading): Pick<ResourceSampleRecord, 'role' | 'restarts' | 'lastTerminatedReason'> {
  return {
    ...(r.role ? { role: r.role } : {}),
    ...(r.restarts !== undefined ? { restarts: r.restarts } : {}),
    ...(r.lastTerminatedReason !== undefined ? { lastTerminatedReason: r.lastTerminatedReason } : {}),
  };
}

function record(
  runId: string | undefined,
  pod: string,
  ts: number,
  cpu: number | null,
  memory: number | null,
  specs: PodSpecs,
  cpuPredicted: boolean,
  memoryPredicted: boolean,
): ResourceSampleRecord {
  return {
    runId,
    pod,
    ts,
    cpuMillicores: cpu,
    memoryMb: memory,
    cpuRequestMillicores: specs.cpuRequestMillicores,
    cpuLimitMillicores: specs.cpuLimitMillicores,
    memoryRequestMb: specs.memoryRequestMb,
    memoryLimitMb: specs.memoryLimitMb,
    cpuIsPredicted: cpuPredicted,
    memoryIsPredicted: memoryPredicted,
  };
}
