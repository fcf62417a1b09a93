// Expected numbers computed straight from the seeded samples, independently of the code
// under test: plain arithmetic over the raw points k6 "wrote".
import { influxPercentile, k6TrendPercentile, type SeededRun } from '../../support/k6Seed';

export interface Expected {
  requests: number;
  failed: number;
  errorRate: number;
  start: number;
  end: number;
  rps: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number;
  vusMax: number;
  endpoints: Map<string, { count: number; failed: number; p95: number | null }>;
}

/** The whole run as k6's own summary reports it: percentiles interpolated as k6 does. */
export function expectedSummary(run: SeededRun): Expected {
  const durations = run.requests.map((r) => r.durationMs);
  const failed = run.requests.filter((r) => r.failed).length;
  const times = [...run.requests.map((r) => r.ms), ...run.vus.map((v) => v.ms), ...run.iterations.map((i) => i.ms)];
  const start = Math.min(...times);
  const end = Math.max(...times);
  const endpoints = new Map<string, { count: number; failed: number; p95: number | null }>();
  for (const name of new Set(run.requests.map((r) => r.name))) {
    const mine = run.requests.filter((r) => r.name === name);
    endpoints.set(name, { count: mine.length, failed: mine.filter((r) => r.failed).length, p95: k6TrendPercentile(mine.map((r) => r.durationMs), 95) });
  }
  return {
    requests: run.requests.length,
    failed,
    errorRate: failed / run.requests.length,
    start,
    end,
    rps: run.requests.length / Math.max(1, (end - start) / 1000),
    p50: k6TrendPercentile(durations, 50),
    p90: k6TrendPercentile(durations, 90),
    p95: k6TrendPercentile(durations, 95),
    p99: k6TrendPercentile(durations, 99),
    max: Math.max(...durations),
    vusMax: Math.max(...run.vus.map((v) => v.value)),
    endpoints,
  };
}

export interface ExpectedWindow {
  t: number;
  requests: number;
  failed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  sent: number;
}

export function expectedWindows(run: SeededRun, windowMs: number): Map<number, ExpectedWindow> {
  const out = new Map<number, ExpectedWindow>();
  const bucket = (ms: number) => Math.floor(ms / windowMs) * windowMs;
  const groups = new Map<number, number[]>();
  for (const r of run.requests) {
    const t = bucket(r.ms);
    const w = out.get(t) ?? { t, requests: 0, failed: 0, p50: null, p95: null, p99: null, max: null, sent: 0 };
    w.requests++;
    if (r.failed) w.failed++;
    out.set(t, w);
    groups.set(t, [...(groups.get(t) ?? []), r.durationMs]);
  }
  for (const s of run.dataSent) out.get(bucket(s.ms))!.sent += s.value;
  for (const [t, d] of groups) {
    const w = out.get(t)!;
    w.p50 = influxPercentile(d, 50);
    w.p95 = influxPercentile(d, 95);
    w.p99 = influxPercentile(d, 99);
    w.max = Math.max(...d);
  }
  return out;
}
