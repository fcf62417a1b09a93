// What a metrics dialect returns: InfluxDB's aggregates, before the live series and the
// summary are shaped from them. Dialects (InfluxQL, Flux) produce exactly these shapes.
import type { LatencyStats, TimeRange } from './types';

/** One window of aggregates. Sums are raw counts/bytes; the percentiles come from InfluxDB. */
export interface WindowAggregate extends LatencyStats {
  t: number;
  requests: number;
  failed: number;
  vus: number | null;
  dataSent: number;
  dataReceived: number;
}

/** Requests and failures of one endpoint (k6 tag `name`) in one window. */
export interface EndpointWindowCount {
  t: number;
  name: string;
  requests: number;
  failed: number;
}

/** The answer to one live tick's query over [range.start, range.end). */
export interface WindowBatch {
  range: TimeRange;
  windowMs: number;
  /** Windows that hold any k6 point, in time order. */
  windows: WindowAggregate[];
  endpoints: EndpointWindowCount[];
  /** p95 per endpoint over `recentRange` (bounded, independent of the run's length). */
  recentP95: Record<string, number | null>;
  recentRange?: TimeRange;
}

export interface EndpointTotals {
  name: string;
  requests: number;
  failed: number;
  p95: number | null;
}

/** Whole-run aggregates, each computed by InfluxDB over the whole range in one query. */
export interface OverallAggregates {
  /** First and last k6 point of the run (end inclusive); undefined when there is no data. */
  extent: TimeRange | undefined;
  requests: number;
  failed: number;
  iterations: number;
  dataSent: number;
  dataReceived: number;
  latency: LatencyStats & { avg: number | null };
  vusMax: number | null;
  endpoints: EndpointTotals[];
}

/** The InfluxDB aggregate a threshold needs. */
export type AggregateFn =
  | { fn: 'percentile'; p: number }
  | { fn: 'mean' }
  | { fn: 'median' }
  | { fn: 'min' }
  | { fn: 'max' }
  | { fn: 'sum' }
  | { fn: 'count' }
  | { fn: 'last' };

export type AggregateSpec = AggregateFn & {
  /** A k6 metric (measurement) name, validated by `isMetricName`. */
  metric: string;
  /** Tag filters; keys validated by `isTagKey`, values bound as parameters. */
  tags: Record<string, string>;
};

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** k6 metric names that may be used as an InfluxDB measurement identifier. */
export function isMetricName(s: string): boolean {
  return identifier.test(s);
}

export function isTagKey(s: string): boolean {
  return identifier.test(s);
}

const runIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** A run id (k6 `testid` tag) we are willing to put in a query, even as a bound parameter. */
export function isValidRunId(id: string): boolean {
  return runIdPattern.test(id);
}

export function isValidRange(r: TimeRange): boolean {
  return Number.isFinite(r.start) && Number.isFinite(r.end) && r.end > r.start;
}
