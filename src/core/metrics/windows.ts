// Windows of a live run: which range a tick must ask for, and how its answer is merged into
// what the panel already shows. A window is complete once its end is older than `settleMs`
// (k6 pushes every second, late points arrive after that); complete windows are never asked
// for again, the still-open ones are re-read on every tick.
import type { EndpointWindowCount, WindowAggregate, WindowBatch } from './aggregates';
import type { EndpointRow, EndpointTable, TimeRange, WindowPoint } from './types';

export const alignDown = (t: number, windowMs: number): number => Math.floor(t / windowMs) * windowMs;
export const alignUp = (t: number, windowMs: number): number => Math.ceil(t / windowMs) * windowMs;

export interface TickPlan {
  /** What to query: from the first window that is not complete, through the open window. */
  range: TimeRange;
  /** Windows starting before this are complete after this tick. */
  completeUntil: number;
  /** The bounded range for the per-endpoint "recent p95" column. */
  recentRange: TimeRange;
}

export interface PlanOptions {
  windowMs: number;
  settleMs: number;
  /** Seconds the live per-endpoint p95 looks back. */
  recentSeconds: number;
}

/**
 * The next tick's query. `cursor` is the start of the first window not yet complete (the
 * run's aligned start before the first tick). The range always covers the window holding
 * `now` and, so that clock skew between k6 and the editor loses nothing, the settle margin
 * after it.
 */
export function planTick(cursor: number, now: number, o: PlanOptions): TickPlan {
  const from = alignDown(cursor, o.windowMs);
  const completeUntil = Math.max(from, alignDown(now - o.settleMs, o.windowMs));
  const to = Math.max(completeUntil + o.windowMs, alignUp(now + o.settleMs + 1, o.windowMs));
  return { range: { start: from, end: to }, completeUntil, recentRange: { start: to - Math.max(o.recentSeconds * 1000, o.windowMs), end: to } };
}

export function toWindowPoint(a: WindowAggregate, windowMs: number): WindowPoint {
  const seconds = windowMs / 1000;
  return {
    t: a.t,
    requests: a.requests,
    failed: a.failed,
    rps: a.requests / seconds,
    errorRate: a.requests > 0 ? a.failed / a.requests : null,
    p50: a.p50,
    p90: a.p90,
    p95: a.p95,
    p99: a.p99,
    max: a.max,
    vus: a.vus,
    sentPerSec: a.dataSent / seconds,
    receivedPerSec: a.dataReceived / seconds,
  };
}

/** Replaces every point at or after `from` with the new ones (which all lie at or after `from`). */
export function mergeSeries(existing: readonly WindowPoint[], incoming: readonly WindowPoint[], from: number): WindowPoint[] {
  let keep = existing.length;
  while (keep > 0 && existing[keep - 1].t >= from) keep--;
  const fresh = incoming.filter((p) => p.t >= from).sort((a, b) => a.t - b.t);
  return existing.slice(0, keep).concat(fresh);
}

interface Counts {
  requests: number;
  failed: number;
}

/**
 * Per-endpoint counts of a live run. Complete windows are folded into totals and forgotten;
 * open windows are kept so the next tick can replace them. Memory stays bounded by the
 * number of endpoints, however long the run.
 */
export class EndpointAccumulator {
  private readonly complete = new Map<string, Counts>();
  private open: EndpointWindowCount[] = [];
  private recentP95: Record<string, number | null> = {};
  private recentSeconds = 0;

  /** Takes a tick's rows for [from, ...): open rows are replaced, rows before `completeUntil` folded. */
  apply(rows: readonly EndpointWindowCount[], from: number, completeUntil: number): void {
    const current = this.open.filter((r) => r.t < from).concat(rows.filter((r) => r.t >= from));
    this.open = [];
    for (const r of current) {
      if (r.t < completeUntil) add(this.complete, r.name, r);
      else this.open.push(r);
    }
  }

  setRecentP95(values: Record<string, number | null>, seconds: number): void {
    this.recentP95 = { ...values };
    this.recentSeconds = seconds;
  }

  /** The table the panel shows; `elapsedSeconds` turns counts into rates. */
  table(elapsedSeconds: number): EndpointTable {
    const totals = new Map<string, Counts>();
    for (const [name, c] of this.complete) add(totals, name, c);
    for (const r of this.open) add(totals, r.name, r);
    const rows: EndpointRow[] = [...totals].map(([name, c]) => ({
      name,
      count: c.requests,
      rps: elapsedSeconds > 0 ? c.requests / elapsedSeconds : 0,
      p95: this.recentP95[name] ?? null,
      errorRate: c.requests > 0 ? c.failed / c.requests : 0,
    }));
    rows.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { rows, p95WindowSeconds: this.recentSeconds };
  }
}

function add(into: Map<string, Counts>, name: string, c: Counts): void {
  const t = into.get(name) ?? { requests: 0, failed: 0 };
  t.requests += c.requests;
  t.failed += c.failed;
  into.set(name, t);
}

/** A whole batch as panel points. */
export function batchPoints(batch: WindowBatch): WindowPoint[] {
  return batch.windows.map((w) => toWindowPoint(w, batch.windowMs));
}
