// A script's (or one endpoint's) numbers over its runs — p95, req/s, error rate — with what
// changed between runs beside them: the git commit the run started from and the target pods'
// requests/limits. A point is marked where either differs from the run before.
import type { RunSummary } from '../metrics/types';

/** The target's summed requests/limits during a run (its first target sample), null where unset. */
export interface TargetSpecs {
  cpuRequestMillicores: number | null;
  cpuLimitMillicores: number | null;
  memoryRequestMb: number | null;
  memoryLimitMb: number | null;
}

export interface TrendRun {
  runId: string;
  /** Epoch ms the run started. */
  at: number;
  summary: RunSummary;
  commit?: string;
  specs?: TargetSpecs;
}

export interface TrendPoint {
  runId: string;
  at: number;
  p95: number | null;
  rps: number;
  errorRate: number;
  findings: number;
  commit?: string;
  specs?: TargetSpecs;
  /** What differs from the previous point: `commit`, `specs`, or both. */
  changed: ('commit' | 'specs')[];
}

const sameSpecs = (a: TargetSpecs | undefined, b: TargetSpecs | undefined) =>
  a === undefined || b === undefined || (a.cpuRequestMillicores === b.cpuRequestMillicores && a.cpuLimitMillicores === b.cpuLimitMillicores && a.memoryRequestMb === b.memoryRequestMb && a.memoryLimitMb === b.memoryLimitMb);

/** Oldest first; `endpoint` picks that endpoint's row of each summary (runs without it are left out). */
export function runTrend(runs: readonly TrendRun[], endpoint?: string): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (const r of [...runs].sort((a, b) => a.at - b.at)) {
    const row = endpoint ? r.summary.endpoints.find((e) => e.name === endpoint) : undefined;
    if (endpoint && !row) continue;
    const prev = out[out.length - 1];
    const changed: TrendPoint['changed'] = [];
    if (prev && prev.commit && r.commit && prev.commit !== r.commit) changed.push('commit');
    if (prev && !sameSpecs(prev.specs, r.specs)) changed.push('specs');
    out.push({
      runId: r.runId,
      at: r.at,
      p95: row ? row.p95 : r.summary.latency.p95,
      rps: row ? row.rps : r.summary.rps,
      errorRate: row ? row.errorRate : r.summary.errorRate,
      findings: (r.summary.findings ?? []).filter((f) => f.severity !== 'info' && (!endpoint || !f.endpoint || f.endpoint === endpoint)).length,
      ...(r.commit ? { commit: r.commit } : {}),
      ...(r.specs ? { specs: r.specs } : {}),
      changed,
    });
  }
  return out;
}

export const fmtSpecs = (s: TargetSpecs | undefined): string =>
  s ? `CPU ${s.cpuRequestMillicores ?? '-'}/${s.cpuLimitMillicores ?? '-'}m · memory ${s.memoryRequestMb ?? '-'}/${s.memoryLimitMb ?? '-'} MiB` : 'not sampled';
