// The analysis area: deterministic findings over a run's metrics, pods and baseline.
export { analyzeRun, highCardinality, runRules, thresholdsFailed, type AnalysisInput } from './analyzeRun';
export { baselineFindings, baselineRules, type EndpointLatencyWindow } from './baselineFindings';
export { type Finding, type FindingKind, type FindingSeverity, findingKinds, isFindingSeverity, parseFindings, severityAtLeast, sortFindings, worstSeverity } from './finding';
export { earlyFailures, errorRateIncrease, latencyIncrease, loadRules, throughputPlateau } from './loadFindings';
export { resourceFindings, resourceRules } from './resourceFindings';
