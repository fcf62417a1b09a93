// k6's built-in InfluxDB v1 output (`--out influxdb=http://host:8086/db`): one measurement per
// metric, the sample in field `value`, the sample's tags as tags (sorted, empty ones left
// out), and the tags named by K6_INFLUXDB_TAGS_AS_FIELDS (default `vu:int,iter:int,url`) as
// fields instead. Each sample keeps its own nanosecond timestamp; a sample that would share
// measurement + tag set + timestamp with an earlier one is moved 1 ns later, so InfluxDB
// never overwrites a point. Buffered points are pushed every K6_INFLUXDB_PUSH_INTERVAL (1 s)
// in batches of K6_INFLUXDB_PAYLOAD_SIZE (10000); the database is created at start.
import { hostAllowed, splitUrl } from './httpClient.mjs';
import { parseDurationMs } from './metrics.mjs';

const escapeKey = (s) => String(s).replace(/([,= ])/g, '\\$1');
const escapeMeasurement = (s) => String(s).replace(/([, ])/g, '\\$1');
const escapeString = (s) => String(s).replace(/(["\\])/g, '\\$1');

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits, never an exponent. */
export function formatFloat(v) {
  if (!Number.isFinite(v)) return '0';
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = lead + frac;
  if (exp >= 0) return sign + (digits.length <= exp + 1 ? digits + '0'.repeat(exp + 1 - digits.length) : `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`);
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

function parseTagsAsFields(text) {
  const out = new Map();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, type = 'string'] = item.split(':');
    out.set(name, type);
  }
  return out;
}

function fieldValue(value, type) {
  if (type === 'int') return `${Math.trunc(Number(value))}i`;
  if (type === 'float') return formatFloat(Number(value));
  if (type === 'bool') return value === 'true' || value === true ? 'true' : 'false';
  return `"${escapeString(value)}"`;
}

export class InfluxOutput {
  /** `spec` is what follows `influxdb=` (may be empty: K6_INFLUXDB_ADDR / K6_INFLUXDB_DB). */
  constructor(spec, env, log) {
    const url = new URL(spec || `${env.K6_INFLUXDB_ADDR ?? 'http://localhost:8086'}/${env.K6_INFLUXDB_DB ?? 'k6'}`);
    this.db = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')) || env.K6_INFLUXDB_DB || 'k6';
    const user = decodeURIComponent(url.username) || env.K6_INFLUXDB_USERNAME;
    const password = decodeURIComponent(url.password) || env.K6_INFLUXDB_PASSWORD || '';
    this.base = `${url.protocol}//${url.host}`;
    this.description = `InfluxDBv1 (${this.base})`;
    this.allowed = hostAllowed(splitUrl(this.base + '/')?.host ?? '');
    this.auth = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
    this.tagsAsFields = parseTagsAsFields(env.K6_INFLUXDB_TAGS_AS_FIELDS ?? 'vu:int,iter:int,url');
    this.pushMs = parseDurationMs(env.K6_INFLUXDB_PUSH_INTERVAL ?? '1s');
    this.payloadSize = Number(env.K6_INFLUXDB_PAYLOAD_SIZE) || 10000;
    this.precision = env.K6_INFLUXDB_PRECISION ?? 'ns';
    this.log = log;
    this.lines = [];
    this.lastNs = new Map();
    this.inFlight = new Set();
    this.written = 0;
  }

  async start() {
    if (!this.allowed) {
      this.log('error', `The k6 stand-in writes metrics to loopback addresses only (and K6_STANDIN_ALLOW_HOSTS): ${this.base} is neither`);
      return;
    }
    try {
      const res = await this.post(`/query?q=${encodeURIComponent(`CREATE DATABASE "${this.db.replace(/"/g, '\\"')}"`)}`, '');
      if (!res.ok) this.log('error', `Couldn't create database "${this.db}": ${res.status} ${await res.text()}`);
    } catch (err) {
      this.log('error', `Couldn't create database "${this.db}": ${err.message}`);
    }
    this.timer = setInterval(() => void this.flush(), this.pushMs);
  }

  post(path, body) {
    return fetch(this.base + path, { method: 'POST', body, headers: this.auth ? { authorization: this.auth } : {}, signal: AbortSignal.timeout(10000) });
  }

  /** Adds one sample: { metric, value, tags, time (epoch ms, fractional) }. */
  add(sample) {
    const tagParts = [];
    const fieldParts = [];
    for (const k of Object.keys(sample.tags).sort()) {
      const v = sample.tags[k];
      if (v === undefined || v === null || v === '') continue;
      const asField = this.tagsAsFields.get(k);
      if (asField) fieldParts.push(`${escapeKey(k)}=${fieldValue(v, asField)}`);
      else tagParts.push(`${escapeKey(k)}=${escapeKey(v)}`);
    }
    fieldParts.push(`value=${formatFloat(sample.value)}`);
    fieldParts.sort();
    const series = `${escapeMeasurement(sample.metric)}${tagParts.length ? ',' : ''}${tagParts.join(',')}`;
    const whole = Math.floor(sample.time);
    let ns = BigInt(whole) * 1000000n + BigInt(Math.round((sample.time - whole) * 1e6));
    const last = this.lastNs.get(series);
    if (last !== undefined && ns <= last) ns = last + 1n;
    this.lastNs.set(series, ns);
    const stamp = { ns: ns, us: ns / 1000n, ms: ns / 1000000n, s: ns / 1000000000n }[this.precision] ?? ns;
    this.lines.push(`${series} ${fieldParts.join(',')} ${stamp}`);
  }

  flush() {
    if (!this.allowed || this.lines.length === 0) return Promise.resolve();
    const batches = [];
    while (this.lines.length) batches.push(this.lines.splice(0, this.payloadSize));
    const work = Promise.all(
      batches.map(async (batch) => {
        try {
          const res = await this.post(`/write?db=${encodeURIComponent(this.db)}&precision=${this.precision}`, batch.join('\n'));
          if (res.ok) this.written += batch.length;
          else this.log('error', `Couldn't write stats: ${res.status} ${(await res.text()).trim()}`);
        } catch (err) {
          this.log('error', `Couldn't write stats: ${err.message}`);
        }
      }),
    );
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  async stop() {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
    await this.flush();
  }
}
