// Use cases over the run history that need no cluster: listing and deleting records.
import type { RunRecord, Verdict } from '../core/model';
import type { Store } from '../infra/store/store';

export interface RunListItem extends RunRecord {
  verdict?: Verdict;
}

/** Runs with their verdicts, running ones first. */
export function listRunsIn(store: Store, limit: number): RunListItem[] {
  const runs = store.runs.list(limit);
  const verdicts = store.summaries.verdicts(runs.map((r) => r.id));
  return runs.map((r) => ({ ...r, verdict: verdicts.get(r.id) }));
}

