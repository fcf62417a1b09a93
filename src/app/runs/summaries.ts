// The end of a run: its summary computed by InfluxDB over the whole run (all generators,
// merged by testid) and stored, through the metrics area. When InfluxDB does not answer the
// run still ends; the summary is completed later (reattach, or opening its results).
import type { RunRecord } from '../../core/model';
import { analysisSourcesFor, type AnalysisStore, createMetricsDialect, type InfluxConnection, type MetricsDialect, rangeAroundRun, saveSummary, summarizeRun, type SummarySink } from '../metrics/index';
import type { RunMetrics, SummaryOutcome } from './ports';
import { thresholdsOfFile } from './scriptAnalysis';

/** Where summaries go, and what the analysis step reads (pod samples, baselines, other summaries). */
export type SummaryStore = AnalysisStore & { summaries: SummarySink & AnalysisStore['summaries'] };

export function influxRunMetrics(dialect: MetricsDialect, store: SummaryStore, now: () => number = Date.now): RunMetrics {
  return {
    async ping() {
      const r = await dialect.ping();
      return r.ok ? { ok: true } : { ok: false, message: r.error.message };
    },
    async summarize(run: RunRecord): Promise<SummaryOutcome> {
      const thresholds = thresholdsOfFile(run.scriptPath);
      const range = rangeAroundRun(run.startedAt ?? run.createdAt, run.finishedAt, now());
      const r = await summarizeRun(dialect, run.id, range, { thresholds, exitCode: run.exitCode, analysis: analysisSourcesFor(store, run) });
      if (!r.ok) return { ok: false, message: r.error.message };
      const record = saveSummary(store.summaries, run.id, r.value, now());
      return { ok: true, verdict: record.verdict };
    },
  };
}

/** RunMetrics for an InfluxDB connection (the editor-side URL). */
export function runMetricsFor(connection: InfluxConnection, store: SummaryStore): RunMetrics {
  return influxRunMetrics(createMetricsDialect(connection), store);
}
