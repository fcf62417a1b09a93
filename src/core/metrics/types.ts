// Shapes of live metrics, pod resources and run summaries. Pure types: the results panel's
// protocol re-exports them, so the webview bundle sees the same definitions as the host.
import type { Finding } from '../analysis/finding';

/** A half-open time range [start, end) in epoch milliseconds. */
export interface TimeRange {
  start: number;
  end: number;
}

/** `http_req_duration` percentiles and maximum in ms (InfluxDB's PERCENTILE, nearest rank); null with no requests. */
export interface LatencyStats {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One window of a run's k6 metrics as InfluxDB aggregated it. */
export interface WindowPoint extends LatencyStats {
  /** Window start, epoch ms (aligned to the window size). */
  t: number;
  /** `http_reqs` in the window. */
  requests: number;
  /** Requests with `http_req_failed` = 1. */
  failed: number;
  /** Requests per second over the window. */
  rps: number;
  /** failed / requests, 0..1; null with no requests. */
  errorRate: number | null;
  /** Highest `vus` value in the window. */
  vus: number | null;
  /** Bytes per second. */
  sentPerSec: number;
  receivedPerSec: number;
}

/** One row of the per-endpoint table (k6 tag `name`). */
export interface EndpointRow {
  name: string;
  count: number;
  rps: number;
  /** ms; during a live run the p95 of the recent past (see `EndpointTable.p95WindowSeconds`). */
  p95: number | null;
  /** 0..1 */
  errorRate: number;
}

export interface EndpointTable {
  rows: EndpointRow[];
  /** Live: the p95 column covers only the last N seconds. Undefined: the whole run. */
  p95WindowSeconds?: number;
}

/** The PLOG guide's grouped resource message, one per pod per tick. */
export interface ResourceMessage {
  pod: string;
  /** Epoch ms. */
  ts: number;
  usage: {
    /** Percent of the limit, or of the request when there is no limit; null with neither. */
    cpu_percent: number | null;
    memory_percent: number | null;
    /** True when the sample was missing and this value was filled in from the last one. */
    cpu_is_predicted: boolean;
    memory_is_predicted: boolean;
  };
  actual_usage: { cpu_millicores: number | null; memory_mb: number | null };
  specs: {
    cpu_request_millicores: number | null;
    cpu_limit_millicores: number | null;
    memory_request_mb: number | null;
    memory_limit_mb: number | null;
  };
}

/** Why resource charts are empty, shown on them instead of a blank canvas. */
export type ResourceProblemKind = 'no-target' | 'metrics-server-missing' | 'forbidden' | 'unreachable' | 'other';
export interface ResourceProblem {
  kind: ResourceProblemKind;
  message: string;
}

export interface ThresholdVerdict {
  /** As written in the script: `http_req_duration{name:GET /pets}`. */
  metric: string;
  /** As written: `p(95)<500`. */
  expression: string;
  /** The aggregate InfluxDB computed; null when there was no data. */
  actual: number | null;
  ok: boolean;
}

export type SummaryVerdict = 'passed' | 'failed' | 'unknown';

export interface SummaryEndpoint {
  name: string;
  count: number;
  rps: number;
  p95: number | null;
  errorRate: number;
}

/** A finished run's summary, computed by InfluxDB over the whole run. Stored as JSON. */
export interface RunSummary {
  testid: string;
  /** ISO 8601: first and last k6 point of the run. */
  start: string;
  end: string;
  durationSeconds: number;
  requests: number;
  rps: number;
  /** ms */
  latency: LatencyStats & { avg: number | null };
  /** 0..1 */
  errorRate: number;
  vusMax: number | null;
  iterations: number;
  dataSent: number;
  dataReceived: number;
  endpoints: SummaryEndpoint[];
  thresholds?: ThresholdVerdict[];
  verdict: SummaryVerdict;
  /** The analysis step's findings (src/core/analysis), worst first; absent before analysis. */
  findings?: Finding[];
}
