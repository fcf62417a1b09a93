// Writes a k6 run into InfluxDB exactly as k6's built-in v1 output (`--out influxdb=`) lays
// it out: one measurement per metric, the sample in field `value`, the sample's tags as
// tags (method, status, name, scenario, expected_response, proto, our testid), and `url`,
// `vu`, `iter` as FIELDS (k6's default K6_INFLUXDB_TAGS_AS_FIELDS=vu:int,iter:int,url).
// Per HTTP request: http_reqs, http_req_duration, http_req_blocked, http_req_connecting,
// http_req_tls_handshaking, http_req_sending, http_req_waiting, http_req_receiving,
// http_req_failed; per iteration: iterations, iteration_duration, data_sent, data_received;
// every second: vus and vus_max. The raw samples come back so tests can compute the
// expected numbers on their own.

export interface SeedEndpoint {
  /** k6 tag `name`, e.g. `GET /pets/{petId}`. */
  name: string;
  method: string;
  url: string;
  /** Relative share of the requests. */
  weight: number;
  /** Latency in ms is drawn from [min, max) with a long tail. */
  latencyMs: { min: number; max: number };
  /** Share of requests that fail (status 500 or 0). */
  errorRate: number;
}

export interface SeedRun {
  testid: string;
  /** Epoch ms of the first second. */
  start: number;
  durationSeconds: number;
  /** Requests per second, all endpoints together. */
  rps: number;
  vus: number;
  endpoints: SeedEndpoint[];
  /** PRNG seed: the same seed gives the same run. */
  seed?: number;
  /**
   * Second by second changes (a ramp, a slowdown, failures starting): VUs and req/s, a factor on
   * every endpoint's latency, and an error rate replacing the endpoints' own.
   */
  profile?: (second: number) => { vus?: number; rps?: number; latencyFactor?: number; errorRate?: number };
  /** Extra tags on every point, e.g. `{ runner: '1' }` for one generator of a distributed run. */
  tags?: Record<string, string>;
}

export interface SeededRequest {
  /** Epoch ms (the point's ns timestamp truncated, as InfluxDB answers with epoch=ms). */
  ms: number;
  name: string;
  durationMs: number;
  failed: boolean;
  status: number;
}

export interface SeededRun {
  lines: string[];
  requests: SeededRequest[];
  vus: { ms: number; value: number }[];
  iterations: { ms: number }[];
  dataSent: { ms: number; value: number }[];
  dataReceived: { ms: number; value: number }[];
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeTag = (v: string) => v.replace(/[\\,= ]/g, (c) => `\\${c}`);
const escapeField = (v: string) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A nanosecond timestamp as text (ns do not fit a JS number exactly). */
const ns = (ms: number, subNs: number) => `${ms}${String(subNs).padStart(6, '0')}`;

function line(measurement: string, tags: Record<string, string>, fields: Record<string, string>, ms: number, subNs: number): string {
  const t = Object.keys(tags)
    .sort()
    .filter((k) => tags[k] !== '')
    .map((k) => `${k}=${escapeTag(tags[k])}`)
    .join(',');
  const f = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${measurement}${t ? ',' + t : ''} ${f} ${ns(ms, subNs)}`;
}

/** Lays out a whole run as k6 would have written it. */
export function k6Run(run: SeedRun): SeededRun {
  const rand = prng(run.seed ?? 42);
  const out: SeededRun = { lines: [], requests: [], vus: [], iterations: [], dataSent: [], dataReceived: [] };
  const totalWeight = run.endpoints.reduce((s, e) => s + e.weight, 0);
  const pick = () => {
    let r = rand() * totalWeight;
    for (const e of run.endpoints) {
      r -= e.weight;
      if (r < 0) return e;
    }
    return run.endpoints[run.endpoints.length - 1];
  };
  const global = { ...run.tags, testid: run.testid };
  let iter = 0;
  for (let sec = 0; sec < run.durationSeconds; sec++) {
    const secondMs = run.start + sec * 1000;
    const shape = run.profile?.(sec) ?? {};
    const vus = shape.vus ?? run.vus;
    out.lines.push(line('vus', global, { value: String(vus) }, secondMs, 0));
    out.lines.push(line('vus_max', global, { value: String(vus) }, secondMs, 0));
    out.vus.push({ ms: secondMs, value: vus });
    const rps = shape.rps ?? run.rps;
    for (let i = 0; i < rps; i++) {
      const e = pick();
      const ms = secondMs + Math.floor(rand() * 1000);
      const subNs = Math.floor(rand() * 1_000_000);
      const failed = rand() < (shape.errorRate ?? e.errorRate);
      const status = failed ? (rand() < 0.8 ? 500 : 0) : 200;
      // A long tail: most requests near min, a few near max. Three decimals, as k6 reports.
      const factor = shape.latencyFactor ?? 1;
      const durationMs = Math.round((e.latencyMs.min + (e.latencyMs.max - e.latencyMs.min) * rand() ** 3) * factor * 1000) / 1000;
      const vu = 1 + Math.floor(rand() * vus);
      iter++;
      const tags: Record<string, string> = {
        ...global,
        expected_response: String(!failed),
        method: e.method,
        name: e.name,
        proto: status === 0 ? '' : 'HTTP/1.1',
        scenario: 'default',
        status: String(status),
        ...(status === 0 ? { error_code: '1211' } : {}),
      };
      const fields = (value: number | string) => ({ value: String(value), url: escapeField(e.url), vu: `${vu}i`, iter: `${iter}i` });
      const waiting = Math.round(durationMs * 0.9 * 1000) / 1000;
      out.lines.push(line('http_reqs', tags, fields(1), ms, subNs));
      out.lines.push(line('http_req_duration', tags, fields(durationMs), ms, subNs));
      out.lines.push(line('http_req_blocked', tags, fields(0.004), ms, subNs));
      out.lines.push(line('http_req_connecting', tags, fields(0), ms, subNs));
      out.lines.push(line('http_req_tls_handshaking', tags, fields(0), ms, subNs));
      out.lines.push(line('http_req_sending', tags, fields(0.02), ms, subNs));
      out.lines.push(line('http_req_waiting', tags, fields(waiting), ms, subNs));
      out.lines.push(line('http_req_receiving', tags, fields(Math.round((durationMs - waiting - 0.02) * 1000) / 1000), ms, subNs));
      out.lines.push(line('http_req_failed', tags, fields(failed ? 1 : 0), ms, subNs));
      out.requests.push({ ms, name: e.name, durationMs, failed, status });
      const iterTags = { ...global, scenario: 'default' };
      const sent = 80 + Math.floor(rand() * 40);
      const received = failed ? 120 : 400 + Math.floor(rand() * 400);
      const iterFields = (value: number) => ({ value: String(value), vu: `${vu}i`, iter: `${iter}i` });
      out.lines.push(line('data_sent', iterTags, iterFields(sent), ms, subNs + 1));
      out.lines.push(line('data_received', iterTags, iterFields(received), ms, subNs + 1));
      out.lines.push(line('iterations', iterTags, iterFields(1), ms, subNs + 1));
      out.lines.push(line('iteration_duration', iterTags, iterFields(durationMs + 0.1), ms, subNs + 1));
      out.iterations.push({ ms });
      out.dataSent.push({ ms, value: sent });
      out.dataReceived.push({ ms, value: received });
    }
  }
  return out;
}

/** Endpoints of the demo pet store with different latencies and error rates. */
export const petstoreEndpoints: SeedEndpoint[] = [
  { name: 'GET /pets', method: 'GET', url: 'http://127.0.0.1:8080/pets', weight: 5, latencyMs: { min: 5, max: 120 }, errorRate: 0.01 },
  { name: 'GET /pets/{petId}', method: 'GET', url: 'http://127.0.0.1:8080/pets/7', weight: 3, latencyMs: { min: 2, max: 60 }, errorRate: 0.05 },
  { name: 'POST /pets', method: 'POST', url: 'http://127.0.0.1:8080/pets', weight: 2, latencyMs: { min: 20, max: 400 }, errorRate: 0.2 },
];

// ---- Independent expectations, computed from the seeded samples only. ----

/** k6's trend percentile (its end-of-test summary and thresholds): linear interpolation at position p/100·(n−1) of the sorted samples. */
export function k6TrendPercentile(values: readonly number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const pos = (p / 100) * (sorted.length - 1);
  const below = sorted[Math.floor(pos)];
  return below + (sorted[Math.ceil(pos)] - below) * (pos - Math.floor(pos));
}

/** InfluxDB 1.x PERCENTILE: the value at rank floor(n·p/100 + 0.5) of the sorted samples. */
export function influxPercentile(values: readonly number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.floor((sorted.length * p) / 100 + 0.5);
  if (rank < 1 || rank > sorted.length) return null;
  return sorted[rank - 1];
}
