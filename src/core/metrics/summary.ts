// The run summary, shaped from whole-run aggregates. Every percentile here came from one
// InfluxDB query over the whole range; nothing is averaged across windows.
import type { OverallAggregates } from './aggregates';
import { overallVerdict } from './thresholds';
import type { RunSummary, ThresholdVerdict } from './types';

/**
 * The run's duration for rates: from its first to its last k6 point, at least one second
 * (k6 writes whole-second `vus` samples, so a run with points has a positive extent).
 */
export function durationSeconds(extent: { start: number; end: number }): number {
  return Math.max(1, (extent.end - extent.start) / 1000);
}

export function buildSummary(
  testid: string,
  agg: OverallAggregates,
  options: { thresholds?: ThresholdVerdict[]; exitCode?: number } = {},
): RunSummary {
  const extent = agg.extent ?? { start: 0, end: 0 };
  const seconds = agg.extent ? durationSeconds(extent) : 0;
  const perSecond = (n: number) => (seconds > 0 ? n / seconds : 0);
  const endpoints = agg.endpoints
    .map((e) => ({
      name: e.name,
      count: e.requests,
      rps: perSecond(e.requests),
      p95: e.p95,
      errorRate: e.requests > 0 ? e.failed / e.requests : 0,
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const summary: RunSummary = {
    testid,
    start: new Date(extent.start).toISOString(),
    end: new Date(extent.end).toISOString(),
    durationSeconds: seconds,
    requests: agg.requests,
    rps: perSecond(agg.requests),
    latency: { ...agg.latency },
    errorRate: agg.requests > 0 ? agg.failed / agg.requests : 0,
    vusMax: agg.vusMax,
    iterations: agg.iterations,
    dataSent: agg.dataSent,
    dataReceived: agg.dataReceived,
    endpoints,
    verdict: overallVerdict(options.thresholds, agg.requests, options.exitCode),
  };
  if (options.thresholds) summary.thresholds = options.thresholds;
  return summary;
}

/** One CSV cell (RFC 4180), with spreadsheet formulas neutralised. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const guarded = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** The summary as one CSV table: the whole run first, then one row per endpoint. */
export function summaryToCsv(s: RunSummary): string {
  const header = ['scope', 'name', 'requests', 'rps', 'p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'max_ms', 'error_rate', 'vus_max', 'start', 'end', 'verdict'];
  const rows: (string | number | null)[][] = [
    ['run', s.testid, s.requests, s.rps, s.latency.p50, s.latency.p90, s.latency.p95, s.latency.p99, s.latency.max, s.errorRate, s.vusMax, s.start, s.end, s.verdict],
    ...s.endpoints.map((e) => ['endpoint', e.name, e.count, e.rps, null, null, e.p95, null, null, e.errorRate, null, null, null, null]),
    ...(s.thresholds ?? []).map((t) => ['threshold', `${t.metric}: ${t.expression}`, null, null, null, null, null, null, null, null, null, null, null, t.ok ? 'passed' : 'failed']),
  ];
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
