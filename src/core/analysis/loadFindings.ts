// Findings read from the run's own windows (requests, failures, VUs, latency over time):
// throughput plateau, error-rate increase, early failures, latency increase at steady load.
// Each rule's thresholds are named constants and documented in README "Findings".
import type { WindowPoint } from '../metrics/types';
import { clock, type Finding, fmtMs, fmtP, fmtPct, fmtRate, isoOf } from './finding';
import { median, movingMedian, proportionChangePoint, proportionZ, shiftChangePoint } from './stats';

export const loadRules = {
  /** Windows needed before any trend is judged. */
  minWindows: 8,
  /** Plateau: VUs at the end at least this many times the VUs at the knee. */
  plateauVuGrowth: 1.5,
  /** Plateau: successful req/s per VU fell below this share of the start's. */
  plateauEfficiencyDrop: 0.7,
  /** Plateau: median p95 after the knee at least this many times the one before. */
  plateauLatencyGrowth: 1.25,
  /** Error increase: at least this many percentage points above the start's rate… */
  errorIncreaseAbsolute: 0.05,
  /** …and at least this many times it, and this significant (two-proportion z). */
  errorIncreaseRatio: 1.5,
  errorIncreaseZ: 5,
  /** Early failures: this share of the first requests failed. */
  earlyFailureRate: 0.5,
  /** The first requests: at least this many, over at least the first 3 windows or 10 % of the run. */
  earlyMinRequests: 20,
  /** Latency increase: windows whose VUs stay within this share of the peak count as steady load. */
  steadyVuTolerance: 0.1,
  latencyGrowth: 1.5,
  latencyMinDeltaMs: 2,
  latencyMaxP: 0.001,
} as const;

interface Win {
  t: number;
  requests: number;
  failed: number;
  okRps: number;
  vus: number;
  p95: number | null;
}

function windowsOf(series: readonly WindowPoint[], windowMs: number): Win[] {
  const seconds = windowMs / 1000;
  return series
    .filter((p) => p.requests > 0)
    .map((p) => ({ t: p.t, requests: p.requests, failed: p.failed, okRps: (p.requests - p.failed) / seconds, vus: p.vus ?? 0, p95: p.p95 }))
    .sort((a, b) => a.t - b.t);
}

const p95s = (ws: readonly Win[]) => ws.map((w) => w.p95).filter((v): v is number => v !== null);
const sum = (ws: readonly Win[], f: (w: Win) => number) => ws.reduce((s, w) => s + f(w), 0);

/**
 * VUs keep rising while successful req/s stops rising and latency climbs (Little's law:
 * concurrency = throughput × response time, so with throughput flat the extra VUs only wait).
 */
export function throughputPlateau(series: readonly WindowPoint[], windowMs: number): Finding | undefined {
  const ws = windowsOf(series, windowMs).filter((w) => w.vus > 0);
  if (ws.length < loadRules.minWindows) return undefined;
  const rps = movingMedian(ws.map((w) => w.okRps), 3);
  const eff = ws.map((w, i) => rps[i] / w.vus);
  const head = Math.max(3, Math.floor(ws.length / 5));
  const e0 = median(eff.slice(0, head)) ?? 0;
  if (e0 <= 0) return undefined;
  // The first window from which efficiency stays low to the end.
  let drop = -1;
  for (let i = ws.length - 1; i >= head; i--) {
    if (eff[i] < loadRules.plateauEfficiencyDrop * e0) drop = i;
    else break;
  }
  if (drop < 0 || ws.length - drop < 3) return undefined;
  const plateau = median(rps.slice(drop)) ?? 0;
  if (plateau <= 0) return undefined;
  // The knee: where successful req/s first reached the plateau's level.
  let knee = rps.findIndex((r) => r >= 0.9 * plateau);
  if (knee < 0 || knee > drop) knee = drop;
  const vusAtKnee = ws[knee].vus;
  const vusEnd = Math.max(...ws.slice(-3).map((w) => w.vus));
  if (vusEnd < loadRules.plateauVuGrowth * vusAtKnee) return undefined;
  const before = median(p95s(ws.slice(0, Math.max(knee, 3))));
  const after = median(p95s(ws.slice(drop)));
  if (before === null || after === null || after < loadRules.plateauLatencyGrowth * before) return undefined;
  const last = ws[ws.length - 1];
  const end = last.t + windowMs;
  const littleMs = (vusEnd / plateau) * 1000;
  return {
    kind: 'throughput-plateau',
    severity: 'warning',
    title: `Throughput plateau at about ${fmtRate(plateau)} req/s from ${vusAtKnee} VUs`,
    detail:
      `From ${clock(ws[knee].t)} successful requests stayed near ${fmtRate(plateau)}/s while VUs rose from ${vusAtKnee} to ${vusEnd} (until ${clock(end)}); ` +
      `p95 rose from ${fmtMs(before)} to ${fmtMs(after)}. Little's law: ${vusEnd} VUs / ${fmtRate(plateau)} req/s ≈ ${fmtMs(littleMs)} per iteration — the extra VUs only wait.`,
    from: isoOf(ws[knee].t),
    to: isoOf(end),
    nextStep: `Treat ~${fmtRate(plateau)} req/s as the capacity at this size: look at the target's CPU/memory against its limits (findings below, Pods view), its connection pools and downstream calls; scale it or raise its limits, then run again.`,
  };
}

/** The failure rate rises clearly above the level of the run's start, and stays up. */
export function errorRateIncrease(series: readonly WindowPoint[], windowMs: number): Finding | undefined {
  const ws = windowsOf(series, windowMs);
  if (ws.length < loadRules.minWindows) return undefined;
  const split = proportionChangePoint(ws.map((w) => ({ n: w.requests, k: w.failed })), Math.max(2, Math.floor(ws.length / 10)));
  if (split === undefined) return undefined;
  const before = ws.slice(0, split);
  const after = ws.slice(split);
  const [n1, k1, n2, k2] = [sum(before, (w) => w.requests), sum(before, (w) => w.failed), sum(after, (w) => w.requests), sum(after, (w) => w.failed)];
  const r1 = k1 / n1;
  const r2 = k2 / n2;
  if (r2 - r1 < loadRules.errorIncreaseAbsolute || r2 < loadRules.errorIncreaseRatio * r1) return undefined;
  if (proportionZ(k1, n1, k2, n2) < loadRules.errorIncreaseZ) return undefined;
  const end = ws[ws.length - 1].t + windowMs;
  return {
    kind: 'error-rate-increase',
    severity: r2 >= 0.2 ? 'critical' : 'warning',
    title: `Errors rose from ${fmtPct(r1)} to ${fmtPct(r2)} at ${clock(after[0].t)}`,
    detail: `Before ${clock(after[0].t)}: ${k1} of ${n1} requests failed (${fmtPct(r1)}); from then to ${clock(end)}: ${k2} of ${n2} (${fmtPct(r2)}), at ${after[0].vus || '?'} VUs.`,
    from: isoOf(after[0].t),
    to: isoOf(end),
    nextStep: 'Open the target pod\'s logs around the start time; compare with the VUs then (a load limit) and with the pods\' findings (restarts, memory).',
  };
}

/** Most of the first requests fail: the script or the target is wrong, not the load. */
export function earlyFailures(series: readonly WindowPoint[], windowMs: number): Finding | undefined {
  const ws = windowsOf(series, windowMs);
  if (ws.length === 0) return undefined;
  const minWindows = Math.max(3, Math.ceil(ws.length / 10));
  let n = 0;
  let k = 0;
  let i = 0;
  while (i < ws.length && (i < minWindows || n < loadRules.earlyMinRequests)) {
    n += ws[i].requests;
    k += ws[i].failed;
    i++;
  }
  if (n < loadRules.earlyMinRequests || k / n < loadRules.earlyFailureRate) return undefined;
  const end = ws[i - 1].t + windowMs;
  return {
    kind: 'early-failures',
    severity: 'critical',
    title: `${fmtPct(k / n)} of the first requests failed`,
    detail: `${k} of the first ${n} requests (${clock(ws[0].t)}–${clock(end)}) failed, before the load could be the cause.`,
    from: isoOf(ws[0].t),
    to: isoOf(end),
    nextStep: 'Check the script\'s base URL, paths, headers and auth token against the target (run one request by hand); the status codes per endpoint are in the table.',
  };
}

/** Latency climbs while the load holds steady (VUs within 10 % of the peak). */
export function latencyIncrease(series: readonly WindowPoint[], windowMs: number): Finding | undefined {
  const all = windowsOf(series, windowMs);
  const peak = Math.max(0, ...all.map((w) => w.vus));
  if (peak <= 0) return undefined;
  const steady = all.filter((w) => w.vus >= (1 - loadRules.steadyVuTolerance) * peak && w.p95 !== null);
  if (steady.length < loadRules.minWindows) return undefined;
  const values = steady.map((w) => w.p95 as number);
  const cp = shiftChangePoint(values, Math.max(3, Math.floor(steady.length / 10)));
  if (!cp || cp.test.p > loadRules.latencyMaxP) return undefined;
  const before = median(values.slice(0, cp.index)) ?? 0;
  const after = median(values.slice(cp.index)) ?? 0;
  if (after < loadRules.latencyGrowth * before || after - before < loadRules.latencyMinDeltaMs) return undefined;
  const start = steady[cp.index];
  const end = steady[steady.length - 1].t + windowMs;
  return {
    kind: 'latency-increase',
    severity: after >= 3 * before ? 'critical' : 'warning',
    title: `p95 rose from ${fmtMs(before)} to ${fmtMs(after)} at steady load`,
    detail: `At ${start.vus} VUs (steady), p95 per window went from a median of ${fmtMs(before)} to ${fmtMs(after)} from ${clock(start.t)} to ${clock(end)} (Mann-Whitney p ${fmtP(cp.test.p)}).`,
    from: isoOf(start.t),
    to: isoOf(end),
    nextStep: 'Something degrades over time at constant load: look for growing memory (GC), queues, connection leaks or a cache filling up; compare with the pods\' memory chart.',
  };
}
