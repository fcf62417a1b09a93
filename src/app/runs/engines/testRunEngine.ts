// Distributed runs through k6-operator: the ConfigMap, then a TestRun that owns it. The
// operator creates the runner Jobs, starts them together, and removes everything after
// the test (`cleanup: post`) — the ConfigMap goes with the TestRun.
import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import { ownedBy, renderCredentialsSecret } from '../../../core/manifests/render';
import { runObjectNames } from '../../../core/manifests/runId';
import type { TestRunManifest } from '../../../core/manifests/testRun';
import { type Errorable, fail, ok } from '../../../core/result';
import { TestRunObserver } from '../observers';
import { type ClusterEngine, type Submitted, workloadAccess } from './clusterEngine';

export const testRunEngine: ClusterEngine = {
  kind: 'k6-operator',
  requiredAccess(ns, withSecret) {
    return workloadAccess(ns, withSecret, { resource: 'testruns', group: 'k6.io' });
  },

  async submit(cluster, plan, credentials): Promise<Errorable<Submitted>> {
    const ns = plan.spec.namespace;
    const names = runObjectNames(plan.runId);
    const cm = await cluster.objects.createConfigMap(ns, plan.rendered.configMap as V1ConfigMap);
    if (!cm.ok) return cm;
    const k8sObjects = [`ConfigMap/${names.configMap}`];
    const secretBody = renderCredentialsSecret(plan.runId, ns, credentials);
    if (secretBody) {
      const s = await cluster.objects.createSecret(ns, secretBody as V1Secret);
      if (!s.ok) {
        await cluster.objects.deleteConfigMap(ns, names.configMap);
        return s;
      }
      k8sObjects.push(`Secret/${names.secret}`);
    }
    const tr = await cluster.testRuns.create(ns, plan.rendered.workload as TestRunManifest);
    if (!tr.ok) {
      await cluster.objects.deleteConfigMap(ns, names.configMap);
      if (secretBody) await cluster.objects.deleteSecret(ns, names.secret);
      return tr;
    }
    k8sObjects.push(`TestRun/${names.workload}`);
    const warnings: string[] = [];
    const owner = ownedBy(tr.value);
    const given = await cluster.objects.setOwner('ConfigMap', ns, names.configMap, owner);
    if (!given.ok) warnings.push(`The ConfigMap ${names.configMap} could not be tied to the TestRun (${given.error.message}); Metric Vault deletes it when the run ends.`);
    if (secretBody) {
      const s = await cluster.objects.setOwner('Secret', ns, names.secret, owner);
      if (!s.ok) warnings.push(`The Secret ${names.secret} could not be tied to the TestRun (${s.error.message}).`);
    }
    return ok({ k8sObjects, warnings });
  },

  observer(cluster, run, hooks) {
    return new TestRunObserver(cluster, run, hooks);
  },

  async stop(cluster, run) {
    const ns = run.namespace ?? 'default';
    const names = runObjectNames(run.id);
    const r = await cluster.testRuns.delete(ns, names.workload);
    if (!r.ok) return fail(r.error);
    await cluster.objects.deleteConfigMap(ns, names.configMap);
    await cluster.objects.deleteSecret(ns, names.secret);
    return ok(r.value);
  },
};
