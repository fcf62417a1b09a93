// Baselines: marking a run as the one later runs of its script and endpoints are compared
// against, and building that comparison from the stored summaries.
import { type BaselineComparison, baselineKeys, baselineLookupKeys, compareSummaries } from '../../core/metrics/compare';
import type { BaselineRecord, RunRecord, RunSummaryRecord } from '../../core/model';
import { storedSummary } from './summary';

export interface BaselineStore {
  baselines: {
    set(key: string, runId: string, at?: number): void;
    get(key: string): BaselineRecord | undefined;
    clear(key: string): boolean;
  };
  summaries: { get(runId: string): RunSummaryRecord | undefined };
}

type RunKeys = Pick<RunRecord, 'id' | 'scriptPath' | 'endpoints'>;

/** Makes `run` the baseline of its script and of each of its endpoints; returns the keys. */
export function setBaseline(store: BaselineStore, run: RunKeys, now = Date.now()): string[] {
  const keys = baselineKeys(run);
  for (const key of keys) store.baselines.set(key, run.id, now);
  return keys;
}

/** Removes `run` as a baseline wherever it is one (another run's baselines stay); returns the keys. */
export function clearBaseline(store: BaselineStore, run: RunKeys): string[] {
  return baselineKeys(run).filter((key) => store.baselines.get(key)?.runId === run.id && store.baselines.clear(key));
}

/** Whether `run` is the baseline of its script or any of its endpoints. */
export function isBaseline(store: Pick<BaselineStore, 'baselines'>, run: RunKeys): boolean {
  return baselineKeys(run).some((key) => store.baselines.get(key)?.runId === run.id);
}

/**
 * The run compared with its baseline — by its script first, else by its first endpoint —
 * when that is another run with a stored summary and this run has one too.
 */
export function baselineComparisonFor(store: BaselineStore, run: RunKeys): BaselineComparison | undefined {
  const current = storedSummary(store.summaries.get(run.id));
  if (!current) return undefined;
  for (const key of baselineLookupKeys(run)) {
    const baselineId = store.baselines.get(key)?.runId;
    if (!baselineId || baselineId === run.id) continue;
    const baseline = storedSummary(store.summaries.get(baselineId));
    if (baseline) return compareSummaries(current, baseline, baselineId);
  }
  return undefined;
}
