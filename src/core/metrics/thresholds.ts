// k6 thresholds (`options.thresholds`) turned into InfluxDB aggregates and judged. The
// aggregate is computed by InfluxDB over the whole run; percentiles are InfluxDB's nearest
// rank, which can differ from k6's interpolated p(N) by one sample.
import { type AggregateFn, type AggregateSpec, isMetricName, isTagKey } from './aggregates';
import type { SummaryVerdict, ThresholdVerdict } from './types';

/** As in a k6 script: `{ http_req_duration: ['p(95)<500'], 'http_req_failed{name:GET /x}': [{ threshold: 'rate<0.01' }] }`. */
export type ThresholdSpec = Record<string, readonly (string | { threshold: string })[]>;

type MetricKind = 'trend' | 'counter' | 'rate' | 'gauge';

const builtinKinds: Record<string, MetricKind> = {
  http_reqs: 'counter',
  iterations: 'counter',
  data_sent: 'counter',
  data_received: 'counter',
  dropped_iterations: 'counter',
  http_req_failed: 'rate',
  checks: 'rate',
  vus: 'gauge',
  vus_max: 'gauge',
};

/** Built-in k6 metrics by kind; unknown (custom) metrics are judged by the aggregation named. */
function kindOf(metric: string, method: string): MetricKind {
  const known = builtinKinds[metric];
  if (known) return known;
  if (metric.startsWith('http_req_') || metric.endsWith('_duration')) return 'trend';
  if (method === 'rate') return 'rate';
  if (method === 'count') return 'counter';
  if (method === 'value') return 'gauge';
  return 'trend';
}

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface ThresholdCheck {
  metric: string;
  expression: string;
  spec: AggregateSpec;
  /** Counters' `rate` divides the sum by the run's duration in seconds. */
  perSecond: boolean;
  op: Comparison;
  bound: number;
}

export interface ThresholdProblem {
  metric: string;
  expression: string;
  message: string;
}

const expressionPattern = /^\s*([a-z]+)(?:\(\s*([0-9.]+)\s*\))?\s*(<=|>=|===|==|!=|<|>)\s*(-?[0-9.]+(?:e-?[0-9]+)?)\s*$/i;

/** Splits `metric{tag:value,tag2:value}` into the metric and its tag filters. */
export function parseMetricKey(key: string): { metric: string; tags: Record<string, string> } | undefined {
  const m = /^\s*([^{\s]+)\s*(?:\{(.*)\})?\s*$/.exec(key);
  if (!m) return undefined;
  const tags: Record<string, string> = {};
  if (m[2] !== undefined && m[2].trim() !== '') {
    for (const part of m[2].split(',')) {
      const colon = part.indexOf(':');
      if (colon < 0) return undefined;
      tags[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
    }
  }
  return { metric: m[1], tags };
}

function aggregateFor(kind: MetricKind, method: string, arg: string | undefined): { fn: AggregateFn; perSecond: boolean } | string {
  switch (method) {
    case 'p': {
      const p = Number(arg);
      if (kind !== 'trend') return `p(N) applies to trend metrics only`;
      if (!(p > 0 && p <= 100)) return `p(${arg ?? ''}) needs a percentile between 0 and 100`;
      return { fn: { fn: 'percentile', p }, perSecond: false };
    }
    case 'avg':
      return { fn: { fn: 'mean' }, perSecond: false };
    case 'med':
      return { fn: { fn: 'median' }, perSecond: false };
    case 'min':
      return { fn: { fn: 'min' }, perSecond: false };
    case 'max':
      return { fn: { fn: 'max' }, perSecond: false };
    case 'count':
      return { fn: kind === 'counter' ? { fn: 'sum' } : { fn: 'count' }, perSecond: false };
    case 'rate':
      if (kind === 'counter') return { fn: { fn: 'sum' }, perSecond: true };
      return { fn: { fn: 'mean' }, perSecond: false };
    case 'value':
      return { fn: { fn: 'last' }, perSecond: false };
    default:
      return `unknown aggregation "${method}"`;
  }
}

/** Plans the InfluxDB aggregates for every threshold; ones we cannot evaluate are reported. */
export function planThresholds(spec: ThresholdSpec): { checks: ThresholdCheck[]; problems: ThresholdProblem[] } {
  const checks: ThresholdCheck[] = [];
  const problems: ThresholdProblem[] = [];
  for (const [key, list] of Object.entries(spec)) {
    for (const item of list) {
      const expression = typeof item === 'string' ? item : item.threshold;
      const fail = (message: string) => problems.push({ metric: key, expression, message });
      const parsedKey = parseMetricKey(key);
      if (!parsedKey || !isMetricName(parsedKey.metric)) {
        fail(`"${key}" is not a metric name Metric Vault can query`);
        continue;
      }
      const badTag = Object.keys(parsedKey.tags).find((k) => !isTagKey(k));
      if (badTag !== undefined) {
        fail(`tag "${badTag}" is not a tag name Metric Vault can query`);
        continue;
      }
      const m = expressionPattern.exec(expression);
      if (!m) {
        fail(`"${expression}" is not a threshold expression such as p(95)<500`);
        continue;
      }
      const method = m[1].toLowerCase();
      const agg = aggregateFor(kindOf(parsedKey.metric, method), method, m[2]);
      if (typeof agg === 'string') {
        fail(agg);
        continue;
      }
      checks.push({
        metric: key,
        expression,
        spec: { ...agg.fn, metric: parsedKey.metric, tags: parsedKey.tags },
        perSecond: agg.perSecond,
        op: m[3] as Comparison,
        bound: Number(m[4]),
      });
    }
  }
  return { checks, problems };
}

export function compare(actual: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    case '==':
    case '===':
      return actual === bound;
    case '!=':
      return actual !== bound;
  }
}

/**
 * Judges each check against the value InfluxDB returned for it (same order). A threshold
 * on a metric with no data fails, as it would be unproven. Unevaluable thresholds fail too,
 * so a typo in a threshold cannot pass a run.
 */
export function judgeThresholds(
  checks: readonly ThresholdCheck[],
  values: readonly (number | null)[],
  durationSeconds: number,
  problems: readonly ThresholdProblem[] = [],
): ThresholdVerdict[] {
  const verdicts = checks.map((c, i): ThresholdVerdict => {
    const raw = values[i] ?? null;
    const actual = raw === null ? null : c.perSecond ? (durationSeconds > 0 ? raw / durationSeconds : null) : raw;
    return { metric: c.metric, expression: c.expression, actual, ok: actual !== null && compare(actual, c.op, c.bound) };
  });
  return verdicts.concat(problems.map((p) => ({ metric: p.metric, expression: p.expression, actual: null, ok: false })));
}

/**
 * The run's verdict: failed when a threshold failed or k6 said so (exit code 99); passed
 * when k6 ran and nothing failed; unknown when the run produced no requests and had no
 * thresholds to judge.
 */
export function overallVerdict(thresholds: readonly ThresholdVerdict[] | undefined, requests: number, exitCode?: number): SummaryVerdict {
  if (exitCode === 99 || (thresholds ?? []).some((t) => !t.ok)) return 'failed';
  if ((thresholds ?? []).length > 0) return 'passed';
  return requests > 0 ? 'passed' : 'unknown';
}
