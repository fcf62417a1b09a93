// Findings from the pods sampled during the run (metrics.k8s.io usage against each pod's
// limits, and its container restarts): the target near its CPU or memory limit, killed for
// memory or restarted, and the k6 generator pods themselves at their CPU limit.
import type { ResourceSampleRecord } from '../model';
import { clock, type Finding, isoOf } from './finding';

export const resourceRules = {
  /** CPU usage at or above this share of the limit is throttling territory. */
  cpuNearLimit: 0.9,
  /** Memory at or above this share of the limit risks an OOM kill. */
  memoryNearLimit: 0.8,
  /** A pod is "near" when at least this many samples and this share of its samples are. */
  minSamples: 2,
  minShare: 0.2,
} as const;

type Usage = 'cpu' | 'memory';

function nearRange(samples: readonly ResourceSampleRecord[], usage: Usage, share: number): { from: number; to: number; peak: number; limit: number; count: number } | undefined {
  const measured = samples.filter((s) => (usage === 'cpu' ? !s.cpuIsPredicted && s.cpuMillicores !== null && s.cpuLimitMillicores : !s.memoryIsPredicted && s.memoryMb !== null && s.memoryLimitMb));
  const near = measured.filter((s) => (usage === 'cpu' ? (s.cpuMillicores as number) >= share * (s.cpuLimitMillicores as number) : (s.memoryMb as number) >= share * (s.memoryLimitMb as number)));
  if (near.length < resourceRules.minSamples || near.length < resourceRules.minShare * measured.length) return undefined;
  const value = (s: ResourceSampleRecord) => (usage === 'cpu' ? (s.cpuMillicores as number) : (s.memoryMb as number));
  const top = near.reduce((a, b) => (value(b) > value(a) ? b : a));
  return { from: near[0].ts, to: near[near.length - 1].ts, peak: value(top), limit: (usage === 'cpu' ? top.cpuLimitMillicores : top.memoryLimitMb) as number, count: near.length };
}

function byPod(samples: readonly ResourceSampleRecord[]): Map<string, ResourceSampleRecord[]> {
  const out = new Map<string, ResourceSampleRecord[]>();
  for (const s of [...samples].sort((a, b) => a.ts - b.ts)) {
    const list = out.get(s.pod) ?? [];
    list.push(s);
    out.set(s.pod, list);
  }
  return out;
}

export function resourceFindings(samples: readonly ResourceSampleRecord[]): Finding[] {
  const out: Finding[] = [];
  for (const [pod, list] of byPod(samples)) {
    const generator = list[0].role === 'generator';
    const cpu = nearRange(list, 'cpu', resourceRules.cpuNearLimit);
    if (cpu && generator) {
      out.push({
        kind: 'generator-saturated',
        severity: 'warning',
        title: `The load generator ${pod} ran at its CPU limit`,
        detail: `k6 pod ${pod} used up to ${Math.round(cpu.peak)}m of its ${Math.round(cpu.limit)}m CPU limit in ${cpu.count} samples (${clock(cpu.from)}–${clock(cpu.to)}): the latencies and req/s measured then may be k6's limit, not the target's.`,
        from: isoOf(cpu.from),
        to: isoOf(cpu.to),
        pod,
        nextStep: 'Raise the k6 CPU limit (setting metricVault.k6.resources) or spread the load over more runners (parallelism), then run again.',
      });
    } else if (cpu) {
      out.push({
        kind: 'cpu-near-limit',
        severity: 'warning',
        title: `${pod} ran at ${Math.round((cpu.peak / cpu.limit) * 100)} % of its CPU limit`,
        detail: `CPU reached ${Math.round(cpu.peak)}m of the ${Math.round(cpu.limit)}m limit in ${cpu.count} samples (${clock(cpu.from)}–${clock(cpu.to)}): the container is being throttled, which shows up as latency.`,
        from: isoOf(cpu.from),
        to: isoOf(cpu.to),
        pod,
        nextStep: 'Raise the CPU limit or add replicas, or profile the handler for CPU hot spots; compare the latency chart over the same range.',
      });
    }
    const memory = generator ? undefined : nearRange(list, 'memory', resourceRules.memoryNearLimit);
    if (memory) {
      out.push({
        kind: 'memory-near-limit',
        severity: 'warning',
        title: `${pod} used ${Math.round((memory.peak / memory.limit) * 100)} % of its memory limit`,
        detail: `Memory reached ${Math.round(memory.peak)} MiB of the ${Math.round(memory.limit)} MiB limit in ${memory.count} samples (${clock(memory.from)}–${clock(memory.to)}); beyond the limit the kernel kills the container (OOMKilled).`,
        from: isoOf(memory.from),
        to: isoOf(memory.to),
        pod,
        nextStep: 'Raise the memory limit, or look for what grows with load (caches, buffers, leaks) in a heap profile.',
      });
    }
    const restarted = restartFinding(pod, list, generator);
    if (restarted) out.push(restarted);
  }
  return out;
}

function restartFinding(pod: string, list: readonly ResourceSampleRecord[], generator: boolean): Finding | undefined {
  const counted = list.filter((s) => typeof s.restarts === 'number');
  if (counted.length < 2) return undefined;
  const first = counted[0].restarts as number;
  const lastSample = counted[counted.length - 1];
  const added = (lastSample.restarts as number) - first;
  if (added <= 0) return undefined;
  const at = counted.find((s) => (s.restarts as number) > first) as ResourceSampleRecord;
  const oom = counted.some((s) => (s.restarts as number) > first && s.lastTerminatedReason === 'OOMKilled');
  const who = generator ? `k6 pod ${pod}` : pod;
  return oom
    ? {
        kind: 'oom-killed',
        severity: 'critical',
        title: `${who} was OOM-killed during the run`,
        detail: `Its container restarted ${added} time(s) between ${clock(counted[0].ts)} and ${clock(lastSample.ts)}, last terminated with reason OOMKilled (first seen at ${clock(at.ts)}).`,
        from: isoOf(at.ts),
        to: isoOf(lastSample.ts),
        pod,
        nextStep: 'Raise the memory limit or reduce what the service keeps in memory per request; the requests failing around that time are in the error chart.',
      }
    : {
        kind: 'restarts',
        severity: 'warning',
        title: `${who} restarted ${added} time(s) during the run`,
        detail: `Restart count went from ${first} to ${lastSample.restarts as number} (first seen at ${clock(at.ts)}, last terminated reason: ${lastSample.lastTerminatedReason ?? 'unknown'}).`,
        from: isoOf(at.ts),
        to: isoOf(lastSample.ts),
        pod,
        nextStep: 'Read the previous container\'s log (kubectl logs --previous) and check the liveness probe\'s timeout against the latency under load.',
      };
}
