// While `run --wait` follows a cluster run, the pods behind the run's BASE_URL and the run's
// own k6 pods are sampled from metrics.k8s.io into the store every few seconds, as the
// extension's results panel does. The run's findings (CPU near its limit, memory near its
// limit, restarts, throttled k6 pods) and its reports then see the same CPU/memory against
// requests/limits in CI as in the editor.
import { ResourceSampler, type PodTarget, type SampleSink } from '../app/metrics/resources';
import { KubePodResourceSource, podTargetForUrl } from '../app/metrics/kubePodResources';
import { runSelector } from '../core/manifests/labels';
import type { ResourceProblem } from '../core/metrics/types';
import { scriptBaseUrlDefault } from '../core/runs/loopbackTarget';
import { KubeClient } from '../infra/kube/kubeClient';

export interface RunPodSamplingOptions {
  env: NodeJS.ProcessEnv;
  context?: string;
  namespace: string;
  runId: string;
  /** The run's target URL, else the script's BASE_URL default. */
  target: string | undefined;
  scriptText: string;
  sink: SampleSink;
  periodMs: number;
  /** Told once per kind of problem (metrics-server missing, forbidden …), never per tick. */
  warn: (message: string) => void;
}

export interface RunPodSampling {
  /** Stops sampling after the tick in flight (if any) has been stored. */
  stop(): Promise<void>;
}

/** Problems expected while pods start or when the target is outside the cluster: not worth a warning. */
const quietProblems: ReadonlySet<ResourceProblem['kind']> = new Set(['no-target']);

export async function startRunPodSampling(o: RunPodSamplingOptions): Promise<RunPodSampling> {
  const opened = KubeClient.open({ env: o.env, context: o.context, namespace: o.namespace });
  if (!opened.ok) return { stop: async () => undefined };
  const client = opened.value;
  const source = new KubePodResourceSource(client);
  const target = await podTargetForUrl(client, o.target ?? scriptBaseUrlDefault(o.scriptText)).catch(() => undefined);
  const generators: PodTarget = { namespace: client.namespace, selector: runSelector(o.runId), role: 'generator' };
  const samplers = [...(target ? [new ResourceSampler(source, target, o.runId, o.sink)] : []), new ResourceSampler(source, generators, o.runId, o.sink)];
  const warned = new Set<string>();
  const tick = async () => {
    const now = Date.now();
    for (const s of samplers) {
      const { problem } = await s.sample(now);
      if (problem && !quietProblems.has(problem.kind) && !warned.has(problem.kind)) {
        warned.add(problem.kind);
        o.warn(`pod CPU/memory are not recorded for this run: ${problem.message}`);
      }
    }
  };
  // One tick at a time: a slow API server skips ticks instead of piling them up.
  let busy: Promise<void> | undefined;
  const runTick = () => {
    if (!busy) busy = tick().catch(() => undefined).finally(() => (busy = undefined));
  };
  const timer = setInterval(runTick, o.periodMs);
  runTick();
  return {
    stop: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}
