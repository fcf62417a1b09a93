// Nothing of a run stays in the cluster: a process that crashed in the middle of submitting
// (after the ConfigMap — and the Secret it owns — were created, before the workload owned the
// ConfigMap) leaves a labelled ConfigMap with no owner. At activation and when the CLI starts
// a run, such ConfigMaps older than a submission can take are handed to their workload when it
// exists, and deleted otherwise — the garbage collector takes the Secret along (it is owned by
// the ConfigMap from its creation; Secrets of older versions are deleted by name too).
import { ownedBy } from '../../core/manifests/render';
import { managedSelector, testIdLabel } from '../../core/manifests/labels';
import { runObjectNames } from '../../core/manifests/runId';
import { toMillis } from '../../core/runs/kubeShapes';
import { type Errorable, ok } from '../../core/result';
import type { RunCluster } from './ports';

/** Longer than any submission takes (create ConfigMap → Secret → workload → hand over). */
export const leftoverAgeMs = 10 * 60_000;

export interface SweepReport {
  /** `ConfigMap/name` (and `Secret/name`) deleted. */
  deleted: string[];
  /** ConfigMaps handed to their still-existing workload. */
  tied: string[];
}

export async function sweepLeftovers(cluster: RunCluster, namespace: string, now: number, olderThanMs = leftoverAgeMs): Promise<Errorable<SweepReport>> {
  const maps = await cluster.objects.listConfigMaps(namespace, managedSelector);
  if (!maps.ok) return maps;
  const orphans = maps.value.filter((cm) => {
    const created = toMillis(cm.metadata?.creationTimestamp);
    return !cm.metadata?.ownerReferences?.length && !cm.metadata?.deletionTimestamp && created !== undefined && now - created >= olderThanMs && cm.metadata?.labels?.[testIdLabel];
  });
  const report: SweepReport = { deleted: [], tied: [] };
  if (orphans.length === 0) return ok(report);
  const jobs = await cluster.objects.listJobs(namespace, managedSelector);
  if (!jobs.ok) return jobs;
  const testRuns = await cluster.testRuns.list(namespace, managedSelector);
  const workloads = new Map<string, { apiVersion: string; kind: string; name: string; uid: string }>();
  for (const j of jobs.value) if (j.metadata?.name && j.metadata.uid) workloads.set(j.metadata.name, { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, uid: j.metadata.uid });
  for (const t of testRuns.ok ? testRuns.value : []) {
    const m = t.metadata as { name?: string; uid?: string } | undefined;
    if (m?.name && m.uid) workloads.set(m.name, { apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', name: m.name, uid: m.uid });
  }
  for (const cm of orphans) {
    const runId = cm.metadata!.labels![testIdLabel];
    const names = runObjectNames(runId);
    if (cm.metadata?.name !== names.configMap) continue;
    const workload = workloads.get(names.workload);
    if (workload) {
      if ((await cluster.objects.setOwner('ConfigMap', namespace, names.configMap, ownedBy(workload))).ok) report.tied.push(`ConfigMap/${names.configMap}`);
      continue;
    }
    if ((await cluster.objects.deleteConfigMap(namespace, names.configMap)).ok) report.deleted.push(`ConfigMap/${names.configMap}`);
    const secret = await cluster.objects.deleteSecret(namespace, names.secret);
    if (secret.ok && secret.value) report.deleted.push(`Secret/${names.secret}`);
  }
  return ok(report);
}
