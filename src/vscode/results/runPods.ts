// The pods whose CPU/memory a run's results show: those given explicitly, else the service
// behind the run's target URL, read with a client for the configured kubeconfig context.
import { KubePodResourceSource, podTargetForUrl } from '../../app/metrics/index';
import { KubeClient } from '../../infra/kube/kubeClient';
import type { Ctx } from '../context';
import type { ResultsDeps } from './resultsPanels';

export function kubeRunPods(ctx: Ctx): ResultsDeps['pods'] {
  return async (run, explicit) => {
    const opened = KubeClient.open({ context: ctx.config.kubeContext || undefined, namespace: ctx.config.namespace });
    if (!opened.ok) return undefined;
    const client = opened.value;
    const target = explicit ?? (await podTargetForUrl(client, run.target));
    return target ? { source: new KubePodResourceSource(client), target } : undefined;
  };
}
