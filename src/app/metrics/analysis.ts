// The analysis step when a run ends: reads what the rules need (the run's windows at a size
// that gives about 60 of them, each endpoint's windows of this run and of its baseline at the
// same size) and runs the pure rules of src/core/analysis over them.
import { analyzeRun } from '../../core/analysis/analyzeRun';
import type { Finding } from '../../core/analysis/finding';
import { baselineLookupKeys } from '../../core/metrics/compare';
import type { RunSummary, TimeRange } from '../../core/metrics/types';
import { alignDown, batchPoints } from '../../core/metrics/windows';
import type { BaselineRecord, ResourceSampleRecord, RunRecord, RunSummaryRecord } from '../../core/model';
import { maxEndpointNames, type MetricsDialect, type MetricsResult, ok } from '../../infra/influx/dialect';

/** What the rules look at besides InfluxDB. */
export interface AnalysisSources {
  /** The run's pod samples (target and generator pods). */
  samples?: readonly ResourceSampleRecord[];
  /** The baseline run to compare with (never the run itself). */
  baseline?: { runId: string; summary: RunSummary };
}

/** About 60 windows per run, whole seconds, between 1 s and 60 s. */
export function analysisWindowMs(durationSeconds: number): number {
  return Math.min(60, Math.max(1, Math.round(durationSeconds / 60))) * 1000;
}

/** A summary's extent as a query range (its end is the last point, inclusive). */
function extentOf(s: RunSummary, windowMs: number): TimeRange {
  const start = Date.parse(s.start);
  const end = Date.parse(s.end);
  return { start: alignDown(start, windowMs), end: Math.max(end + 1, start + 1) };
}

export async function analyzeSummary(dialect: MetricsDialect, summary: RunSummary, sources: AnalysisSources = {}): Promise<MetricsResult<Finding[]>> {
  const windowMs = analysisWindowMs(summary.durationSeconds);
  const range = extentOf(summary, windowMs);
  const windows = await dialect.windows(summary.testid, { range, windowMs });
  if (!windows.ok) return windows;
  // A window cut by the run's last point is not a fall in throughput.
  const lastFull = Date.parse(summary.end) + 1000 - windowMs;
  const series = batchPoints(windows.value).filter((p, i) => i === 0 || p.t <= lastFull);
  let baseline;
  const b = sources.baseline;
  if (b && b.runId !== summary.testid) {
    const theirs = new Set(b.summary.endpoints.map((e) => e.name));
    const names = summary.endpoints.filter((e) => theirs.has(e.name)).slice(0, maxEndpointNames).map((e) => e.name);
    const [current, before] = await Promise.all([
      dialect.endpointWindows(summary.testid, { range, windowMs, names }),
      dialect.endpointWindows(b.runId, { range: extentOf(b.summary, windowMs), windowMs, names }),
    ]);
    if (!current.ok) return current;
    if (!before.ok) return before;
    baseline = { runId: b.runId, current: current.value, baseline: before.value };
  }
  return ok(analyzeRun({ summary, series, windowMs, samples: sources.samples, baseline }));
}

/** The parts of the store the sources come from. */
export interface AnalysisStore {
  samples: { listForRun(runId: string): ResourceSampleRecord[] };
  baselines: { get(key: string): BaselineRecord | undefined };
  summaries: { get(runId: string): RunSummaryRecord | undefined };
}

/** A recorded run's pod samples and its baseline (by its script, else its first endpoint), or `baselineId` when given. */
export function analysisSourcesFor(store: AnalysisStore, run: Pick<RunRecord, 'id' | 'scriptPath' | 'endpoints'>, baselineId?: string): AnalysisSources {
  const ids = baselineId ? [baselineId] : baselineLookupKeys(run).map((k) => store.baselines.get(k)?.runId);
  let baseline: AnalysisSources['baseline'];
  for (const id of ids) {
    if (!id || id === run.id) continue;
    const s = store.summaries.get(id)?.summary as RunSummary | undefined;
    if (s && typeof s === 'object' && Array.isArray(s.endpoints) && typeof s.start === 'string') {
      baseline = { runId: id, summary: s };
      break;
    }
  }
  return { samples: store.samples.listForRun(run.id), ...(baseline ? { baseline } : {}) };
}
