// Pod resources sampled on each live tick: usage from metrics.k8s.io against the pods'
// requests and limits, gaps filled (and marked predicted), stored in the samples table.
import type { ResourceSampleRecord } from '../../core/model';
import { type PodReading, ResourceGapFiller, toResourceMessage } from '../../core/metrics/resources';
import type { ResourceMessage, ResourceProblem } from '../../core/metrics/types';
import type { Result } from '../../core/result';

/** Which pods a run loads: by name, or by label selector (`app=petstore`). */
export interface PodTarget {
  namespace: string;
  podNames?: string[];
  selector?: string;
  /** Whose pods these are: the service under test (default) or the run's k6 pods. */
  role?: 'target' | 'generator';
}

/** The target pods' readings, or why there are none (shown on the resource charts). */
export type PodSampleOutcome = Result<PodReading[], ResourceProblem>;

/** Reads the target pods' usage and specs (the Kubernetes adapter implements it). */
export interface PodResourceSource {
  sample(target: PodTarget): Promise<PodSampleOutcome>;
}

/** Where samples are kept: `store.samples` in the extension. */
export interface SampleSink {
  add(samples: readonly ResourceSampleRecord[]): void;
}

export interface ResourceTick {
  messages: ResourceMessage[];
  problem?: ResourceProblem;
}

export class ResourceSampler {
  private readonly filler = new ResourceGapFiller();

  constructor(
    private readonly source: PodResourceSource,
    private readonly target: PodTarget,
    private readonly runId: string | undefined,
    private readonly sink?: SampleSink,
  ) {}

  async sample(now: number): Promise<ResourceTick> {
    if (!this.target.podNames?.length && !this.target.selector) {
      return { messages: [], problem: { kind: 'no-target', message: 'This run has no target pods to watch (an external server, or no pod was matched).' } };
    }
    let outcome: PodSampleOutcome;
    try {
      outcome = await this.source.sample(this.target);
    } catch (err) {
      outcome = { ok: false, error: { kind: 'other', message: err instanceof Error ? err.message : String(err) } };
    }
    if (!outcome.ok) return { messages: [], problem: outcome.error };
    const records = this.filler.fill(this.runId, outcome.value, now);
    const messages = records.map(toResourceMessage);
    if (records.length > 0 && this.sink) {
      try {
        this.sink.add(records);
      } catch (err) {
        // Still shown live; only the history (a finished run's charts) misses them.
        return { messages, problem: { kind: 'other', message: `Pod samples could not be stored: ${err instanceof Error ? err.message : String(err)}` } };
      }
    }
    return { messages };
  }
}
