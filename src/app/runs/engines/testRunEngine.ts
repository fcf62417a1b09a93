// Distributed runs through k6-operator: the ConfigMap, then a TestRun that owns it. The
// operator creates the runner Jobs, starts them together, and removes everything after
// the test (`cleanup: post`) — the ConfigMap goes with the TestRun.
import type { TestRunManifest } from '../../../core/manifests/testRun';
import { TestRunObserver } from '../observers';
import { type ClusterEngine, stopWorkload, submitOwningWorkload, workloadAccess } from './clusterEngine';

export const testRunEngine: ClusterEngine = {
  kind: 'k6-operator',
  requiredAccess(ns, withSecret) {
    return workloadAccess(ns, withSecret, { resource: 'testruns', group: 'k6.io' });
  },

  submit(cluster, plan, credentials) {
    return submitOwningWorkload(cluster, plan, credentials, { kind: 'TestRun', create: () => cluster.testRuns.create(plan.spec.namespace, plan.rendered.workload as TestRunManifest) });
  },

  observer(cluster, run, hooks) {
    return new TestRunObserver(cluster, run, hooks);
  },

  stop(cluster, run) {
    return stopWorkload(cluster, run, (ns, name) => cluster.testRuns.delete(ns, name));
  },
};
