// The target pods' CPU/memory from metrics.k8s.io, with each pod's requests and limits
// summed as the scheduler sees them (aggregatePodResources). Errors become a problem the
// resource charts explain ("metrics-server not found", forbidden, unreachable).
import type { PodJson } from '../../core/kube/objects';
import { aggregatePodResources } from '../../core/kube/podResources';
import { type PodMetricsLike, usageOf } from '../../core/kube/podSummary';
import type { PodReading } from '../../core/metrics/resources';
import type { ResourceProblem } from '../../core/metrics/types';
import { fail, type KubeError, ok } from '../../core/result';
import type { PodSampleOutcome, PodResourceSource, PodTarget } from './resources';

/** The part of KubeClient this adapter uses. */
export interface PodMetricsClient {
  readonly namespace: string;
  listPods(labelSelector?: string): Promise<{ ok: true; value: { items: PodJson[] } } | { ok: false; error: KubeError }>;
  readPodMetrics(namespace?: string): Promise<{ ok: true; value: PodMetricsLike[] } | { ok: false; error: KubeError }>;
}

export function problemFromKubeError(e: KubeError): ResourceProblem {
  const message = e.nextStep ? `${e.message} ${e.nextStep}` : e.message;
  switch (e.kind) {
    case 'metrics-unavailable':
      return { kind: 'metrics-server-missing', message };
    case 'forbidden':
    case 'unauthorized':
      return { kind: 'forbidden', message };
    case 'unreachable':
    case 'no-kubeconfig':
      return { kind: 'unreachable', message };
    default:
      return { kind: 'other', message };
  }
}

export class KubePodResourceSource implements PodResourceSource {
  constructor(
    private readonly client: PodMetricsClient,
    private readonly now: () => number = Date.now,
  ) {}

  async sample(target: PodTarget): Promise<PodSampleOutcome> {
    if (target.namespace !== this.client.namespace) {
      return fail({ kind: 'other', message: `The run's pods are in namespace "${target.namespace}", but Metric Vault watches "${this.client.namespace}".` });
    }
    const [pods, metrics] = await Promise.all([this.client.listPods(target.selector || undefined), this.client.readPodMetrics(target.namespace)]);
    if (!pods.ok) return fail(problemFromKubeError(pods.error));
    if (!metrics.ok) return fail(problemFromKubeError(metrics.error));
    const names = target.podNames && target.podNames.length > 0 ? new Set(target.podNames) : undefined;
    const byName = new Map(metrics.value.map((m) => [m.metadata.name, m]));
    const ts = this.now();
    const readings: PodReading[] = [];
    for (const pod of pods.value.items) {
      const name = pod.metadata?.name;
      if (!name || (names && !names.has(name)) || pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) continue;
      const specs = aggregatePodResources(pod);
      const usage = usageOf(byName.get(name))?.total;
      readings.push({
        pod: name,
        ts,
        cpuMillicores: usage?.cpuMillicores ?? null,
        memoryMb: usage?.memoryMb ?? null,
        specs: {
          cpuRequestMillicores: specs.cpuRequestMillicores,
          cpuLimitMillicores: specs.cpuLimitMillicores,
          memoryRequestMb: specs.memoryRequestMb,
          memoryLimitMb: specs.memoryLimitMb,
        },
      });
    }
    if (readings.length === 0) {
      const which = target.podNames?.length ? target.podNames.join(', ') : target.selector ? `selector ${target.selector}` : 'the target';
      return fail({ kind: 'no-target', message: `No running pod matches ${which} in namespace "${target.namespace}".` });
    }
    return ok(readings);
  }
}
