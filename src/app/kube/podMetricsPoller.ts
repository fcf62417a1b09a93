// Live pod usage from metrics.k8s.io. It cannot be watched, so it is polled — at
// metrics-server's own resolution (15 s by default), only while someone looks at it, and
// backing off while metrics-server is absent or failing.
import type { PodMetricsLike } from '../../core/kube/podSummary';
import type { KubeError } from '../../core/result';
import type { Scheduler } from '../../core/timing';
import { Emitter } from '../../core/events';
import { PeriodicWorker } from '../periodicWorker';

export interface MetricsReader {
  readPodMetrics(): Promise<{ ok: true; value: PodMetricsLike[] } | { ok: false; error: KubeError }>;
}

export class MetricsReadError extends Error {
  constructor(readonly error: KubeError) {
    super(error.message);
  }
}

/** The latest usage per pod name, or why there is none. */
export interface MetricsState {
  byPod: Map<string, PodMetricsLike>;
  /** Set while metrics cannot be read; `kind: 'metrics-unavailable'` when metrics-server is absent. */
  error?: KubeError;
  /** When the last successful read happened. */
  at?: number;
}

export class PodMetricsPoller extends PeriodicWorker<Map<string, PodMetricsLike>> {
  private _state: MetricsState = { byPod: new Map() };
  private readonly stateEmitter = new Emitter<MetricsState>('pod metrics state');
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly reader: MetricsReader,
    opts: { intervalMs?: number; scheduler?: Scheduler } = {},
  ) {
    // On failure the base's backoff: 2 intervals, doubling up to 16.
    super({ name: 'pod metrics', intervalMs: opts.intervalMs ?? 15_000, scheduler: opts.scheduler });
  }

  get state(): MetricsState {
    return this._state;
  }

  protected async fetch(): Promise<Map<string, PodMetricsLike>> {
    const r = await this.reader.readPodMetrics();
    if (!r.ok) throw new MetricsReadError(r.error);
    return new Map(r.value.map((m) => [m.metadata.name, m]));
  }

  protected override diff(previous: Map<string, PodMetricsLike> | undefined, next: Map<string, PodMetricsLike>): Map<string, PodMetricsLike> | undefined {
    if (this._state.error || !previous || previous.size !== next.size) return next;
    for (const [name, m] of next) {
      const p = previous.get(name);
      if (!p || p.timestamp !== m.timestamp || JSON.stringify(p.containers) !== JSON.stringify(m.containers)) return next;
    }
    return undefined;
  }

  protected publish(_change: Map<string, PodMetricsLike>, next: Map<string, PodMetricsLike>): void {
    this._state = { byPod: next, at: Date.now() };
    this.stateEmitter.fire(this._state);
  }

  protected override onError(error: unknown): void {
    const e: KubeError = error instanceof MetricsReadError ? error.error : { kind: 'server', message: error instanceof Error ? error.message : String(error) };
    // Usage that cannot be refreshed is not shown as if it were current.
    this._state = { byPod: new Map(), error: e };
    this.stateEmitter.fire(this._state);
  }

  override dispose(): void {
    super.dispose();
    this.stateEmitter.dispose();
  }
}
