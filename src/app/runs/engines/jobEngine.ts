// The default engine: a ConfigMap (script and data files) and a Job — Indexed with one pod per
// execution segment when more than one generator is asked for. The ConfigMap (and the
// credentials Secret) are created first, then the Job, then handed to the Job through owner
// references so deleting the Job with propagationPolicy Background deletes them too.
import type { V1Job } from '@kubernetes/client-node';
import { JobObserver } from '../observers';
import { type ClusterEngine, stopWorkload, submitOwningWorkload, workloadAccess } from './clusterEngine';

export function jobEngine(kind: 'job' | 'indexed-job'): ClusterEngine {
  return {
    kind,
    requiredAccess(ns, withSecret) {
      return workloadAccess(ns, withSecret, { resource: 'jobs', group: 'batch' });
    },

    submit(cluster, plan, credentials) {
      return submitOwningWorkload(cluster, plan, credentials, { kind: 'Job', create: () => cluster.objects.createJob(plan.spec.namespace, plan.rendered.workload as V1Job) });
    },

    observer(cluster, run, hooks) {
      return new JobObserver(cluster, run, hooks);
    },

    stop(cluster, run) {
      return stopWorkload(cluster, run, (ns, name) => cluster.objects.deleteJob(ns, name));
    },
  };
}
