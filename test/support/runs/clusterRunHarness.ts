// A run lifecycle harness on the real local control plane (test/support/localCluster.ts): the
// RunService wired as the extension wires it, a fresh SQLite store, scripts on disk, and what
// the run left in the cluster read back through the API. The Job controller, garbage collector
// and TTL controller are Kubernetes' own; the pods are run by the pod runner of cluster.sh.
import * as path from 'node:path';
import { RunService, type RunServiceDeps, type StartResult } from '../../../src/app/runs/runService';
import { defaultRunSettings, type RunSettings } from '../../../src/app/runs/runSettings';
import type { RunRecord } from '../../../src/core/model';
import { Store } from '../../../src/infra/store/store';
import type { LocalCluster } from '../localCluster';
import type { KubeObject } from '../podRunner/kubeApi';
import { makeTempDir } from '../tempDir';
import { activationRunService, RecordingEvents } from './runHarness';
import { writeScript } from './outcomeScripts';

export class ClusterRunHarness {
  readonly events = new RecordingEvents();
  private readonly services: RunService[] = [];
  private constructor(
    readonly cluster: LocalCluster,
    readonly store: Store,
    readonly dir: string,
    private readonly cleanupDir: () => void,
    readonly settings: RunSettings,
  ) {}

  static open(cluster: LocalCluster, settings: Partial<RunSettings> = {}): ClusterRunHarness {
    const tmp = makeTempDir('mv-cluster-runs-');
    const { store } = Store.open(path.join(tmp.dir, 'metric-vault.db'));
    return new ClusterRunHarness(cluster, store, tmp.dir, tmp.cleanup, { ...defaultRunSettings, namespace: cluster.namespace, ...settings });
  }

  script(name: string, text: string): string {
    return writeScript(this.dir, name, text);
  }

  service(over: Partial<RunServiceDeps> = {}): RunService {
    const s = activationRunService(this.cluster.kubeconfigPath, this.store, this.events, this.settings, over);
    this.services.push(s);
    return s;
  }

  async list(resource: 'jobs' | 'pods' | 'configmaps' | 'secrets', runId: string): Promise<KubeObject[]> {
    const group = resource === 'jobs' ? '/apis/batch/v1' : '/api/v1';
    const res = await this.cluster.api.get(`${group}/namespaces/${this.cluster.namespace}/${resource}?labelSelector=${encodeURIComponent(`testid=${runId}`)}`);
    if (res.status !== 200) throw new Error(`listing ${resource}: HTTP ${res.status}`);
    return res.body.items as KubeObject[];
  }

  /** The run's objects still in the cluster, as `Kind/name`. */
  async leftovers(runId: string): Promise<string[]> {
    const out: string[] = [];
    for (const [resource, kind] of [['jobs', 'Job'], ['pods', 'Pod'], ['configmaps', 'ConfigMap'], ['secrets', 'Secret']] as const) {
      for (const o of await this.list(resource, runId)) out.push(`${kind}/${o.metadata.name}`);
    }
    return out;
  }

  /** Deletes what the harness's runs left (Jobs with Background propagation: pods, ConfigMaps, Secrets follow). */
  async close(): Promise<void> {
    for (const s of this.services) s.dispose();
    for (const id of new Set(this.events.changes.map((c) => c.id))) await deleteRun(this.cluster, id);
    this.store.close();
    this.cleanupDir();
  }
}

export function startedRun(r: StartResult): RunRecord {
  if (!r.ok) throw new Error(`expected the run to start: ${r.problems.join(' / ')}`);
  return r.run;
}

/** Removes a run's Job or TestRun; the garbage collector removes what it owns (pods, runner Jobs, ConfigMap, Secret). */
export async function deleteRun(cluster: LocalCluster, runId: string): Promise<void> {
  const background = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' };
  await cluster.api.request('DELETE', `/apis/batch/v1/namespaces/${cluster.namespace}/jobs/${runId}`, background);
  // Answers 404 where there is no such TestRun, or no TestRun CRD at all.
  await cluster.api.request('DELETE', `/apis/k6.io/v1alpha1/namespaces/${cluster.namespace}/testruns/${runId}`, background);
}
