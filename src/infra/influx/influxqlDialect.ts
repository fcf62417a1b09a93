// InfluxQL over the 1.x `/query` HTTP API, the default dialect: it serves InfluxDB 1.x (k6's
// native output), 2.x through DBRP mappings and 3.x. User data (run id, tag values, times)
// only ever travels as bound `params`; identifiers in the text are our own constants or
// validated metric/tag names. Several statements go in one request, so a tick is one round trip.
import type { AggregateSpec, EndpointTotals, OverallAggregates, WindowBatch } from '../../core/metrics/aggregates';
import { isMetricName, isTagKey } from '../../core/metrics/aggregates';
import type { TimeRange } from '../../core/metrics/types';
import { interpolate, k6PercentileRanks, nearestRankArgument } from '../../core/metrics/k6Percentile';
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

export interface InfluxQlOptions {
  /** Base URL, e.g. http://127.0.0.1:8086 */
  url: string;
  database: string;
  /** 1.x user + password (HTTP Basic). */
  username?: string;
  password?: string;
  /** 2.x/3.x token (`Authorization: Token …`), used instead of user/password. */
  token?: string;
  timeoutMs?: number;
  /** Hears the cost of every exchange (benchmarks, log). */
  onStats?: (stats: QueryStats) => void;
}

interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface StatementResult {
  statement_id?: number;
  series?: Series[];
  error?: string;
}

type Params = Record<string, string | number>;

const iso = (ms: number) => new Date(ms).toISOString();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Rows of a series as objects keyed by column. */
function rows(s: Series): Record<string, unknown>[] {
  return s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]])));
}

const RANGE = 'time >= $from AND time < $to';
const RUN = 'testid = $testid';

export class InfluxQlDialect implements MetricsDialect {
  readonly name = 'influxql' as const;
  private readonly base: string;

  constructor(private readonly options: InfluxQlOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  async windows(testid: string, req: WindowsRequest): Promise<MetricsResult<WindowBatch>> {
    const bad = checkQueryInput(testid, req.range, req.recentRange) ?? checkWindowMs(req.windowMs);
    if (bad) return bad;
    const every = `GROUP BY time(${req.windowMs}ms)`;
    const where = `WHERE ${RUN} AND ${RANGE}`;
    // Window totals of http_reqs/http_req_failed are the sums of the per-endpoint rows, so
    // those measurements are read once (each read costs influxd a pass over its cache).
    const statements = [
      `SELECT SUM(value) AS v FROM data_sent, data_received ${where} ${every} fill(none)`,
      `SELECT PERCENTILE(value, 50) AS p50, PERCENTILE(value, 90) AS p90, PERCENTILE(value, 95) AS p95, PERCENTILE(value, 99) AS p99, MAX(value) AS max FROM http_req_duration ${where} ${every} fill(none)`,
      // VUs of a distributed run: each runner's own (tag `runner`), summed per window.
      `SELECT SUM(v) AS v FROM (SELECT MAX(value) AS v FROM vus ${where} ${every}, "runner" fill(none)) WHERE ${RANGE} ${every} fill(none)`,
      `SELECT SUM(value) AS v FROM http_reqs, http_req_failed ${where} ${every}, "name" fill(none)`,
    ];
    const params: Params = { testid, from: iso(req.range.start), to: iso(req.range.end) };
    if (req.recentRange) {
      statements.push(`SELECT PERCENTILE(value, 95) AS p95 FROM http_req_duration WHERE ${RUN} AND time >= $rfrom AND time < $rto GROUP BY "name"`);
      params.rfrom = iso(req.recentRange.start);
      params.rto = iso(req.recentRange.end);
    }
    const res = await this.query(statements, params);
    if (!res.ok) return res;
    const [sums, latency, vus, perEndpoint, recent] = res.value;
    const batch = new WindowBatchBuilder();
    for (const s of sums) {
      for (const r of rows(s)) {
        const w = batch.window(r.time as number);
        const v = num(r.v) ?? 0;
        if (s.name === 'data_sent') w.dataSent = v;
        else if (s.name === 'data_received') w.dataReceived = v;
      }
    }
    for (const s of latency) {
      for (const r of rows(s)) Object.assign(batch.window(r.time as number), { p50: num(r.p50), p90: num(r.p90), p95: num(r.p95), p99: num(r.p99), max: num(r.max) });
    }
    for (const s of vus) for (const r of rows(s)) batch.window(r.time as number).vus = num(r.v);
    for (const s of perEndpoint) {
      const name = s.tags?.name ?? '';
      for (const r of rows(s)) {
        const t = r.time as number;
        const c = batch.endpoint(t, name);
        const v = num(r.v) ?? 0;
        if (s.name === 'http_reqs') {
          c.requests = v;
          batch.window(t).requests += v;
        } else {
          c.failed = v;
          batch.window(t).failed += v;
        }
      }
    }
    for (const s of recent ?? []) batch.recentP95[s.tags?.name ?? ''] = num(rows(s)[0]?.p95);
    return ok(batch.build(req));
  }

  async overall(testid: string, range: TimeRange): Promise<MetricsResult<OverallAggregates>> {
    const bad = checkQueryInput(testid, range);
    if (bad) return bad;
    const where = `WHERE ${RUN} AND ${RANGE}`;
    const params: Params = { testid, from: iso(range.start), to: iso(range.end) };
    const res = await this.query(
      [
        `SELECT SUM(value) AS v FROM http_reqs, http_req_failed, data_sent, data_received, iterations ${where}`,
        `SELECT COUNT(value) AS n, MAX(value) AS max FROM http_req_duration ${where}`,
        `SELECT MEAN(value) AS avg FROM http_req_duration ${where}`,
        `SELECT MAX(value) AS v FROM vus, vus_max ${where}`,
        `SELECT SUM(value) AS v FROM http_reqs, http_req_failed ${where} GROUP BY "name"`,
        `SELECT COUNT(value) AS n FROM http_req_duration ${where} GROUP BY "name"`,
        `SELECT FIRST(value) AS v FROM http_reqs, vus, iterations ${where}`,
        `SELECT LAST(value) AS v FROM http_reqs, vus, iterations ${where}`,
        `SELECT MAX(v) AS v FROM (SELECT SUM(v) AS v FROM (SELECT MAX(value) AS v FROM vus ${where} GROUP BY time(1s), "runner" fill(none)) WHERE ${RANGE} GROUP BY time(1s) fill(none)) WHERE ${RANGE}`,
      ],
      params,
    );
    if (!res.ok) return res;
    const [sums, latency, mean, vus, epSums, epCounts, first, last, summedVus] = res.value;
    const total = (name: string) => num(sums.find((s) => s.name === name)?.values[0]?.[1]) ?? 0;
    const lat = latency[0] ? rows(latency[0])[0] : {};
    const peak = (name: string) => num(vus.find((s) => s.name === name)?.values[0]?.[1]);
    const endpoints = new Map<string, EndpointTotals>();
    const endpoint = (name: string) => {
      const e = endpoints.get(name) ?? { name, requests: 0, failed: 0, p95: null };
      endpoints.set(name, e);
      return e;
    };
    for (const s of epSums) {
      const v = num(s.values[0]?.[1]) ?? 0;
      if (s.name === 'http_reqs') endpoint(s.tags?.name ?? '').requests = v;
      else endpoint(s.tags?.name ?? '').failed = v;
    }
    // Percentiles as k6 reports them (interpolated), from the samples around each rank.
    const groups = [{ count: num(lat.n) ?? 0, ps: [50, 90, 95, 99] }, ...epCounts.map((s) => ({ name: s.tags?.name ?? '', count: num(s.values[0]?.[1]) ?? 0, ps: [95] }))];
    const pct = await this.k6Percentiles(groups, params);
    if (!pct.ok) return pct;
    const [overall, ...perEndpoint] = pct.value;
    epCounts.forEach((s, i) => (endpoint(s.tags?.name ?? '').p95 = perEndpoint[i][0]));
    const times = (list: Series[]) => list.map((s) => s.values[0]?.[0]).filter((t): t is number => typeof t === 'number');
    const starts = times(first);
    const ends = times(last);
    return ok({
      extent: starts.length > 0 && ends.length > 0 ? { start: Math.min(...starts), end: Math.max(...ends) } : undefined,
      requests: total('http_reqs'),
      failed: total('http_req_failed'),
      iterations: total('iterations'),
      dataSent: total('data_sent'),
      dataReceived: total('data_received'),
      latency: { p50: overall[0], p90: overall[1], p95: overall[2], p99: overall[3], max: num(lat.max), avg: num(mean[0]?.values[0]?.[1]) },
      // All runners' VUs at their highest second; a single runner's peak when that is all there is.
      vusMax: num(summedVus[0]?.values[0]?.[1]) ?? peak('vus') ?? peak('vus_max'),
      endpoints: [...endpoints.values()],
    });
  }

  /**
   * k6's interpolated percentiles of http_req_duration for each group (the whole run, or one
   * `name`), in one request: PERCENTILE at the argument that selects each rank k6 needs.
   */
  private async k6Percentiles(groups: PercentileGroup[], base: Params): Promise<MetricsResult<(number | null)[][]>> {
    const params: Params = { ...base };
    const statements: string[] = [];
    const plans = groups.map((g, gi) => {
      const pairs = g.ps.map((p) => k6PercentileRanks(g.count, p));
      const ranks = [...new Set(pairs.flatMap((r) => (r ? [r.lo, r.hi] : [])))];
      if (ranks.length > 0) {
        let filter = g.filter ?? '';
        if (g.name !== undefined) {
          params[`g${gi}`] = g.name;
          filter += ` AND "name" = $g${gi}`;
        }
        statements.push(`SELECT ${ranks.map((r, i) => `PERCENTILE(value, ${nearestRankArgument(r, g.count)}) AS r${i}`).join(', ')} FROM "${g.metric ?? 'http_req_duration'}" WHERE ${RUN}${filter} AND ${RANGE}`);
      }
      return { pairs, ranks, statement: ranks.length > 0 ? statements.length - 1 : -1 };
    });
    const res = statements.length > 0 ? await this.query(statements, params) : ok<Series[][]>([]);
    if (!res.ok) return res;
    return ok(
      plans.map((plan) => {
        const row = plan.statement >= 0 && res.value[plan.statement][0] ? rows(res.value[plan.statement][0])[0] : {};
        const at = (rank: number) => num(row[`r${plan.ranks.indexOf(rank)}`]);
        return plan.pairs.map((r) => (r ? interpolate(at(r.lo), at(r.hi), r.weight) : null));
      }),
    );
  }

  async aggregate(testid: string, range: TimeRange, specs: readonly AggregateSpec[]): Promise<MetricsResult<(number | null)[]>> {
    const bad = checkQueryInput(testid, range);
    if (bad) return bad;
    if (specs.length === 0) return ok([]);
    const params: Params = { testid, from: iso(range.start), to: iso(range.end) };
    const statements: string[] = [];
    const filters: string[] = [];
    for (const [i, spec] of specs.entries()) {
      if (!isMetricName(spec.metric)) return fail('invalid', `"${spec.metric}" is not a metric name Metric Vault can query.`);
      const fn = selector(spec);
      if (!fn) return fail('invalid', `percentile ${String((spec as { p?: unknown }).p)} is not between 0 and 100.`);
      let filter = '';
      for (const [j, [key, value]] of Object.entries(spec.tags).entries()) {
        if (!isTagKey(key)) return fail('invalid', `"${key}" is not a tag name Metric Vault can query.`);
        params[`t${i}_${j}`] = value;
        filter += ` AND "${key}" = $t${i}_${j}`;
      }
      filters.push(filter);
      // A percentile is k6's (interpolated, as thresholds judge it): first how many samples there are.
      statements.push(`SELECT ${spec.fn === 'percentile' ? 'COUNT(value)' : fn} AS v FROM "${spec.metric}" WHERE ${RUN}${filter} AND ${RANGE}`);
    }
    const res = await this.query(statements, params);
    if (!res.ok) return res;
    const values = res.value.map((series) => num(series[0]?.values[0]?.[1]));
    const percentiles = specs.flatMap((spec, i) => (spec.fn === 'percentile' ? [{ i, group: { metric: spec.metric, filter: filters[i], count: values[i] ?? 0, ps: [Number(spec.p)] } }] : []));
    if (percentiles.length === 0) return ok(values);
    const pct = await this.k6Percentiles(percentiles.map((x) => x.group), params);
    if (!pct.ok) return pct;
    percentiles.forEach((x, k) => (values[x.i] = pct.value[k][0]));
    return ok(values);
  }

  async endpointWindows(testid: string, req: EndpointWindowsRequest): Promise<MetricsResult<EndpointLatencyWindow[]>> {
    const bad = checkQueryInput(testid, req.range) ?? checkWindowMs(req.windowMs);
    if (bad) return bad;
    const names = req.names.slice(0, maxEndpointNames);
    if (names.length === 0) return ok([]);
    const params: Params = { testid, from: iso(req.range.start), to: iso(req.range.end) };
    names.forEach((n, i) => (params[`n${i}`] = n));
    const where = `WHERE ${RUN} AND (${names.map((_, i) => `"name" = $n${i}`).join(' OR ')}) AND ${RANGE}`;
    const every = `GROUP BY time(${req.windowMs}ms), "name" fill(none)`;
    const res = await this.query(
      [`SELECT PERCENTILE(value, 95) AS p95 FROM http_req_duration ${where} ${every}`, `SELECT SUM(value) AS v FROM http_reqs, http_req_failed ${where} ${every}`],
      params,
    );
    if (!res.ok) return res;
    const out = new EndpointWindowsBuilder();
    for (const s of res.value[0]) for (const r of rows(s)) out.at(r.time as number, s.tags?.name ?? '').p95 = num(r.p95);
    for (const s of res.value[1]) {
      for (const r of rows(s)) {
        const w = out.at(r.time as number, s.tags?.name ?? '');
        if (s.name === 'http_reqs') w.requests = num(r.v) ?? 0;
        else w.failed = num(r.v) ?? 0;
      }
    }
    return ok(out.build());
  }

  ping(): Promise<MetricsResult<void>> {
    return pingInflux(this.base, this.headers(), this.options.timeoutMs);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (this.options.token) h.Authorization = `Token ${this.options.token}`;
    else if (this.options.username) h.Authorization = `Basic ${Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString('base64')}`;
    return h;
  }

  /** Runs the statements in one request; answers one series list per statement. */
  private async query(statements: string[], params: Params): Promise<MetricsResult<Series[][]>> {
    const body = new URLSearchParams({ db: this.options.database, q: statements.join(';\n'), params: JSON.stringify(params), epoch: 'ms' });
    const started = performance.now();
    let text: string;
    let status: number;
    try {
      const res = await fetch(`${this.base}/query`, {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      return { ok: false, error: networkError(this.base, err) };
    }
    this.options.onStats?.({ ms: performance.now() - started, bytes: Buffer.byteLength(text) });
    if (status < 200 || status >= 300) return { ok: false, error: httpError(this.base, status, text) };
    let parsed: { results?: StatementResult[]; error?: string };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return fail('query', `InfluxDB at ${this.base} answered with something that is not JSON.`);
    }
    if (parsed.error) return fail('query', `InfluxDB: ${parsed.error}`);
    const results = parsed.results ?? [];
    const out: Series[][] = [];
    for (let i = 0; i < statements.length; i++) {
      const r = results.find((x) => x.statement_id === i) ?? results[i];
      if (r?.error) {
        // InfluxDB 1.6 answers a multi-statement query on a missing database with
        // "not executed" for the first statement instead of "database not found".
        if (/database not found/i.test(r.error) || (i === 0 && r.error === 'not executed')) return fail('not-found', `InfluxDB has no database "${this.options.database}" yet (k6 creates it on its first write).`);
        return fail('query', `InfluxDB: ${r.error}`);
      }
      out.push(r?.series ?? []);
    }
    return ok(out);
  }
}

/** Samples whose k6 percentiles are wanted: a metric (default http_req_duration), optional filters, their count. */
interface PercentileGroup {
  metric?: string;
  /** ` AND …` conditions whose parameters are already bound. */
  filter?: string;
  name?: string;
  count: number;
  ps: number[];
}

/** The InfluxQL function for a spec; undefined for a percentile outside (0, 100]. */
function selector(spec: AggregateSpec): string | undefined {
  switch (spec.fn) {
    case 'percentile': {
      const p = Number(spec.p);
      // Plain decimal: InfluxQL has no exponent notation, so `${1e-7}` would not parse.
      const literal = p.toFixed(6).replace(/\.?0+$/, '');
      return p > 0 && p <= 100 && Number(literal) > 0 ? `PERCENTILE(value, ${literal})` : undefined;
    }
    case 'mean':
      return 'MEAN(value)';
    case 'median':
      return 'MEDIAN(value)';
    case 'min':
      return 'MIN(value)';
    case 'max':
      return 'MAX(value)';
    case 'sum':
      return 'SUM(value)';
    case 'count':
      return 'COUNT(value)';
    case 'last':
      return 'LAST(value)';
  }
}
