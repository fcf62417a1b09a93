// The engine's metric sinks, as k6 keeps them: per metric (and per sub-metric named by a
// threshold, `http_req_duration{name:GET /x}`) a counter (count, rate), gauge (value, min,
// max), rate (rate, passes, fails) or trend (avg, min, med, max, p(N)); thresholds in k6's
// syntax evaluated on them; and the end-of-test data handed to handleSummary.
import { createHash } from 'node:crypto';

class Sink {
  constructor(type) {
    this.type = type;
    this.count = 0;
    this.sum = 0;
    this.passes = 0;
    this.last = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.values = [];
    this.sorted = true;
  }

  add(v) {
    this.count++;
    this.sum += v;
    this.last = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.type === 'rate' && v !== 0) this.passes++;
    if (this.type === 'trend') {
      if (this.values.length > 0 && v < this.values[this.values.length - 1]) this.sorted = false;
      this.values.push(v);
    }
  }

  /** Linear interpolation between the two nearest ranks, as k6's trend percentiles. */
  percentile(p) {
    if (this.values.length === 0) return 0;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    const i = (p / 100) * (this.values.length - 1);
    const lo = this.values[Math.floor(i)];
    const hi = this.values[Math.ceil(i)];
    return lo + (hi - lo) * (i - Math.floor(i));
  }

  /** One aggregate by k6's name: avg, min, max, med, p(95), count, rate, value, passes, fails. */
  stat(name, durationMs) {
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(name);
    if (p) return this.percentile(Number(p[1]));
    switch (name) {
      case 'avg':
        return this.count ? this.sum / this.count : 0;
      case 'min':
        return this.count ? this.min : 0;
      case 'max':
        return this.count ? this.max : 0;
      case 'med':
        return this.percentile(50);
      case 'count':
        return this.type === 'counter' ? this.sum : this.count;
      case 'rate':
        if (this.type === 'counter') return durationMs > 0 ? this.sum / (durationMs / 1000) : 0;
        return this.count ? this.passes / this.count : 0;
      case 'value':
        return this.last;
      case 'passes':
        return this.passes;
      case 'fails':
        return this.count - this.passes;
      default:
        return undefined;
    }
  }

  values4summary(trendStats, durationMs) {
    if (this.type === 'counter') return { count: this.sum, rate: this.stat('rate', durationMs) };
    if (this.type === 'gauge') return { value: this.last, min: this.stat('min'), max: this.stat('max') };
    if (this.type === 'rate') return { rate: this.stat('rate'), passes: this.passes, fails: this.count - this.passes };
    return Object.fromEntries(trendStats.map((s) => [s, this.stat(s, durationMs)]));
  }
}

const operators = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '===': (a, b) => a === b, '!=': (a, b) => a !== b };
const aggregationsByType = { counter: ['count', 'rate'], gauge: ['value'], rate: ['rate'], trend: ['avg', 'min', 'max', 'med', 'p(N)'] };

/** `http_req_duration{name:GET /x,status:200}` → metric and tag filter. */
export function parseMetricKey(key) {
  const m = /^([^{}]+?)\s*(?:\{(.*)\})?$/.exec(String(key).trim());
  if (!m) return undefined;
  const filter = {};
  if (m[2] !== undefined && m[2].trim() !== '') {
    for (const kv of m[2].split(',')) {
      const i = kv.indexOf(':');
      if (i < 0) return undefined;
      filter[kv.slice(0, i).trim()] = kv.slice(i + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return { metric: m[1].trim(), filter };
}

export class ConfigError extends Error {}

/** options.thresholds → a list of rules; throws ConfigError with k6's wording on bad syntax. */
export function parseThresholds(thresholds = {}) {
  const rules = [];
  for (const [key, list] of Object.entries(thresholds ?? {})) {
    const parsed = parseMetricKey(key);
    if (!parsed) throw new ConfigError(`invalid threshold defined on ${key}; reason: invalid metric name or tag filter`);
    for (const item of Array.isArray(list) ? list : [list]) {
      const source = typeof item === 'string' ? item : item?.threshold;
      const e = /^\s*(avg|min|max|med|count|rate|value|p\(\s*\d+(?:\.\d+)?\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$/.exec(String(source ?? ''));
      if (!e) throw new ConfigError(`invalid threshold defined on ${key}; reason: failed parsing threshold expression "${source}": malformed threshold expression`);
      rules.push({
        key,
        ...parsed,
        source: String(source),
        aggregation: e[1].replace(/\s+/g, ''),
        op: e[2],
        limit: Number(e[3]),
        abortOnFail: Boolean(item?.abortOnFail),
        delayAbortEvalMs: item?.delayAbortEval ? parseDurationMs(item.delayAbortEval) : 0,
        ok: true,
      });
    }
  }
  return rules;
}

/** k6 durations: `1m30s`, `500ms`, `2h`, or a number of milliseconds. */
export function parseDurationMs(v) {
  if (typeof v === 'number') return v;
  const text = String(v).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  let rest = text;
  const re = /^(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h|d)/;
  if (!re.test(rest)) throw new ConfigError(`time: invalid duration "${text}"`);
  while (rest) {
    const m = re.exec(rest);
    if (!m) throw new ConfigError(`time: invalid duration "${text}"`);
    total += Number(m[1]) * { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

export class MetricStore {
  constructor(thresholdRules = [], trendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']) {
    this.info = new Map();
    this.sinks = new Map();
    this.rules = thresholdRules;
    this.trendStats = trendStats;
    // k6 always keeps this sub-metric: the duration of the requests that got an expected answer.
    this.subs = new Map([['http_req_duration{expected_response:true}', { metric: 'http_req_duration', filter: { expected_response: 'true' }, sink: undefined }]]);
    for (const r of thresholdRules) if (Object.keys(r.filter).length > 0 && !this.subs.has(r.key)) this.subs.set(r.key, { metric: r.metric, filter: r.filter, sink: undefined });
  }

  add(sample) {
    const { metric, type } = sample;
    let sink = this.sinks.get(metric);
    if (!sink) {
      sink = new Sink(type);
      this.sinks.set(metric, sink);
      this.info.set(metric, { type, contains: sample.contains ?? 'default' });
    }
    sink.add(sample.value);
    for (const sub of this.subs.values()) {
      if (sub.metric !== metric) continue;
      if (!Object.entries(sub.filter).every(([k, v]) => String(sample.tags[k] ?? '') === v)) continue;
      sub.sink ??= new Sink(type);
      sub.sink.add(sample.value);
    }
  }

  sinkFor(key) {
    return this.subs.get(key)?.sink ?? (this.subs.has(key) ? undefined : this.sinks.get(parseMetricKey(key)?.metric));
  }

  /** Evaluates every threshold; returns the rules that are failing now. */
  evaluate(durationMs) {
    for (const r of this.rules) {
      const sink = this.sinkFor(r.key);
      if (!sink || sink.count === 0) continue;
      const actual = sink.stat(r.aggregation, durationMs);
      r.actual = actual;
      if (actual === undefined) throw new ConfigError(`invalid threshold defined on ${r.key}; reason: the ${r.aggregation} aggregation method is not supported by the ${sink.type} metric; supported: ${aggregationsByType[sink.type].join(', ')}`);
      r.ok = operators[r.op](actual, r.limit);
    }
    return this.rules.filter((r) => !r.ok);
  }

  /** The object k6 hands to handleSummary. */
  summaryData({ durationMs, checks, options, tty = false }) {
    this.evaluate(durationMs);
    const metrics = {};
    const entry = (sink, info) => ({ type: sink.type, contains: info.contains, values: sink.values4summary(this.trendStats, durationMs) });
    for (const [name, sink] of [...this.sinks].sort(([a], [b]) => a.localeCompare(b))) metrics[name] = entry(sink, this.info.get(name));
    for (const [key, sub] of this.subs) if (sub.sink) metrics[key] = entry(sub.sink, this.info.get(sub.metric));
    for (const r of this.rules) {
      if (!metrics[r.key]) continue;
      metrics[r.key].thresholds ??= {};
      metrics[r.key].thresholds[r.source] = { ok: r.ok };
    }
    return {
      root_group: groupTree(checks),
      options: { summaryTrendStats: this.trendStats, summaryTimeUnit: options?.summaryTimeUnit ?? '', noColor: false },
      state: { isStdOutTTY: tty, isStdErrTTY: tty, testRunDurationMs: durationMs },
      metrics,
    };
  }
}

const md5 = (s) => createHash('md5').update(s).digest('hex');

/** k6's root_group: nested groups by path (`::a::b`), each with its checks' passes and fails. */
function groupTree(checks) {
  const root = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  const byPath = new Map([['', root]]);
  const groupAt = (path) => {
    if (byPath.has(path)) return byPath.get(path);
    const cut = path.lastIndexOf('::');
    const parent = groupAt(path.slice(0, cut));
    const g = { name: path.slice(cut + 2), path, id: md5(path), groups: [], checks: [] };
    parent.groups.push(g);
    byPath.set(path, g);
    return g;
  };
  for (const c of checks.values()) {
    const g = groupAt(c.group);
    g.checks.push({ name: c.name, path: `${c.group}::${c.name}`, id: md5(`${c.group}::${c.name}`), passes: c.passes, fails: c.fails });
  }
  return root;
}
