// A run compared with its endpoint's (or script's) baseline run: absolute and relative
// deltas with a direction. Pure; the host builds it from two stored summaries.
import type { RunSummary } from './types';

export type DeltaDirection = 'better' | 'worse' | 'same';
export type ComparedMetric = 'rps' | 'p50' | 'p95' | 'p99' | 'errorRate';

export interface MetricDelta {
  /** `rps` is the throughput of successful requests (see successfulRps). */
  metric: ComparedMetric;
  /** This run's value (ms for latencies, 0..1 for the error rate); null when not measured. */
  current: number | null;
  baseline: number | null;
  /** current − baseline; null when either is missing. */
  absolute: number | null;
  /** absolute / baseline; null when either is missing or the baseline is 0. */
  relative: number | null;
  direction: DeltaDirection;
}

export interface EndpointComparison {
  name: string;
  deltas: MetricDelta[];
}

export interface BaselineComparison {
  baselineRunId: string;
  overall: MetricDelta[];
  /** Endpoints (k6 `name` tag) present in both runs, in this run's order. */
  endpoints: EndpointComparison[];
}

export interface CompareTolerance {
  /** A relative change at most this large is "same" (0.02 = 2 %). */
  relative: number;
  /** An error-rate change at most this large (0..1) is "same" (0.001 = 0.1 percentage point). */
  errorRate: number;
}

export const defaultTolerance: CompareTolerance = { relative: 0.02, errorRate: 0.001 };

/** Higher is better for throughput; lower is better for latency and errors. */
const higherIsBetter: Record<ComparedMetric, boolean> = { rps: true, p50: false, p95: false, p99: false, errorRate: false };

const finite = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);

export function metricDelta(metric: ComparedMetric, current: number | null | undefined, baseline: number | null | undefined, tolerance: CompareTolerance = defaultTolerance): MetricDelta {
  const c = finite(current);
  const b = finite(baseline);
  if (c === null || b === null) return { metric, current: c, baseline: b, absolute: null, relative: null, direction: 'same' };
  const absolute = c - b;
  const relative = b !== 0 ? absolute / Math.abs(b) : null;
  let direction: DeltaDirection;
  if (absolute === 0) direction = 'same';
  else if (metric === 'errorRate' && Math.abs(absolute) <= tolerance.errorRate) direction = 'same';
  else if (relative !== null && Math.abs(relative) <= tolerance.relative) direction = 'same';
  else direction = absolute > 0 === higherIsBetter[metric] ? 'better' : 'worse';
  return { metric, current: c, baseline: b, absolute, relative, direction };
}

/**
 * Throughput of successful requests: more requests per second are no improvement when the
 * extra ones fail (a service that errors fast "serves" more), so throughput is judged on these.
 */
export function successfulRps(rps: number | null | undefined, errorRate: number | null | undefined): number | null {
  const r = finite(rps);
  if (r === null) return null;
  return r * (1 - Math.min(1, Math.max(0, finite(errorRate) ?? 0)));
}

const throughputDelta = (c: { rps?: number | null; errorRate?: number | null }, b: { rps?: number | null; errorRate?: number | null }, tolerance: CompareTolerance) =>
  metricDelta('rps', successfulRps(c.rps, c.errorRate), successfulRps(b.rps, b.errorRate), tolerance);

/** `current` compared with `baseline` (the summary of run `baselineRunId`); throughput counts successful requests. */
export function compareSummaries(current: RunSummary, baseline: RunSummary, baselineRunId: string, tolerance: CompareTolerance = defaultTolerance): BaselineComparison {
  const overall = [
    throughputDelta(current, baseline, tolerance),
    metricDelta('p50', current.latency?.p50, baseline.latency?.p50, tolerance),
    metricDelta('p95', current.latency?.p95, baseline.latency?.p95, tolerance),
    metricDelta('p99', current.latency?.p99, baseline.latency?.p99, tolerance),
    metricDelta('errorRate', current.errorRate, baseline.errorRate, tolerance),
  ];
  const before = new Map((baseline.endpoints ?? []).map((e) => [e.name, e]));
  const endpoints: EndpointComparison[] = [];
  for (const e of current.endpoints ?? []) {
    const b = before.get(e.name);
    if (!b) continue;
    endpoints.push({
      name: e.name,
      deltas: [throughputDelta(e, b, tolerance), metricDelta('p95', e.p95, b.p95, tolerance), metricDelta('errorRate', e.errorRate, b.errorRate, tolerance)],
    });
  }
  return { baselineRunId, overall, endpoints };
}

/** The store keys a run is a baseline under: its endpoint keys and `script:<path>`. */
export function baselineKeys(run: { scriptPath: string; endpoints: readonly string[] }): string[] {
  return [...new Set([`script:${run.scriptPath}`, ...run.endpoints])];
}

/** The keys a run's baseline is looked up by, in order: its script, then its first endpoint. */
export function baselineLookupKeys(run: { scriptPath: string; endpoints: readonly string[] }): string[] {
  return [`script:${run.scriptPath}`, ...run.endpoints.slice(0, 1)];
}
