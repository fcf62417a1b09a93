// Run engines (Strategy): how a planned run becomes Kubernetes objects, how it is observed,
// and how it is stopped. Job and Indexed Job share one engine; the k6-operator TestRun has
// its own. Submission creates nothing it does not also clean up when a later step fails.
import type { RunRecord } from '../../../core/model';
import type { Errorable, KubeError } from '../../../core/result';
import type { AccessCheck } from '../../../infra/kube/jobs';
import type { ObserverHooks, RunObserver } from '../observers';
import type { ClusterPlan } from '../plan';
import type { RunCluster, RunCredentials } from '../ports';

export interface Submitted {
  /** `Kind/name` of everything created, for the run record. */
  k8sObjects: string[];
  /** Non-blocking problems met while submitting (e.g. the ConfigMap could not be given to the Job). */
  warnings: string[];
}

export interface ClusterEngine {
  readonly kind: ClusterPlan['engine'];
  /** What the user must be allowed to do in the namespace for this engine. */
  requiredAccess(namespace: string, withSecret: boolean): AccessCheck[];
  submit(cluster: RunCluster, plan: ClusterPlan, credentials: RunCredentials): Promise<Errorable<Submitted, KubeError>>;
  observer(cluster: RunCluster, run: Pick<RunRecord, 'id' | 'namespace'>, hooks: ObserverHooks): RunObserver;
  /** Deletes the run's workload (and so, through owner references, the rest). False when it was already gone. */
  stop(cluster: RunCluster, run: Pick<RunRecord, 'id' | 'namespace'>): Promise<Errorable<boolean, KubeError>>;
}

export const access = (namespace: string, verb: string, resource: string, group = '', subresource?: string): AccessCheck => ({ namespace, verb, resource, group, ...(subresource ? { subresource } : {}) });

/** Watching the pods and following k6's log: needed by every cluster engine. */
export function observeAccess(namespace: string): AccessCheck[] {
  return [access(namespace, 'list', 'pods'), access(namespace, 'watch', 'pods'), access(namespace, 'get', 'pods', '', 'log')];
}

/**
 * Everything a cluster engine needs: its script ConfigMap, the credentials Secret when there
 * is one, full control of its workload (a Job or a TestRun), and watching the pods.
 */
export function workloadAccess(namespace: string, withSecret: boolean, workload: { resource: string; group: string }): AccessCheck[] {
  const manage = (resource: string, group = '') => ['create', 'patch', 'delete'].map((verb) => access(namespace, verb, resource, group));
  return [
    ...manage('configmaps'),
    ...(withSecret ? manage('secrets') : []),
    ...['create', 'get', 'watch', 'delete'].map((verb) => access(namespace, verb, workload.resource, workload.group)),
    ...observeAccess(namespace),
  ];
}

