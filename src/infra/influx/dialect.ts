// The metrics dialect Strategy: the same questions asked of InfluxDB in InfluxQL (1.x /query
// API — 1.x, 2.x through DBRP mappings, 3.x) or in Flux (2.x). Every method validates the run
// id and the time range first and answers with a value, never a thrown error, so a live tick
// can show "metrics delayed" and carry on.
import {
  type AggregateSpec,
  type EndpointWindowCount,
  isValidRange,
  isValidRunId,
  type OverallAggregates,
  type WindowAggregate,
  type WindowBatch,
} from '../../core/metrics/aggregates';
import type { EndpointLatencyWindow } from '../../core/analysis/baselineFindings';
import type { TimeRange } from '../../core/metrics/types';
import type { Result } from '../../core/result';

export type MetricsErrorKind =
  /** Connection refused, timeout, 5xx: try again on the next tick. */
  | 'unreachable'
  /** 401/403: credentials are missing or wrong. */
  | 'auth'
  /** The database or bucket does not exist (yet: k6 creates it on its first write). */
  | 'not-found'
  /** InfluxDB rejected the query. */
  | 'query'
  /** A run id or range we refuse to query with. */
  | 'invalid';

export interface MetricsError {
  kind: MetricsErrorKind;
  message: string;
}

export interface MetricsFailure {
  ok: false;
  error: MetricsError;
}
/** The shared Errorable shape (src/core/result.ts) with a metrics error. */
export type MetricsResult<T> = Result<T, MetricsError>;

export const ok = <T>(value: T): MetricsResult<T> => ({ ok: true, value });
export const fail = (kind: MetricsErrorKind, message: string): MetricsFailure => ({ ok: false, error: { kind, message } });

/** What one HTTP exchange cost: for the benchmarks and the log. */
export interface QueryStats {
  /** Round trip on loopback ≈ InfluxDB's server time. */
  ms: number;
  /** Response body size in bytes. */
  bytes: number;
}

export interface WindowsRequest {
  range: TimeRange;
  windowMs: number;
  /** When given, also the per-endpoint p95 over this (bounded) range. */
  recentRange?: TimeRange;
}

export interface MetricsDialect {
  readonly name: 'influxql' | 'flux';
  /** Per-window aggregates of one run over `range` (start aligned to the window size). */
  windows(testid: string, request: WindowsRequest): Promise<MetricsResult<WindowBatch>>;
  /** Whole-range aggregates of one run, each from one query over the whole range. */
  overall(testid: string, range: TimeRange): Promise<MetricsResult<OverallAggregates>>;
  /** One value per spec (thresholds), over the whole range; null where there was no data. */
  aggregate(testid: string, range: TimeRange, specs: readonly AggregateSpec[]): Promise<MetricsResult<(number | null)[]>>;
  /**
   * Per-endpoint, per-window requests, failures and p95 (the baseline comparison's samples),
   * for at most `maxEndpointNames` names; empty `names` means none.
   */
  endpointWindows(testid: string, request: EndpointWindowsRequest): Promise<MetricsResult<EndpointLatencyWindow[]>>;
  /** Whether the server answers at all. */
  ping(): Promise<MetricsResult<void>>;
}

export interface EndpointWindowsRequest {
  range: TimeRange;
  windowMs: number;
  /** k6 `name` tags to read (bound as parameters / Flux literals). */
  names: readonly string[];
}

/** Bounds one endpointWindows query: names beyond this are left out. */
export const maxEndpointNames = 20;

/** Collects per-endpoint window rows keyed by window and name (both dialects). */
export class EndpointWindowsBuilder {
  private readonly byKey = new Map<string, EndpointLatencyWindow>();

  at(t: number, name: string): EndpointLatencyWindow {
    const key = `${t}\u0000${name}`;
    let w = this.byKey.get(key);
    if (!w) {
      w = { t, name, requests: 0, failed: 0, p95: null };
      this.byKey.set(key, w);
    }
    return w;
  }

  build(): EndpointLatencyWindow[] {
    return [...this.byKey.values()].sort((a, b) => a.t - b.t || a.name.localeCompare(b.name));
  }
}

/** Refuses run ids and ranges that must never reach a query. */
export function checkQueryInput(testid: string, ...ranges: (TimeRange | undefined)[]): MetricsFailure | undefined {
  if (!isValidRunId(testid)) return fail('invalid', `"${testid.slice(0, 80)}" is not a valid run id (letters, digits, . _ -, at most 64).`);
  for (const r of ranges) {
    if (r && !isValidRange(r)) return fail('invalid', `The time range ${r.start}..${r.end} is empty or not a range.`);
  }
  return undefined;
}

export function checkWindowMs(windowMs: number): MetricsFailure | undefined {
  if (!Number.isInteger(windowMs) || windowMs < 1 || windowMs > 86_400_000) return fail('invalid', `Window size ${windowMs} ms is not a whole number of ms up to a day.`);
  return undefined;
}

/** Classifies a failed fetch (network error or timeout). */
export function networkError(url: string, err: unknown): MetricsError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const detail = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
  return { kind: 'unreachable', message: `InfluxDB at ${url} is unreachable (${detail}).` };
}

export function httpError(url: string, status: number, body: string): MetricsError {
  const text = body.slice(0, 300).trim();
  if (status === 401 || status === 403) {
    return { kind: 'auth', message: `InfluxDB at ${url} refused the credentials (HTTP ${status}). Set them with "Metric Vault: Set InfluxDB Credentials".` };
  }
  if (status === 404) return { kind: 'not-found', message: `InfluxDB at ${url}: not found (HTTP 404) ${text}` };
  if (status >= 500) return { kind: 'unreachable', message: `InfluxDB at ${url} failed (HTTP ${status}) ${text}` };
  return { kind: 'query', message: `InfluxDB at ${url} rejected the query (HTTP ${status}) ${text}` };
}

/** GET /ping, shared by both dialects: whether the server answers at all. */
export async function pingInflux(url: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<MetricsResult<void>> {
  const base = url.replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/ping`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 204 || res.ok ? ok(undefined) : { ok: false, error: httpError(base, res.status, '') };
  } catch (err) {
    return { ok: false, error: networkError(base, err) };
  }
}

/** Collects a windows answer, row by row, into a WindowBatch (both dialects fill it the same way). */
export class WindowBatchBuilder {
  private readonly byT = new Map<number, WindowAggregate>();
  private readonly counts = new Map<string, EndpointWindowCount>();
  readonly recentP95: Record<string, number | null> = {};

  /** The window starting at `t`, created empty on first use. */
  window(t: number): WindowAggregate {
    let w = this.byT.get(t);
    if (!w) {
      w = { t, requests: 0, failed: 0, p50: null, p90: null, p95: null, p99: null, max: null, vus: null, dataSent: 0, dataReceived: 0 };
      this.byT.set(t, w);
    }
    return w;
  }

  /** One endpoint's counts in the window starting at `t`, created empty on first use. */
  endpoint(t: number, name: string): EndpointWindowCount {
    const key = `${t}\u0000${name}`;
    let c = this.counts.get(key);
    if (!c) {
      c = { t, name, requests: 0, failed: 0 };
      this.counts.set(key, c);
    }
    return c;
  }

  build(req: WindowsRequest): WindowBatch {
    return {
      range: req.range,
      windowMs: req.windowMs,
      windows: [...this.byT.values()].sort((a, b) => a.t - b.t),
      endpoints: [...this.counts.values()].sort((a, b) => a.t - b.t || a.name.localeCompare(b.name)),
      recentP95: this.recentP95,
      recentRange: req.recentRange,
    };
  }
}
