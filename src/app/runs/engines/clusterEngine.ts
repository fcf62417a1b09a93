// Run engines (Strategy): how a planned run becomes Kubernetes objects, how it is observed,
// and how it is stopped. Job and Indexed Job share one engine; the k6-operator TestRun has
// its own. Submission creates nothing it does not also clean up when a later step fails.
import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { ownedBy, renderCredentialsSecret } from '../../../core/manifests/render';
import { runObjectNames } from '../../../core/manifests/runId';
import type { RunRecord } from '../../../core/model';
import { type Errorable, fail, type KubeError, ok } from '../../../core/result';
import type { AccessCheck, ObjectRef } from '../../../infra/kube/jobs';
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


/**
 * What both cluster engines submit: the ConfigMap, the credentials Secret when there are
 * credentials, then the workload (`create`); what was created is deleted again when a later
 * step fails. The Secret is owned by the ConfigMap from the moment it exists, so it can never
 * outlive it; the workload then owns the ConfigMap, so deleting the workload (Background)
 * deletes both. A crash before the ConfigMap is handed over leaves a labelled ConfigMap with
 * no owner: sweepLeftovers (sweep.ts) removes it, and its Secret with it, at the next start.
 */
export async function submitOwningWorkload(
  cluster: RunCluster,
  plan: ClusterPlan,
  credentials: RunCredentials,
  workload: { kind: 'Job' | 'TestRun'; create: () => Promise<Errorable<ObjectRef>> },
): Promise<Errorable<Submitted>> {
  const ns = plan.spec.namespace;
  const names = runObjectNames(plan.runId);
  const objects = cluster.objects;
  const created: (() => Promise<unknown>)[] = [];
  const rollback = async () => {
    for (const undo of created.reverse()) await undo();
  };

  const cm = await objects.createConfigMap(ns, plan.rendered.configMap as V1ConfigMap);
  if (!cm.ok) return cm;
  created.push(() => objects.deleteConfigMap(ns, names.configMap));
  const k8sObjects = [`ConfigMap/${names.configMap}`];

  const secretBody = renderCredentialsSecret(plan.runId, ns, credentials);
  if (secretBody) {
    secretBody.metadata = { ...secretBody.metadata, ownerReferences: [ownedBy(cm.value)] };
    const s = await objects.createSecret(ns, secretBody as V1Secret);
    if (!s.ok) {
      await rollback();
      return s;
    }
    created.push(() => objects.deleteSecret(ns, names.secret));
    k8sObjects.push(`Secret/${names.secret}`);
  }

  const made = await workload.create();
  if (!made.ok) {
    await rollback();
    return made;
  }
  k8sObjects.push(`${workload.kind}/${names.workload}`);

  const warnings: string[] = [];
  const owner = ownedBy(made.value);
  const tie = async (kind: 'ConfigMap' | 'Secret', name: string) => {
    const given = await objects.setOwner(kind, ns, name, owner);
    if (!given.ok) {
      // Nothing deletes it for the user when the run ends by itself (Stop does): say how to.
      warnings.push(`The ${kind} ${name} could not be tied to the ${workload.kind} (${given.error.message}); it stays in "${ns}" after the run until Metric Vault starts again and removes it (with the credentials Secret it owns), or delete it then (kubectl delete ${kind.toLowerCase()} ${name} -n ${ns}).`);
    }
  };
  // The Secret follows the ConfigMap (its owner) when the workload is deleted.
  await tie('ConfigMap', names.configMap);
  return ok({ k8sObjects, warnings });
}

/** Deletes the workload (`remove`), then the ConfigMap and Secret in case the owner reference was never set. */
export async function stopWorkload(
  cluster: RunCluster,
  run: Pick<RunRecord, 'id' | 'namespace'>,
  remove: (namespace: string, name: string) => Promise<Errorable<boolean, KubeError>>,
): Promise<Errorable<boolean, KubeError>> {
  const ns = run.namespace ?? 'default';
  const names = runObjectNames(run.id);
  const r = await remove(ns, names.workload);
  if (!r.ok) return fail(r.error);
  await cluster.objects.deleteConfigMap(ns, names.configMap);
  await cluster.objects.deleteSecret(ns, names.secret);
  return ok(r.value);
}
