// The pods whose CPU/memory a run's results show: those given explicitly, else the service
// behind the run's target URL, read with a client for the configured kubeconfig context.
import { KubePodResourceSource, podTargetForUrl } from '../../app/metrics/index';
import { KubeClient } from '../../infra/kube/kubeClient';
import type { Ctx } from '../context';
import type { ClusterService } from '../kube/clusterService';
import type { ResultsDeps } from './resultsPanels';

/** Uses the cluster session's client when one is connected; opens one for the settings otherwise. */
export function kubeRunPods(ctx: Ctx, cluster: ClusterService): ResultsDeps['pods'] {
  return async (run, explicit) => {
    let client = cluster.kube;
    if (!client) {
      const opened = KubeClient.open({ context: ctx.config.kubeContext || undefined, namespace: ctx.config.namespace });
      if (!opened.ok) return undefined;
      client = opened.value;
    }
    const target = explicit ?? (await podTargetForUrl(client, run.target));
    return target ? { source: new KubePodResourceSource(client), target } : undefined;
  };
}
