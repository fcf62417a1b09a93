// The run summary: computed by InfluxDB over the whole run (overall percentiles from one
// query over the whole range, never averaged window percentiles), thresholds judged on
// whole-run aggregates, and stored in the run-summaries table.
import { buildSummary, durationSeconds } from '../../core/metrics/summary';
import { judgeThresholds, planThresholds, type ThresholdSpec } from '../../core/metrics/thresholds';
import type { RunSummary, TimeRange, WindowPoint } from '../../core/metrics/types';
import { alignDown, batchPoints } from '../../core/metrics/windows';
import type { RunSummaryRecord } from '../../core/model';
import { type AnalysisSources, analyzeSummary } from './analysis';
import { fail, type MetricsDialect, type MetricsResult, ok } from '../../infra/influx/dialect';

export interface SummarizeOptions {
  /** The script's `options.thresholds`. */
  thresholds?: ThresholdSpec;
  /** k6's exit code when known: 99 means its thresholds failed. */
  exitCode?: number;
  /** Runs the analysis step too (findings in `summary.findings`), with these sources. */
  analysis?: AnalysisSources;
}

/** How far around a run's recorded start/end to look for its points (clock skew, late pushes). */
export const runRangeMarginMs = 5 * 60_000;

/** The range to summarize a recorded run over. */
export function rangeAroundRun(startedAt: number, finishedAt: number | undefined, now = Date.now()): TimeRange {
  return { start: startedAt - runRangeMarginMs, end: Math.max(finishedAt ?? now, startedAt + 1000) + runRangeMarginMs };
}

export async function summarizeRun(dialect: MetricsDialect, testid: string, range: TimeRange, options: SummarizeOptions = {}): Promise<MetricsResult<RunSummary>> {
  const overall = await dialect.overall(testid, range);
  if (!overall.ok) return overall;
  const extent = overall.value.extent;
  if (!extent) {
    return fail('not-found', `InfluxDB has no k6 points tagged testid=${testid} between ${new Date(range.start).toISOString()} and ${new Date(range.end).toISOString()}.`);
  }
  let thresholds;
  if (options.thresholds && Object.keys(options.thresholds).length > 0) {
    const { checks, problems } = planThresholds(options.thresholds);
    const values = await dialect.aggregate(testid, range, checks.map((c) => c.spec));
    if (!values.ok) return values;
    thresholds = judgeThresholds(checks, values.value, durationSeconds(extent), problems);
  }
  const summary = buildSummary(testid, overall.value, { thresholds, exitCode: options.exitCode });
  if (options.analysis) {
    // A failed analysis query leaves the summary without findings rather than losing it.
    const findings = await analyzeSummary(dialect, summary, options.analysis);
    if (findings.ok) summary.findings = findings.value;
  }
  return ok(summary);
}

/** Where summaries are kept: `store.summaries` in the extension and the CLI. */
export interface SummarySink {
  save(record: RunSummaryRecord): void;
}

export function saveSummary(sink: SummarySink, runId: string, summary: RunSummary, now = Date.now()): RunSummaryRecord {
  const record: RunSummaryRecord = { runId, verdict: summary.verdict, summary, createdAt: now };
  sink.save(record);
  return record;
}

/** Reads a stored summary back, accepting only what looks like ours. */
export function storedSummary(record: RunSummaryRecord | undefined): RunSummary | undefined {
  const s = record?.summary as Partial<RunSummary> | undefined;
  if (!s || typeof s !== 'object' || typeof s.testid !== 'string' || typeof s.requests !== 'number' || !s.latency) return undefined;
  return s as RunSummary;
}

/**
 * A finished run's whole series for its panel, in one query: the window grows with the run
 * so that the chart never holds more than about `maxPoints` windows.
 */
export async function finishedRunSeries(dialect: MetricsDialect, testid: string, range: TimeRange, maxPoints = 3600): Promise<MetricsResult<{ windowMs: number; points: WindowPoint[] }>> {
  const span = range.end - range.start;
  const windowMs = Math.max(1000, Math.ceil(span / maxPoints / 1000) * 1000);
  const res = await dialect.windows(testid, { range: { start: alignDown(range.start, windowMs), end: range.end }, windowMs });
  if (!res.ok) return res;
  return ok({ windowMs, points: batchPoints(res.value) });
}
