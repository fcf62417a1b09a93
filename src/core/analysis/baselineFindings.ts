// Regression / improvement against the baseline run, per endpoint. Each endpoint's per-window
// p95 values of this run and of the baseline are compared with a Mann-Whitney U test; a
// finding needs both a significant test and a minimum effect size, so a run compared with
// itself (identical samples: U at its mean) or with an equal run reports nothing.
import { type Finding, fmtMs, fmtP, fmtPct } from './finding';
import { mannWhitney, median, proportionZ } from './stats';

/** One endpoint's latency and counts in one window (k6 tag `name`). */
export interface EndpointLatencyWindow {
  t: number;
  name: string;
  requests: number;
  failed: number;
  /** ms; null with no request in the window. */
  p95: number | null;
}

export const baselineRules = {
  /** Windows each run needs for an endpoint to be judged. */
  minWindows: 6,
  /** Two-sided Mann-Whitney p below this… */
  maxP: 0.01,
  /** …and |Cliff's delta| at least this (a "medium" effect)… */
  minDelta: 0.33,
  /** …and the median per-window p95 moved by at least this share and this many ms. */
  minRelative: 0.1,
  minAbsoluteMs: 1,
  /** Error rate: at least this many percentage points and this significant. */
  errorMinAbsolute: 0.02,
  errorMinZ: 4,
} as const;

interface Side {
  p95: number[];
  requests: number;
  failed: number;
}

function byEndpoint(ws: readonly EndpointLatencyWindow[]): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const w of ws) {
    const s = out.get(w.name) ?? { p95: [], requests: 0, failed: 0 };
    if (w.p95 !== null) s.p95.push(w.p95);
    s.requests += w.requests;
    s.failed += w.failed;
    out.set(w.name, s);
  }
  return out;
}

export interface BaselineInput {
  baselineRunId: string;
  current: readonly EndpointLatencyWindow[];
  baseline: readonly EndpointLatencyWindow[];
}

export function baselineFindings(input: BaselineInput): Finding[] {
  const cur = byEndpoint(input.current);
  const base = byEndpoint(input.baseline);
  // No from/to: a comparison concerns the whole run, there is no range to shade.
  const out: Finding[] = [];
  for (const [name, c] of cur) {
    const b = base.get(name);
    if (!b) continue;
    const latency = latencyChange(name, c, b, input.baselineRunId);
    if (latency) out.push(latency);
    const errors = errorChange(name, c, b, input.baselineRunId);
    if (errors) out.push(errors);
  }
  return out;
}

function latencyChange(name: string, c: Side, b: Side, baselineRunId: string): Finding | undefined {
  if (c.p95.length < baselineRules.minWindows || b.p95.length < baselineRules.minWindows) return undefined;
  const test = mannWhitney(b.p95, c.p95, baselineRules.minWindows);
  if (!test || test.p >= baselineRules.maxP || Math.abs(test.delta) < baselineRules.minDelta) return undefined;
  const mc = median(c.p95) ?? 0;
  const mb = median(b.p95) ?? 0;
  const change = mc - mb;
  if (Math.abs(change) < baselineRules.minAbsoluteMs || mb <= 0 || Math.abs(change) / mb < baselineRules.minRelative) return undefined;
  const worse = change > 0;
  const evidence =
    `Median per-window p95 ${fmtMs(mb)} → ${fmtMs(mc)} (${change > 0 ? '+' : ''}${fmtPct(change / mb)}) over ${b.p95.length} baseline and ${c.p95.length} current windows; ` +
    `Mann-Whitney p ${fmtP(test.p)}, Cliff's delta ${test.delta.toFixed(2)}.`;
  return worse
    ? {
        kind: 'regression',
        severity: change / mb >= 0.5 ? 'critical' : 'warning',
        title: `${name} is slower than baseline ${baselineRunId}: p95 +${fmtPct(change / mb)}`,
        detail: evidence,
        endpoint: name,
        nextStep: `Diff the handler's code and the target's resources between the baseline run and this one; run both again to confirm.`,
      }
    : {
        kind: 'improvement',
        severity: 'info',
        title: `${name} is faster than baseline ${baselineRunId}: p95 ${fmtPct(change / mb)}`,
        detail: evidence,
        endpoint: name,
        nextStep: 'If this run is the new normal, make it the baseline (Runs view → Set as Baseline).',
      };
}

function errorChange(name: string, c: Side, b: Side, baselineRunId: string): Finding | undefined {
  if (c.requests === 0 || b.requests === 0) return undefined;
  const rc = c.failed / c.requests;
  const rb = b.failed / b.requests;
  if (rc - rb < baselineRules.errorMinAbsolute || proportionZ(b.failed, b.requests, c.failed, c.requests) < baselineRules.errorMinZ) return undefined;
  return {
    kind: 'regression',
    severity: rc >= 0.2 ? 'critical' : 'warning',
    title: `${name} fails more than baseline ${baselineRunId}: ${fmtPct(rb)} → ${fmtPct(rc)}`,
    detail: `${b.failed} of ${b.requests} requests failed in the baseline, ${c.failed} of ${c.requests} in this run.`,
    endpoint: name,
    nextStep: 'Look at the status codes of this endpoint and the target\'s logs; diff the handler since the baseline run.',
  };
}
