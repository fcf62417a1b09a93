// Shared state of the k6 stand-in's one VU: environment, execution context, metric samples,
// checks; and the end-of-test summary in k6's handleSummary format.
import { parentPort } from 'node:worker_threads';

const metricTypes = new Map();

export const state = {
  env: {},
  realSleep: false,
  initContext: true,
  call: () => {
    throw new Error('not started');
  },
  scenario: { name: 'default', executor: 'shared-iterations', startTime: 0, iterationInInstance: 0 },
  iteration: { inScenario: 0, inTest: 0 },
  group: '',
  checks: [],
  samples: [],

  /** Records one metric sample, as k6 does: tags include scenario and group. */
  addSample(metric, type, value, tags = {}, isTime = false) {
    if (!metricTypes.has(metric)) metricTypes.set(metric, { type, contains: isTime ? 'time' : metric.startsWith('data_') ? 'data' : 'default' });
    this.samples.push({ metric, type, value: Number(value), tags: { scenario: this.scenario.name, group: this.group, ...tags } });
  },

  summaryData(options, durationMs) {
    const byMetric = new Map();
    for (const s of this.samples) {
      if (!byMetric.has(s.metric)) byMetric.set(s.metric, []);
      byMetric.get(s.metric).push(s.value);
    }
    const metrics = {};
    for (const [name, values] of byMetric) {
      const { type, contains } = metricTypes.get(name);
      metrics[name] = { type, contains, values: { ...aggregate(type, values, durationMs) } };
    }
    const passes = this.checks.filter((c) => c.passed).length;
    if (this.checks.length > 0) metrics.checks = { type: 'rate', contains: 'default', values: { rate: passes / this.checks.length, passes, fails: this.checks.length - passes } };
    const thresholds = this.evaluateThresholds(options);
    for (const t of thresholds) {
      if (!metrics[t.metric]) continue;
      metrics[t.metric].thresholds ??= {};
      metrics[t.metric].thresholds[t.expression] = { ok: t.ok };
    }
    return {
      root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: checkGroups(this.checks) },
      options: { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: false },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
      metrics,
    };
  },

  /** Thresholds of the options, evaluated on the samples (tag filters such as {name:...} honoured). */
  evaluateThresholds(options) {
    const out = [];
    for (const [key, rules] of Object.entries(options?.thresholds ?? {})) {
      const m = /^([^{]+)(?:\{(.*)\})?$/.exec(key.trim());
      if (!m) continue;
      const metric = m[1].trim();
      const filter = m[2] ? Object.fromEntries(m[2].split(',').map((kv) => [kv.slice(0, kv.indexOf(':')).trim(), kv.slice(kv.indexOf(':') + 1).trim()])) : {};
      const samples = metric === 'checks' ? this.checks.map((c) => ({ value: c.passed ? 1 : 0, tags: c.tags })) : this.samples.filter((s) => s.metric === metric);
      const values = samples.filter((s) => Object.entries(filter).every(([k, v]) => s.tags[k] === v)).map((s) => s.value);
      const type = metric === 'checks' ? 'rate' : metricTypes.get(metric)?.type ?? 'trend';
      for (const rule of Array.isArray(rules) ? rules : [rules]) {
        const expression = typeof rule === 'string' ? rule : rule.threshold;
        const e = /^\s*(\w+(?:\(\s*[\d.]+\s*\))?)\s*(<=|>=|===|==|!=|<|>)\s*([-\d.eE+]+)\s*$/.exec(expression);
        if (!e) continue;
        const stats = aggregate(type, values, 1000);
        const actual = stats[e[1].replace(/\s+/g, '')];
        const limit = Number(e[3]);
        const ops = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '===': (a, b) => a === b, '!=': (a, b) => a !== b };
        out.push({ metric: key, expression, actual, ok: values.length === 0 ? true : ops[e[2]](actual, limit) });
      }
    }
    return out;
  },

  finish(message) {
    parentPort.postMessage({ type: 'done', ...message });
  },
};

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  // k6 interpolates between the two nearest ranks.
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function aggregate(type, values, durationMs) {
  if (type === 'counter') {
    const count = values.reduce((a, b) => a + b, 0);
    return { count, rate: durationMs > 0 ? count / (durationMs / 1000) : 0 };
  }
  if (type === 'rate') {
    const passes = values.filter((v) => v !== 0).length;
    return { rate: values.length ? passes / values.length : 0, passes, fails: values.length - passes };
  }
  if (type === 'gauge') return { value: values.at(-1) ?? 0, min: Math.min(...values), max: Math.max(...values) };
  const sorted = [...values].sort((a, b) => a - b);
  const stats = {
    avg: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0,
    min: sorted[0] ?? 0,
    med: percentile(sorted, 50),
    max: sorted.at(-1) ?? 0,
    'p(90)': percentile(sorted, 90),
    'p(95)': percentile(sorted, 95),
  };
  return new Proxy(stats, {
    get(target, prop) {
      if (typeof prop === 'string' && !(prop in target)) {
        const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(prop);
        if (m) return percentile(sorted, Number(m[1]));
      }
      return target[prop];
    },
  });
}

function checkGroups(checks) {
  const byName = new Map();
  for (const c of checks) {
    const entry = byName.get(c.name) ?? { name: c.name, path: `::${c.name}`, id: c.name, passes: 0, fails: 0 };
    if (c.passed) entry.passes++;
    else entry.fails++;
    byName.set(c.name, entry);
  }
  return [...byName.values()];
}
