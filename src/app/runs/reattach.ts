// Finding runs this editor did not start — teammates' runs, CLI runs, runs whose record was
// lost — by the labels every run's workload carries, and adding them to the history from the
// annotations (script, endpoints, target) so they show, are watched and get summaries.
import type { RunEngine, RunRecord } from '../../core/model';
import { managedSelector, readRunAnnotations, testIdLabel } from '../../core/manifests/labels';
import { runObjectNames } from '../../core/manifests/runId';
import { toMillis } from '../../core/runs/kubeShapes';
import { type Errorable, ok } from '../../core/result';
import type { RunCluster } from './ports';

interface Workload {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string | Date };
}

interface RunsTable {
  get(id: string): RunRecord | undefined;
  insertIfAbsent(r: RunRecord): boolean;
}

const engines: RunEngine[] = ['job', 'indexed-job', 'k6-operator'];

function recordFrom(w: Workload, kind: 'Job' | 'TestRun', namespace: string, now: number): RunRecord | undefined {
  const id = w.metadata?.labels?.[testIdLabel];
  // Only the run's own workload: k6-operator's runner Jobs carry the same labels but other names.
  if (!id || w.metadata?.name !== runObjectNames(id).workload) return undefined;
  const a = readRunAnnotations(w.metadata.annotations);
  const engine = kind === 'TestRun' ? 'k6-operator' : engines.includes(a.engine as RunEngine) ? (a.engine as RunEngine) : 'job';
  return {
    id,
    scriptPath: a.scriptPath ?? '(unknown script)',
    engine,
    state: 'queued',
    target: a.target,
    namespace,
    k8sObjects: [`ConfigMap/${runObjectNames(id).configMap}`, `${kind}/${id}`],
    endpoints: [...(a.endpoints ?? [])],
    createdAt: toMillis(w.metadata.creationTimestamp) ?? now,
  };
}

/** Records every labelled run workload in the namespace that the history does not know yet. */
export async function adoptWorkloads(cluster: RunCluster, namespace: string, runs: RunsTable, now: number): Promise<Errorable<RunRecord[]>> {
  const jobs = await cluster.objects.listJobs(namespace, managedSelector);
  if (!jobs.ok) return jobs;
  const testRuns = await cluster.testRuns.list(namespace, managedSelector);
  if (!testRuns.ok) return testRuns;
  const adopted: RunRecord[] = [];
  const candidates: [Workload, 'Job' | 'TestRun'][] = [...jobs.value.map((j) => [j, 'Job'] as [Workload, 'Job']), ...testRuns.value.map((t) => [t, 'TestRun'] as [Workload, 'TestRun'])];
  for (const [w, kind] of candidates) {
    const record = recordFrom(w, kind, namespace, now);
    // Another window may adopt the same workload at the same moment: one insert wins.
    if (!record || runs.get(record.id) || !runs.insertIfAbsent(record)) continue;
    adopted.push(record);
  }
  return ok(adopted);
}
