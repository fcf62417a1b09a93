// A run's report data: its summary with findings (against a baseline run when given), the
// baseline comparison, and its series for charts — what `summary`, `report`, `run --report`
// and the panel's "Export Report" render. Everything from InfluxDB over the run's own extent.
import { compareSummaries } from '../../core/metrics/compare';
import type { RunSummary, TimeRange } from '../../core/metrics/types';
import type { ReportData } from '../../core/reports/reportData';
import type { ThresholdSpec } from '../../core/metrics/thresholds';
import type { ResourceSampleRecord } from '../../core/model';
import { fail, type MetricsDialect, type MetricsResult, ok } from '../../infra/influx/dialect';
import { finishedRunSeries, summarizeRun } from './summary';

export interface RunReportRequest {
  testid: string;
  /** Where to look for the run's (and the baseline's) points. */
  range: TimeRange;
  baselineId?: string;
  thresholds?: ThresholdSpec;
  exitCode?: number;
  /** The run's pod samples when the store has them. */
  samples?: readonly ResourceSampleRecord[];
  /**
   * A summary already computed (and stored); its findings are recomputed only with a baseline
   * given. A run given as its own baseline shows zero deltas and no regression.
   */
  stored?: RunSummary;
  /** Read the series for charts (HTML). */
  withSeries?: boolean;
  now?: number;
}

export async function buildRunReport(dialect: MetricsDialect, req: RunReportRequest): Promise<MetricsResult<ReportData>> {
  let baseline: RunSummary | undefined;
  if (req.baselineId !== undefined) {
    const b = await summarizeRun(dialect, req.baselineId, req.range);
    if (!b.ok) return b.error.kind === 'not-found' ? fail('not-found', `Baseline run ${req.baselineId}: ${b.error.message}`) : b;
    baseline = b.value;
  }
  let summary = req.stored;
  if (!summary || baseline || !summary.findings) {
    const analysis = { ...(req.samples ? { samples: req.samples } : {}), ...(baseline ? { baseline: { runId: baseline.testid, summary: baseline } } : {}) };
    const s = await summarizeRun(dialect, req.testid, req.range, { thresholds: req.thresholds, exitCode: req.exitCode, analysis });
    if (!s.ok) return s;
    summary = s.value;
  }
  let series;
  if (req.withSeries) {
    const r = await finishedRunSeries(dialect, req.testid, { start: Date.parse(summary.start), end: Date.parse(summary.end) + 1000 }, 600);
    if (!r.ok) return r;
    series = r.value;
  }
  return ok({
    summary,
    findings: summary.findings ?? [],
    ...(baseline ? { baseline: { summary: baseline, comparison: compareSummaries(summary, baseline, baseline.testid) } } : {}),
    ...(series ? { series: series.points, windowMs: series.windowMs } : {}),
    generatedAt: new Date(req.now ?? Date.now()).toISOString(),
  });
}
