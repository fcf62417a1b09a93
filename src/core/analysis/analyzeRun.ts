// The analysis step: every rule over one finished (or running) run, findings sorted worst first.
import type { ResourceSampleRecord } from '../model';
import type { RunSummary, WindowPoint } from '../metrics/types';
import { baselineFindings, type EndpointLatencyWindow } from './baselineFindings';
import { type Finding, sortFindings } from './finding';
import { earlyFailures, errorRateIncrease, latencyIncrease, throughputPlateau } from './loadFindings';
import { resourceFindings } from './resourceFindings';

export const runRules = {
  /** More distinct `name` tags than this is a sign of URLs with ids used as names. */
  maxEndpointNames: 100,
} as const;

export interface AnalysisInput {
  summary: RunSummary;
  /** The run's windows (any size; the app picks about 30–120 of them). */
  series: readonly WindowPoint[];
  windowMs: number;
  /** Pod samples of the run (target and generator pods). */
  samples?: readonly ResourceSampleRecord[];
  /** Per-endpoint windows of this run and of its baseline, same window size. */
  baseline?: { runId: string; current: readonly EndpointLatencyWindow[]; baseline: readonly EndpointLatencyWindow[] };
}

export function analyzeRun(input: AnalysisInput): Finding[] {
  const { summary, series, windowMs } = input;
  const early = earlyFailures(series, windowMs);
  const found: (Finding | undefined)[] = [
    early,
    // A run failing from the start has no "level at the start" to rise above.
    early ? undefined : errorRateIncrease(series, windowMs),
    throughputPlateau(series, windowMs),
    latencyIncrease(series, windowMs),
    thresholdsFailed(summary),
    highCardinality(summary),
  ];
  const all = found.filter((f): f is Finding => f !== undefined);
  if (input.samples?.length) all.push(...resourceFindings(input.samples));
  if (input.baseline && input.baseline.runId !== summary.testid) {
    all.push(...baselineFindings({ baselineRunId: input.baseline.runId, current: input.baseline.current, baseline: input.baseline.baseline }));
  }
  // Failed thresholds with nothing else found: point at the tables, not at findings there are none of.
  if (all.length === 1 && all[0].kind === 'thresholds-failed') all[0] = { ...all[0], nextStep: thresholdsAloneNextStep };
  return sortFindings(all);
}

const thresholdsAloneNextStep =
  'No other rule found a pattern over time: the endpoints table shows which requests failed or were slow. If the threshold itself is wrong, change it in the script\'s options.thresholds.';

/**
 * While a run goes: the rules that make sense on a partial series (the failures at the start,
 * errors rising, a throughput plateau under a ramp). Latency at steady load, the baseline and
 * the pods wait for the end.
 */
export function liveFindings(series: readonly WindowPoint[], windowMs: number): Finding[] {
  const early = earlyFailures(series, windowMs);
  return sortFindings([early, early ? undefined : errorRateIncrease(series, windowMs), throughputPlateau(series, windowMs)].filter((f): f is Finding => f !== undefined));
}

export function thresholdsFailed(summary: RunSummary): Finding | undefined {
  const failed = (summary.thresholds ?? []).filter((t) => !t.ok);
  if (failed.length === 0) return undefined;
  const list = failed.map((t) => `${t.metric}: ${t.expression} (actual ${t.actual === null ? 'no data' : round(t.actual)})`);
  return {
    kind: 'thresholds-failed',
    severity: 'critical',
    title: `${failed.length} of ${summary.thresholds?.length ?? failed.length} thresholds failed`,
    detail: list.join('; '),
    from: summary.start,
    to: summary.end,
    nextStep: 'The other findings say where the run went wrong; if the threshold itself is wrong, change it in the script\'s options.thresholds.',
  };
}

export function highCardinality(summary: RunSummary): Finding | undefined {
  const n = summary.endpoints.length;
  if (n <= runRules.maxEndpointNames) return undefined;
  const examples = summary.endpoints.slice(0, 3).map((e) => e.name).join(', ');
  return {
    kind: 'high-cardinality',
    severity: 'warning',
    title: `${n} distinct request names (tag "name")`,
    detail: `More than ${runRules.maxEndpointNames} names, e.g. ${examples}: each becomes its own InfluxDB series and its own table row, and per-endpoint numbers get too thin to compare.`,
    nextStep: 'Give requests to URLs with ids one name, e.g. http.get(url, { tags: { name: "GET /pets/{petId}" } }) (generated scripts do this).',
  };
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3).replace(/\.?0+$/, ''));
