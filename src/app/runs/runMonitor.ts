// Watches one run until it ends: a PeriodicWorker (fetch → diff → publish, backing off on
// errors). Watch events and k6's exit call runNow(); the interval is the safety net when a
// watch is silently gone. At the end it completes the run: deletes what a hopeless run left
// behind, stores the summary, and reports the outcome.
import type { RunRecord } from '../../core/model';
import { advance, isTerminal, type RunStatus, stoppedReason } from '../../core/runs/runState';
import type { KubeError } from '../../core/result';
import type { BackoffPolicy, Scheduler } from '../../core/timing';
import type { RunUpdate } from '../../infra/store/runsRepository';
import { PeriodicWorker } from '../periodicWorker';
import type { RunObserver } from './observers';
import type { RunEvents, RunMetrics, SummaryOutcome } from './ports';

export interface RunRecords {
  get(id: string): RunRecord | undefined;
  update(id: string, change: RunUpdate): RunRecord | undefined;
}

export interface RunMonitorOptions {
  runs: RunRecords;
  events: RunEvents;
  metrics?: RunMetrics;
  /** Safety-net period between looks (the refresh interval). */
  periodMs: number;
  backoff?: BackoffPolicy;
  scheduler?: Scheduler;
}

export const goneReason = 'its Kubernetes objects were deleted outside Metric Vault (or expired a day after it ended); the outcome comes from InfluxDB';

/** A look at the cluster failed: carries the KubeError for the message. */
class LookFailed extends Error {
  constructor(readonly error: KubeError) {
    super(error.message);
  }
}

export class RunMonitor extends PeriodicWorker<RunStatus, RunStatus> {
  private status: RunStatus;
  private stopRequested = false;
  private disposed = false;
  private lastError: string | undefined;
  private resolveDone!: (run: RunRecord | undefined) => void;
  /** Resolves with the final record once the run has ended and been completed (undefined if its record was deleted). */
  readonly done = new Promise<RunRecord | undefined>((r) => (this.resolveDone = r));
  private resolveFirstLook!: () => void;
  /** Resolves after the first look at the run, whatever it found. */
  readonly firstLook = new Promise<void>((r) => (this.resolveFirstLook = r));

  constructor(
    readonly runId: string,
    private readonly observer: RunObserver,
    private readonly opts: RunMonitorOptions,
  ) {
    super({ name: `run ${runId}`, intervalMs: opts.periodMs, backoff: opts.backoff ?? { initialMs: 1000, maxMs: 30_000, jitter: 0.5 }, scheduler: opts.scheduler });
    const r = opts.runs.get(runId);
    this.status = r ? { state: r.state, reason: r.reason || undefined, exitCode: r.exitCode, startedAt: r.startedAt, finishedAt: r.finishedAt } : { state: 'queued' };
    this.onDidTick(() => this.resolveFirstLook());
  }

  get runStatus(): RunStatus {
    return this.status;
  }

  /** Look again now (a watch saw a change, k6 exited). */
  kick(): void {
    if (this.isRunning) void this.runNow();
  }

  /** The user stopped the run: when its objects are gone, it is `stopped`, not lost. */
  stopping(): void {
    this.stopRequested = true;
    this.kick();
  }

  /** Stops watching without touching the run (the editor is closing; reattach resumes later). */
  override dispose(): void {
    this.disposed = true;
    super.dispose();
    this.observer.dispose();
    this.resolveFirstLook();
  }

  protected async fetch(): Promise<RunStatus> {
    // A look queued by runNow() before dispose() still runs: it must not touch the run.
    if (this.disposed) return this.status;
    const r = await this.observer.observe();
    if (this.disposed) return this.status;
    if (!r.ok) throw new LookFailed(r.error);
    if ('gone' in r.value) {
      const finishedAt = Date.now();
      return this.stopRequested ? { state: 'stopped', reason: stoppedReason, finishedAt } : { state: 'stopped', reason: goneReason, finishedAt };
    }
    return r.value.status;
  }

  protected override diff(_prev: RunStatus | undefined, observed: RunStatus): RunStatus | undefined {
    const next = advance(this.status, observed);
    return differs(this.status, next) ? next : undefined;
  }

  protected async publish(next: RunStatus): Promise<void> {
    this.status = next;
    const terminal = isTerminal(next.state);
    const updated = this.opts.runs.update(this.runId, {
      state: next.state,
      reason: next.reason ?? '',
      exitCode: next.exitCode,
      startedAt: next.startedAt,
      finishedAt: next.finishedAt ?? (terminal ? Date.now() : undefined),
    });
    if (updated) this.opts.events.changed(updated);
    if (terminal) await this.complete(next);
  }

  protected override isDone(): boolean {
    return isTerminal(this.status.state);
  }

  protected override onError(error: unknown): void {
    const message = error instanceof LookFailed ? `${error.error.message}${error.error.nextStep ? ` ${error.error.nextStep}` : ''}` : String(error);
    if (message === this.lastError) return;
    this.lastError = message;
    this.opts.events.warn(`Run ${this.runId}: ${message} Watching resumes by itself.`);
  }

  protected override onRecovered(): void {
    if (this.lastError) this.opts.events.warn(`Run ${this.runId}: back in contact with the cluster.`);
    this.lastError = undefined;
  }

  private async complete(final: RunStatus): Promise<void> {
    if (final.abandon) await this.observer.abandon();
    await this.observer.settle?.();
    this.observer.dispose();
    const run = this.opts.runs.get(this.runId);
    let summary: SummaryOutcome | undefined;
    if (run && this.opts.metrics && run.startedAt !== undefined) summary = await this.opts.metrics.summarize(run);
    if (run) this.opts.events.finished(run, summary);
    this.resolveFirstLook();
    this.resolveDone(run);
  }
}

function differs(a: RunStatus, b: RunStatus): boolean {
  return a.state !== b.state || a.reason !== b.reason || a.exitCode !== b.exitCode || a.startedAt !== b.startedAt || a.finishedAt !== b.finishedAt;
}
