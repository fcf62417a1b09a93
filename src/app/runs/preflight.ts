// Checks before anything is created: the script validates and fits a ConfigMap, the
// namespace exists, the user may do everything the engine does (SelfSubjectAccessReview),
// the k6-operator CRD is there when it is chosen, and InfluxDB answers (a warning only:
// the run still goes, its charts and summary wait for InfluxDB).
import type { AccessCheck } from '../../infra/kube/jobs';
import type { ClusterEngine } from './engines/clusterEngine';
import type { ClusterPlan } from './plan';
import type { RunCluster, RunMetrics } from './ports';

export interface PreflightReport {
  /** Any problem blocks the run. */
  problems: string[];
  warnings: string[];
  /** What to do about the problems, when one step fixes them. */
  nextStep?: string;
}

export const restrictedModeMessage = 'Metric Vault does not start load tests in Restricted Mode. Trust this workspace (Manage Workspace Trust) to run them.';

const describe = (c: AccessCheck) => `${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.group ? `.${c.group}` : ''}`;

export async function clusterPreflight(plan: ClusterPlan, engine: ClusterEngine, cluster: RunCluster, opts: { withSecret: boolean; metrics?: RunMetrics }): Promise<PreflightReport> {
  const warnings = [...plan.warnings];
  if (plan.problems.length > 0) return { problems: [...plan.problems], warnings };
  const ns = plan.spec.namespace;
  const context = cluster.contextName ? ` (context "${cluster.contextName}")` : '';

  const exists = await cluster.objects.namespaceExists(ns);
  if (!exists.ok) return { problems: [exists.error.message], warnings, nextStep: exists.error.nextStep };
  if (!exists.value) {
    return { problems: [`The namespace "${ns}" does not exist in this cluster${context}.`], warnings, nextStep: `Create it (kubectl create namespace ${ns}) or set metricVault.namespace to an existing one.` };
  }

  const problems: string[] = [];
  let nextStep: string | undefined;
  if (engine.kind === 'k6-operator') {
    const crd = await cluster.testRuns.available();
    if (!crd.ok) return { problems: [crd.error.message], warnings, nextStep: crd.error.nextStep };
    if (!crd.value) {
      problems.push(`k6-operator's TestRun resource (k6.io/v1alpha1) is not installed in this cluster${context}.`);
      nextStep = 'Install k6-operator, or set metricVault.k6.engine to "job" to run the generators as an Indexed Job.';
    }
  }

  const review = await cluster.objects.canI(engine.requiredAccess(ns, opts.withSecret));
  if (!review.ok) return { problems: [review.error.message], warnings, nextStep: review.error.nextStep };
  const denied = review.value.filter((a) => !a.allowed);
  if (denied.length > 0) {
    problems.push(`You are not allowed to ${denied.map(describe).join(', ')} in namespace "${ns}"${context}, which this run needs.`);
    nextStep ??= `Ask a cluster admin for a Role in "${ns}" that allows these verbs, bound to your user (kubectl auth can-i --list -n ${ns} shows what you have).`;
  }

  if (opts.metrics && problems.length === 0) {
    const ping = await opts.metrics.ping();
    if (!ping.ok) warnings.push(`${ping.message} The run goes ahead; live charts and the summary wait until InfluxDB answers.`);
  }
  return { problems, warnings, nextStep };
}
