// The default engine: a ConfigMap (script and data files) and a Job — Indexed with one pod per
// execution segment when more than one generator is asked for. The ConfigMap (and the
// credentials Secret) are created first, then the Job, then handed to the Job through owner
// references so deleting the Job with propagationPolicy Background deletes them too.
import type { V1ConfigMap, V1Job, V1Secret } from '@kubernetes/client-node';
import { ownedBy, renderCredentialsSecret } from '../../../core/manifests/render';
import { runObjectNames } from '../../../core/manifests/runId';
import { type Errorable, fail, ok } from '../../../core/result';
import { JobObserver } from '../observers';
import { type ClusterEngine, type Submitted, workloadAccess } from './clusterEngine';

export function jobEngine(kind: 'job' | 'indexed-job'): ClusterEngine {
  return {
    kind,
    requiredAccess(ns, withSecret) {
      return workloadAccess(ns, withSecret, { resource: 'jobs', group: 'batch' });
    },

    async submit(cluster, plan, credentials): Promise<Errorable<Submitted>> {
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
        const s = await objects.createSecret(ns, secretBody as V1Secret);
        if (!s.ok) {
          await rollback();
          return s;
        }
        created.push(() => objects.deleteSecret(ns, names.secret));
        k8sObjects.push(`Secret/${names.secret}`);
      }

      const job = await objects.createJob(ns, plan.rendered.workload as V1Job);
      if (!job.ok) {
        await rollback();
        return job;
      }
      k8sObjects.push(`Job/${names.workload}`);

      const warnings: string[] = [];
      const owner = ownedBy(job.value);
      const given = await objects.setOwner('ConfigMap', ns, names.configMap, owner);
      if (!given.ok) warnings.push(`The ConfigMap ${names.configMap} could not be tied to the Job (${given.error.message}); Metric Vault deletes it when the run ends.`);
      if (secretBody) {
        const s = await objects.setOwner('Secret', ns, names.secret, owner);
        if (!s.ok) warnings.push(`The Secret ${names.secret} could not be tied to the Job (${s.error.message}); Metric Vault deletes it when the run ends.`);
      }
      return ok({ k8sObjects, warnings });
    },

    observer(cluster, run, hooks) {
      return new JobObserver(cluster, run, hooks);
    },

    async stop(cluster, run) {
      const ns = run.namespace ?? 'default';
      const names = runObjectNames(run.id);
      const r = await cluster.objects.deleteJob(ns, names.workload);
      if (!r.ok) return fail(r.error);
      // Owned objects go with the Job; these only matter if the owner reference was never set.
      await cluster.objects.deleteConfigMap(ns, names.configMap);
      await cluster.objects.deleteSecret(ns, names.secret);
      return ok(r.value);
    },
  };
}
