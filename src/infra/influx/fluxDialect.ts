// Flux for InfluxDB 2.x through @influxdata/influxdb-client. Queries are built only with
// the client's `flux` tagged template, which turns every interpolated value (bucket, run
// id, times, tag values) into a sanitized Flux literal; no user data is concatenated into
// query text. Each method is one query with several named yields; the annotated-CSV answer
// is parsed by the client's own CSV reader.
//
// Percentiles use quantile(method: "exact_selector"), the smallest rank n with n/N ≥ q,
// which can pick one sample later than InfluxQL's PERCENTILE on the same data.
import { flux, fluxDuration, HttpError, InfluxDB, linesToTables, type ParameterizedQuery, stringToLines } from '@influxdata/influxdb-client';
import type { AggregateSpec, EndpointTotals, OverallAggregates, WindowBatch } from '../../core/metrics/aggregates';
import { isMetricName, isTagKey } from '../../core/metrics/aggregates';
import type { TimeRange } from '../../core/metrics/types';
import {
  checkQueryInput,
  checkWindowMs,
  EndpointWindowsBuilder,
  type EndpointWindowsRequest,
  fail,
  httpError,
  type MetricsDialect,
  type MetricsResult,
  networkError,
  ok,
  pingInflux,
  type QueryStats,
  maxEndpointNames,
  WindowBatchBuilder,
  type WindowsRequest,
} from './dialect';
import type { EndpointLatencyWindow } from '../../core/analysis/baselineFindings';

export interface FluxOptions {
  url: string;
  org: string;
  bucket: string;
  token?: string;
  timeoutMs?: number;
  onStats?: (stats: QueryStats) => void;
}

export type FluxRow = Record<string, unknown>;

/** Annotated CSV (several tables, several yields) → one object per row, typed by `#datatype`; throws on an in-band error table. */
export function parseAnnotatedCsv(csv: string): FluxRow[] {
  const out: FluxRow[] = [];
  let failure: Error | undefined;
  stringToLines(
    csv,
    linesToTables({
      next: (row, meta) => {
        const o = meta.toObject(row);
        // A query that fails after the response started reports it in-band as an error table.
        if (typeof o.error === 'string' && o.error !== '' && !('_value' in o)) failure ??= new Error(o.error);
        else out.push(o);
      },
      error: (e) => {
        failure = e;
      },
      complete: () => undefined,
    }),
  );
  if (failure) throw failure;
  return out;
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'string' && v !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const time = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The Flux source shared by every query: one run's k6 `value` fields in a time range. */
function runData(bucket: string, testid: string, range: TimeRange): ParameterizedQuery {
  return flux`from(bucket: ${bucket})
  |> range(start: ${new Date(range.start)}, stop: ${new Date(range.end)})
  |> filter(fn: (r) => r.testid == ${testid} and r._field == "value")`;
}

const percentiles = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

export function fluxWindowsQuery(bucket: string, testid: string, req: WindowsRequest): ParameterizedQuery {
  const every = fluxDuration(`${req.windowMs}ms`);
  const data = runData(bucket, testid, req.range);
  const latency = percentiles.map(
    ([name, q]) => flux`
lat
  |> aggregateWindow(every: ${every}, fn: (column, tables=<-) => tables |> quantile(q: ${q}, method: "exact_selector", column: column), createEmpty: false, timeSrc: "_start")
  |> yield(name: ${name})`,
  );
  const recent = req.recentRange
    ? flux`
${runData(bucket, testid, req.recentRange)}
  |> filter(fn: (r) => r._measurement == "http_req_duration")
  |> group(columns: ["name"])
  |> quantile(q: 0.95, method: "exact_selector")
  |> yield(name: "recent_p95")`
    : flux``;
  return flux`data = ${data}
data
  |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "http_req_failed" or r._measurement == "data_sent" or r._measurement == "data_received")
  |> group(columns: ["_measurement"])
  |> aggregateWindow(every: ${every}, fn: sum, createEmpty: false, timeSrc: "_start")
  |> yield(name: "sums")
lat = data |> filter(fn: (r) => r._measurement == "http_req_duration") |> group()
${latency[0]}${latency[1]}${latency[2]}${latency[3]}
lat
  |> aggregateWindow(every: ${every}, fn: max, createEmpty: false, timeSrc: "_start")
  |> yield(name: "max")
data
  |> filter(fn: (r) => r._measurement == "vus")
  |> group(columns: ["runner"])
  |> aggregateWindow(every: ${every}, fn: max, createEmpty: false, timeSrc: "_start")
  |> group()
  |> aggregateWindow(every: ${every}, fn: sum, createEmpty: false, timeSrc: "_start")
  |> yield(name: "vus")
data
  |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "http_req_failed")
  |> group(columns: ["_measurement", "name"])
  |> aggregateWindow(every: ${every}, fn: sum, createEmpty: false, timeSrc: "_start")
  |> yield(name: "endpoints")${recent}`;
}

export function windowBatchFromRows(rows: readonly FluxRow[], req: WindowsRequest): WindowBatch {
  const batch = new WindowBatchBuilder();
  for (const r of rows) {
    const result = str(r.result);
    const t = time(r._time);
    if (result === 'recent_p95') {
      batch.recentP95[str(r.name)] = num(r._value);
      continue;
    }
    if (t === null) continue;
    const v = num(r._value);
    switch (result) {
      case 'sums': {
        const w = batch.window(t);
        const m = str(r._measurement);
        if (m === 'http_reqs') w.requests = v ?? 0;
        else if (m === 'http_req_failed') w.failed = v ?? 0;
        else if (m === 'data_sent') w.dataSent = v ?? 0;
        else if (m === 'data_received') w.dataReceived = v ?? 0;
        break;
      }
      case 'p50':
      case 'p90':
      case 'p95':
      case 'p99':
      case 'max':
        batch.window(t)[result] = v;
        break;
      case 'vus':
        batch.window(t).vus = v;
        break;
      case 'endpoints': {
        const c = batch.endpoint(t, str(r.name));
        if (str(r._measurement) === 'http_reqs') c.requests = v ?? 0;
        else c.failed = v ?? 0;
        break;
      }
    }
  }
  return batch.build(req);
}

export function fluxOverallQuery(bucket: string, testid: string, range: TimeRange): ParameterizedQuery {
  const latency = percentiles.map(
    ([name, q]) => flux`
lat |> quantile(q: ${q}, method: "exact_selector") |> yield(name: ${name})`,
  );
  return flux`data = ${runData(bucket, testid, range)}
data
  |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "http_req_failed" or r._measurement == "data_sent" or r._measurement == "data_received" or r._measurement == "iterations")
  |> group(columns: ["_measurement"])
  |> sum()
  |> yield(name: "sums")
lat = data |> filter(fn: (r) => r._measurement == "http_req_duration") |> group()
${latency[0]}${latency[1]}${latency[2]}${latency[3]}
lat |> max() |> yield(name: "max")
lat |> mean() |> yield(name: "avg")
data
  |> filter(fn: (r) => r._measurement == "vus" or r._measurement == "vus_max")
  |> group(columns: ["_measurement"])
  |> max()
  |> yield(name: "vus")
data
  |> filter(fn: (r) => r._measurement == "vus")
  |> group(columns: ["runner"])
  |> aggregateWindow(every: 1s, fn: max, createEmpty: false)
  |> group()
  |> aggregateWindow(every: 1s, fn: sum, createEmpty: false)
  |> max()
  |> yield(name: "vus_all_runners")
data
  |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "http_req_failed")
  |> group(columns: ["_measurement", "name"])
  |> sum()
  |> yield(name: "endpoint_sums")
data
  |> filter(fn: (r) => r._measurement == "http_req_duration")
  |> group(columns: ["name"])
  |> quantile(q: 0.95, method: "exact_selector")
  |> yield(name: "endpoint_p95")
edges = data |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "vus" or r._measurement == "iterations")
edges |> first() |> group() |> sort(columns: ["_time"]) |> first() |> yield(name: "first")
edges |> last() |> group() |> sort(columns: ["_time"]) |> last() |> yield(name: "last")`;
}

export function overallFromRows(rows: readonly FluxRow[]): OverallAggregates {
  const sums: Record<string, number> = {};
  const latency: OverallAggregates['latency'] = { p50: null, p90: null, p95: null, p99: null, max: null, avg: null };
  const vus: Record<string, number | null> = {};
  const endpoints = new Map<string, EndpointTotals>();
  const endpoint = (name: string) => {
    const e = endpoints.get(name) ?? { name, requests: 0, failed: 0, p95: null };
    endpoints.set(name, e);
    return e;
  };
  let first: number | null = null;
  let last: number | null = null;
  for (const r of rows) {
    const v = num(r._value);
    const result = str(r.result);
    switch (result) {
      case 'sums':
        sums[str(r._measurement)] = v ?? 0;
        break;
      case 'p50':
      case 'p90':
      case 'p95':
      case 'p99':
      case 'max':
      case 'avg':
        latency[result] = v;
        break;
      case 'vus':
        vus[str(r._measurement)] = v;
        break;
      case 'vus_all_runners':
        // Every runner's VUs added up at the busiest second: wins over one runner's peak.
        vus.all = v;
        break;
      case 'endpoint_sums':
        if (str(r._measurement) === 'http_reqs') endpoint(str(r.name)).requests = v ?? 0;
        else endpoint(str(r.name)).failed = v ?? 0;
        break;
      case 'endpoint_p95':
        endpoint(str(r.name)).p95 = v;
        break;
      case 'first':
        first = time(r._time);
        break;
      case 'last':
        last = time(r._time);
        break;
    }
  }
  return {
    extent: first !== null && last !== null ? { start: first, end: last } : undefined,
    requests: sums.http_reqs ?? 0,
    failed: sums.http_req_failed ?? 0,
    iterations: sums.iterations ?? 0,
    dataSent: sums.data_sent ?? 0,
    dataReceived: sums.data_received ?? 0,
    latency,
    vusMax: vus.all ?? vus.vus ?? vus.vus_max ?? null,
    endpoints: [...endpoints.values()],
  };
}

function aggregateCall(spec: AggregateSpec): ParameterizedQuery | undefined {
  switch (spec.fn) {
    case 'percentile': {
      const p = Number(spec.p);
      return p > 0 && p <= 100 ? flux`quantile(q: ${p / 100}, method: "exact_selector")` : undefined;
    }
    case 'mean':
      return flux`mean()`;
    case 'median':
      return flux`median()`;
    case 'min':
      return flux`min()`;
    case 'max':
      return flux`max()`;
    case 'sum':
      return flux`sum()`;
    case 'count':
      return flux`count()`;
    case 'last':
      return flux`last()`;
  }
}

/** One yield per spec, named `a<index>`; tag filters compare `r[key]` with bound literals. */
export function fluxAggregateQuery(bucket: string, testid: string, range: TimeRange, specs: readonly AggregateSpec[]): ParameterizedQuery | string {
  let body = flux`data = ${runData(bucket, testid, range)}`;
  for (const [i, spec] of specs.entries()) {
    if (!isMetricName(spec.metric)) return `"${spec.metric}" is not a metric name Metric Vault can query.`;
    const call = aggregateCall(spec);
    if (!call) return `percentile ${String((spec as { p?: unknown }).p)} is not between 0 and 100.`;
    let filter = flux`data |> filter(fn: (r) => r._measurement == ${spec.metric})`;
    for (const [key, value] of Object.entries(spec.tags)) {
      if (!isTagKey(key)) return `"${key}" is not a tag name Metric Vault can query.`;
      filter = flux`${filter} |> filter(fn: (r) => r[${key}] == ${value})`;
    }
    body = flux`${body}
${filter} |> group() |> ${call} |> yield(name: ${`a${i}`})`;
  }
  return body;
}

/** Per-endpoint windows: p95 and counts of the named endpoints (names as bound literals). */
export function fluxEndpointWindowsQuery(bucket: string, testid: string, req: EndpointWindowsRequest): ParameterizedQuery {
  const every = fluxDuration(`${req.windowMs}ms`);
  const names = req.names.slice(0, maxEndpointNames);
  let match = flux`r.name == ${names[0] ?? ''}`;
  for (const n of names.slice(1)) match = flux`${match} or r.name == ${n}`;
  return flux`data = ${runData(bucket, testid, req.range)} |> filter(fn: (r) => ${match})
data
  |> filter(fn: (r) => r._measurement == "http_req_duration")
  |> group(columns: ["name"])
  |> aggregateWindow(every: ${every}, fn: (column, tables=<-) => tables |> quantile(q: 0.95, method: "exact_selector", column: column), createEmpty: false, timeSrc: "_start")
  |> yield(name: "p95")
data
  |> filter(fn: (r) => r._measurement == "http_reqs" or r._measurement == "http_req_failed")
  |> group(columns: ["_measurement", "name"])
  |> aggregateWindow(every: ${every}, fn: sum, createEmpty: false, timeSrc: "_start")
  |> yield(name: "counts")`;
}

export function endpointWindowsFromRows(rows: readonly FluxRow[]): EndpointLatencyWindow[] {
  const out = new EndpointWindowsBuilder();
  for (const r of rows) {
    const t = time(r._time);
    if (t === null) continue;
    const w = out.at(t, str(r.name));
    const v = num(r._value);
    if (str(r.result) === 'p95') w.p95 = v;
    else if (str(r._measurement) === 'http_reqs') w.requests = v ?? 0;
    else if (str(r._measurement) === 'http_req_failed') w.failed = v ?? 0;
  }
  return out.build();
}

export function aggregatesFromRows(rows: readonly FluxRow[], count: number): (number | null)[] {
  const values: (number | null)[] = new Array<number | null>(count).fill(null);
  for (const r of rows) {
    const m = /^a(\d+)$/.exec(str(r.result));
    if (m && Number(m[1]) < count) values[Number(m[1])] = num(r._value);
  }
  return values;
}

export class FluxDialect implements MetricsDialect {
  readonly name = 'flux' as const;
  private readonly client: InfluxDB;

  constructor(private readonly options: FluxOptions) {
    this.client = new InfluxDB({ url: options.url, token: options.token, timeout: options.timeoutMs ?? 30_000 });
  }

  async windows(testid: string, req: WindowsRequest): Promise<MetricsResult<WindowBatch>> {
    const bad = checkQueryInput(testid, req.range, req.recentRange) ?? checkWindowMs(req.windowMs);
    if (bad) return bad;
    const rows = await this.run(fluxWindowsQuery(this.options.bucket, testid, req));
    return rows.ok ? ok(windowBatchFromRows(rows.value, req)) : rows;
  }

  async overall(testid: string, range: TimeRange): Promise<MetricsResult<OverallAggregates>> {
    const bad = checkQueryInput(testid, range);
    if (bad) return bad;
    const rows = await this.run(fluxOverallQuery(this.options.bucket, testid, range));
    return rows.ok ? ok(overallFromRows(rows.value)) : rows;
  }

  async aggregate(testid: string, range: TimeRange, specs: readonly AggregateSpec[]): Promise<MetricsResult<(number | null)[]>> {
    const bad = checkQueryInput(testid, range);
    if (bad) return bad;
    if (specs.length === 0) return ok([]);
    const query = fluxAggregateQuery(this.options.bucket, testid, range, specs);
    if (typeof query === 'string') return fail('invalid', query);
    const rows = await this.run(query);
    return rows.ok ? ok(aggregatesFromRows(rows.value, specs.length)) : rows;
  }

  async endpointWindows(testid: string, req: EndpointWindowsRequest): Promise<MetricsResult<EndpointLatencyWindow[]>> {
    const bad = checkQueryInput(testid, req.range) ?? checkWindowMs(req.windowMs);
    if (bad) return bad;
    if (req.names.length === 0) return ok([]);
    const rows = await this.run(fluxEndpointWindowsQuery(this.options.bucket, testid, req));
    return rows.ok ? ok(endpointWindowsFromRows(rows.value)) : rows;
  }

  ping(): Promise<MetricsResult<void>> {
    return pingInflux(this.options.url, {}, this.options.timeoutMs);
  }

  private async run(query: ParameterizedQuery): Promise<MetricsResult<FluxRow[]>> {
    const started = performance.now();
    let csv: string;
    try {
      csv = await this.client.getQueryApi({ org: this.options.org, gzip: false }).queryRaw(query);
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.statusCode === 404 && /bucket/i.test(err.body ?? '')) return fail('not-found', `InfluxDB has no bucket "${this.options.bucket}" in org "${this.options.org}".`);
        return { ok: false, error: httpError(this.options.url, err.statusCode, err.body ?? err.message) };
      }
      return { ok: false, error: networkError(this.options.url, err) };
    }
    this.options.onStats?.({ ms: performance.now() - started, bytes: Buffer.byteLength(csv) });
    try {
      return ok(parseAnnotatedCsv(csv));
    } catch (err) {
      return fail('query', `InfluxDB answered with CSV Metric Vault cannot read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
