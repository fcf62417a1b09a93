// The Template Method shared by Metric Vault's periodic workers (service discovery, the run
// monitor): every tick is fetch → diff → publish; a failing tick backs off with capped,
// jittered exponential delays; ticks never overlap; stop() cancels the pending tick and
// aborts the one in flight.
//
// Hooks for subclasses (only fetch and publish are required):
//   fetch(signal)        read the world (I/O); honour `signal` — it aborts on stop().
//   diff(prev, next)     what changed since the last published snapshot; undefined means
//                        nothing to publish (default: every snapshot is a change).
//   publish(change, next) tell the world (store, events). Runs only when diff found a change.
//   isDone(next)         true stops the worker after this tick (e.g. the run finished).
//   onError(err, n)      a tick failed for the n-th time in a row (log it, show it).
//   onRecovered()        the first good tick after failures.
// Scheduling: the next tick is planned when a tick ends — `intervalMs` after a good one,
// backoffDelay(n-1) after the n-th failure in a row. `runNow()` ticks at once (after the
// current tick, if one is running).
import { Emitter } from '../core/events';
import { backoffDelay, type BackoffPolicy, realScheduler, type Scheduler, type TimerHandle } from '../core/timing';

export interface PeriodicWorkerOptions {
  /** For logs and errors. */
  name: string;
  intervalMs: number;
  /** Defaults: first retry after 2 intervals, doubling, capped at 16 intervals (at most 10 min), half jittered. */
  backoff?: BackoffPolicy;
  scheduler?: Scheduler;
  random?: () => number;
}

export type TickOutcome =
  | { status: 'published' }
  | { status: 'unchanged' }
  | { status: 'failed'; error: unknown; consecutiveFailures: number; retryInMs: number }
  | { status: 'stopped' };

export abstract class PeriodicWorker<TSnapshot, TChange = TSnapshot> {
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private timer: TimerHandle | undefined;
  private current: Promise<TickOutcome> | undefined;
  private controller: AbortController | undefined;
  private rerun: Promise<TickOutcome> | undefined;
  /** Bumped by stop(): a follow-up tick queued before a stop must not run after it. */
  private generation = 0;
  private workerDisposed = false;
  private started = false;
  private failures = 0;
  private snapshot: TSnapshot | undefined;
  private readonly tickEmitter = new Emitter<TickOutcome>('periodic worker ticks');

  /** Fires after every tick with its outcome. */
  readonly onDidTick = this.tickEmitter.event;

  constructor(protected readonly options: PeriodicWorkerOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.random = options.random ?? Math.random;
    const i = options.intervalMs;
    this.backoff = options.backoff ?? { initialMs: 2 * i, maxMs: Math.min(16 * i, 600_000), jitter: 0.5 };
  }

  protected abstract fetch(signal: AbortSignal): Promise<TSnapshot>;
  protected abstract publish(change: TChange, next: TSnapshot): void | Promise<void>;

  protected diff(_previous: TSnapshot | undefined, next: TSnapshot): TChange | undefined {
    return next as unknown as TChange;
  }

  protected isDone(_next: TSnapshot): boolean {
    return false;
  }

  protected onError(_error: unknown, _consecutiveFailures: number): void {
    // Subclasses report failures; the base only backs off.
  }

  protected onRecovered(): void {
    // Subclasses may clear a shown error.
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** The last snapshot a tick fetched successfully. */
  get lastSnapshot(): TSnapshot | undefined {
    return this.snapshot;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Starts ticking; the first tick runs at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.generation++;
    if (!this.started) return;
    this.started = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.controller?.abort();
  }

  dispose(): void {
    this.workerDisposed = true;
    this.stop();
    this.tickEmitter.dispose();
  }

  /**
   * Ticks now. If a tick is in flight, one more tick follows it (its data may predate the
   * reason for asking); concurrent callers share that follow-up tick.
   */
  runNow(): Promise<TickOutcome> {
    if (this.workerDisposed) return Promise.resolve({ status: 'stopped' });
    if (this.current) {
      const generation = this.generation;
      this.rerun ??= this.current.then(() => {
        this.rerun = undefined;
        return generation === this.generation && !this.workerDisposed ? this.tick() : { status: 'stopped' };
      });
      return this.rerun;
    }
    return this.tick();
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    if (!this.started) return;
    this.timer = this.scheduler.after(ms, () => {
      this.timer = undefined;
      void this.tick();
    });
  }

  private tick(): Promise<TickOutcome> {
    if (this.current) return this.current;
    this.timer?.cancel();
    this.timer = undefined;
    const run = this.runTick().then((outcome) => {
      this.current = undefined;
      this.controller = undefined;
      if (this.started && !this.rerun) {
        if (outcome.status === 'failed') this.schedule(outcome.retryInMs);
        else if (outcome.status !== 'stopped') this.schedule(this.options.intervalMs);
      }
      this.tickEmitter.fire(outcome);
      return outcome;
    });
    this.current = run;
    return run;
  }

  private async runTick(): Promise<TickOutcome> {
    const controller = (this.controller = new AbortController());
    try {
      const next = await this.fetch(controller.signal);
      if (controller.signal.aborted) return { status: 'stopped' };
      const change = this.diff(this.snapshot, next);
      if (change !== undefined) await this.publish(change, next);
      this.snapshot = next;
      if (this.failures > 0) {
        this.failures = 0;
        this.onRecovered();
      }
      if (this.isDone(next)) this.stop();
      return change !== undefined ? { status: 'published' } : { status: 'unchanged' };
    } catch (error) {
      if (controller.signal.aborted) return { status: 'stopped' };
      this.failures++;
      const retryInMs = backoffDelay(this.failures - 1, this.backoff, this.random);
      this.onError(error, this.failures);
      return { status: 'failed', error, consecutiveFailures: this.failures, retryInMs };
    }
  }
}
