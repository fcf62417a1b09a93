// Live metrics and run summaries: what the run monitor, the results panel and the CLI use.
export { createLiveMetricsSession, type LiveMetricsSession, type LiveSessionOptions, type LiveSnapshot, type LiveStatus, type TickResult } from './liveSession';
export { type PodResourceSource, type PodSampleOutcome, type PodTarget, ResourceSampler, type SampleSink } from './resources';
export { finishedRunSeries, rangeAroundRun, runRangeMarginMs, saveSummary, storedSummary, summarizeRun, type SummarizeOptions, type SummarySink } from './summary';
export { createMetricsDialect, type InfluxConnection, type MetricsDialect, type MetricsError, type MetricsErrorKind, type MetricsResult } from '../../infra/influx/index';
export { isValidRunId } from '../../core/metrics/aggregates';
export type { RunSummary, ResourceMessage, WindowPoint, EndpointTable, TimeRange } from '../../core/metrics/types';
export { toResourceMessage } from '../../core/metrics/resources';
export { summaryToCsv } from '../../core/metrics/summary';
export type { ThresholdSpec } from '../../core/metrics/thresholds';
export { RunResults, bannerFor, panelRun } from './runResults';
export { KubePodResourceSource, podTargetForUrl, problemFromKubeError } from './kubePodResources';
export { baselineComparisonFor, clearBaseline, isBaseline, setBaseline, type BaselineStore } from './baseline';
export type { BaselineComparison, MetricDelta, DeltaDirection } from '../../core/metrics/compare';
export { analysisSourcesFor, analysisWindowMs, analyzeSummary, type AnalysisSources, type AnalysisStore } from './analysis';
export type { Finding, FindingKind, FindingSeverity } from '../../core/analysis/finding';
