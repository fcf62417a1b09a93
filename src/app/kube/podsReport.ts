// `metric-vault pods`: a one-shot read of a namespace's pods joined with their usage.
import { formatAge, summarizePod, type PodSummary } from '../../core/kube/podSummary';
import { type Errorable, fail, ok } from '../../core/result';
import { KubeClient } from '../../infra/kube/kubeClient';

export interface PodsReport {
  context: string;
  namespace: string;
  /** False when metrics-server is absent or failing; `metricsMessage` says why. */
  metricsAvailable: boolean;
  metricsMessage?: string;
  pods: (PodSummary & { age?: string })[];
}

export async function readPodsReport(opts: { env?: NodeJS.ProcessEnv; context?: string; namespace?: string; now?: number }): Promise<Errorable<PodsReport>> {
  const opened = KubeClient.open(opts);
  if (!opened.ok) return opened;
  const client = opened.value;
  const ns = await client.verifyNamespace();
  if (!ns.ok) return ns;
  const [pods, metrics] = await Promise.all([client.listPods(), client.readPodMetrics()]);
  if (!pods.ok) return fail(pods.error);
  const byPod = new Map(metrics.ok ? metrics.value.map((m) => [m.metadata.name, m]) : []);
  const now = opts.now ?? Date.now();
  return ok({
    context: client.contextName,
    namespace: client.namespace,
    metricsAvailable: metrics.ok,
    ...(metrics.ok ? {} : { metricsMessage: metrics.error.message }),
    pods: pods.value.items.map((p) => {
      const s = summarizePod(p, byPod.get(p.metadata?.name ?? ''));
      return s.createdAt !== undefined ? { ...s, age: formatAge(now - s.createdAt) } : s;
    }),
  });
}
