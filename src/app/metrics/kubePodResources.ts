// The target pods' CPU/memory from metrics.k8s.io, with each pod's requests and limits
// summed as the scheduler sees them (aggregatePodResources). Errors become a problem the
// resource charts explain ("metrics-server not found", forbidden, unreachable).
import type { PodJson, ServiceJson } from '../../core/kube/objects';
import { aggregatePodResources } from '../../core/kube/podResources';
import { type PodMetricsLike, restartsOf, usageOf } from '../../core/kube/podSummary';
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
        ...(target.role ? { role: target.role } : {}),
        ...restartsOf(pod),
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

/** The part of KubeClient that finds a service's pods. */
export interface ServiceLookup {
  readonly namespace: string;
  listServices(): Promise<{ ok: true; value: { items: ServiceJson[] } } | { ok: false; error: KubeError }>;
}

/**
 * The pods behind an in-cluster target URL (`http://<svc>.<ns>.svc.cluster.local:<port>`,
 * `http://<svc>.<ns>.svc`, `http://<svc>:<port>`): the service's selector. Undefined for an
 * external URL or a service without a selector.
 */
export async function podTargetForUrl(client: ServiceLookup, targetUrl: string | undefined): Promise<PodTarget | undefined> {
  if (!targetUrl) return undefined;
  let host: string;
  try {
    host = new URL(targetUrl).hostname;
  } catch {
    return undefined;
  }
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?)?$/.exec(host);
  if (!m) return undefined;
  const service = m[1];
  const namespace = m[3] ?? client.namespace;
  if (namespace !== client.namespace) return undefined;
  const list = await client.listServices();
  if (!list.ok) return undefined;
  const selector = list.value.items.find((s) => s.metadata?.name === service)?.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return { namespace, selector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') };
}
