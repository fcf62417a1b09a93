// Watches one run until it ends: a PeriodicWorker (fetch → diff → publish, backing off on
// errors). Watch events and k6's exit call runNow(); the interval is the safety net when a
// watch is silently gone. At the end it completes the run: deletes what a hopeless run left
// behind, stores the summary, and reports the outcome.
// The in-memory status moves only after the store recorded it: a failed write (SQLITE_BUSY
// from another process, a full disk) leaves the status as it was, so the next tick — backing
// off — tries the same change again. An observed end is kept and only its recording is
// retried. Completing never throws: a failing settle or summary is a warning, and `done`
// always resolves — with `unrecorded` set when the store refused the end for good.
import type { RunRecord } from '../../core/model';
import { advance, isTerminal, type RunStatus, stoppedReason } from '../../core/runs/runState';
import type { KubeError } from '../../core/result';
import { type BackoffPolicy, realScheduler, type Scheduler } from '../../core/timing';
import type { RunUpdate } from '../../infra/store/runsRepository';
import { PeriodicWorker } from '../periodicWorker';
import type { RunObserver } from './observers';
import type { RunEvents, RunMetrics, SummaryOutcome } from './ports';

export interface RunRecords {
  get(id: string): RunRecord | undefined;
  update(id: string, change: RunUpdate): RunRecord | undefined;
  /** Records the end unless one is recorded already (another process watched the run too). */
  end(id: string, change: RunUpdate): { run: RunRecord | undefined; ended: boolean };
}

export interface RunMonitorOptions {
  runs: RunRecords;
  events: RunEvents;
  metrics?: RunMetrics;
  /** Safety-net period between looks (the refresh interval). */
  periodMs: number;
  backoff?: BackoffPolicy;
  scheduler?: Scheduler;
  /** How many times in a row recording the end may fail before the monitor gives up on the store (default 6: about half a minute with the default backoff). */
  endWriteAttempts?: number;
}

export const goneReason = 'its Kubernetes objects were deleted outside Metric Vault (or expired a day after it ended); the outcome comes from InfluxDB';

/** The store refused a change of the run: carries the status that could not be recorded. */
class RecordFailed extends Error {
  constructor(
    readonly status: RunStatus,
    readonly failure: unknown,
  ) {
    super(`the database could not record that the run is ${status.state} (${errorText(failure)})`);
  }
}

/** A look at the cluster failed: carries the KubeError for the message. */
class LookFailed extends Error {
  constructor(readonly error: KubeError) {
    super(error.message);
  }
}

export class RunMonitor extends PeriodicWorker<RunStatus, RunStatus> {
  private status: RunStatus;
  private readonly clock: Scheduler;
  private stopRequested = false;
  private disposed = false;
  private lastError: string | undefined;
  /** An end observed but not yet recorded: later ticks retry recording it instead of looking again. */
  private pendingEnd: RunStatus | undefined;
  private record: RunRecord | undefined;
  private completing = false;
  /** Set when the run ended but the store never accepted it: why, for the user. */
  unrecorded: string | undefined;
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
    const r = (this.record = opts.runs.get(runId));
    this.status = r ? { state: r.state, reason: r.reason || undefined, exitCode: r.exitCode, startedAt: r.startedAt, finishedAt: r.finishedAt } : { state: 'queued' };
    this.clock = opts.scheduler ?? realScheduler;
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
    if (this.pendingEnd) return this.pendingEnd;
    const r = await this.observer.observe();
    if (this.disposed) return this.status;
    if (!r.ok) throw new LookFailed(r.error);
    if ('gone' in r.value) {
      const finishedAt = Date.now();
      return this.stopRequested ? { state: 'stopped', reason: stoppedReason, finishedAt } : { state: 'stopped', reason: r.value.reason ?? goneReason, finishedAt };
    }
    return r.value.status;
  }

  protected override diff(_prev: RunStatus | undefined, observed: RunStatus): RunStatus | undefined {
    const next = advance(this.status, observed);
    return differs(this.status, next) ? next : undefined;
  }

  protected async publish(next: RunStatus): Promise<void> {
    const terminal = isTerminal(next.state);
    const change: RunUpdate = {
      state: next.state,
      reason: next.reason ?? '',
      exitCode: next.exitCode,
      startedAt: next.startedAt,
      finishedAt: next.finishedAt ?? (terminal ? this.clock.now() : undefined),
    };
    let updated: RunRecord | undefined;
    let endedHere = true;
    try {
      if (terminal) ({ run: updated, ended: endedHere } = this.opts.runs.end(this.runId, change));
      else updated = this.opts.runs.update(this.runId, change);
    } catch (err) {
      if (terminal) this.pendingEnd = { ...next, finishedAt: change.finishedAt };
      throw new RecordFailed(next, err);
    }
    this.pendingEnd = undefined;
    if (!endedHere) {
      // Another process recorded the end (and completes it): nothing left to do here.
      this.status = updated ? { state: updated.state, reason: updated.reason, exitCode: updated.exitCode, startedAt: updated.startedAt, finishedAt: updated.finishedAt } : next;
      this.observer.dispose();
      this.resolveFirstLook();
      this.resolveDone(updated);
      return;
    }
    this.status = next;
    if (updated) {
      this.record = updated;
      this.opts.events.changed(updated);
    }
    if (terminal) await this.complete();
  }

  protected override isDone(): boolean {
    return isTerminal(this.status.state);
  }

  protected override onError(error: unknown, failures: number): void {
    if (error instanceof RecordFailed && isTerminal(error.status.state) && failures >= (this.opts.endWriteAttempts ?? 6)) {
      this.giveUpOnStore(error);
      return;
    }
    const message =
      error instanceof LookFailed
        ? `${error.error.message}${error.error.nextStep ? ` ${error.error.nextStep}` : ''} Watching resumes by itself.`
        : error instanceof RecordFailed
          ? `${error.message}; trying again.`
          : `${errorText(error)} Watching resumes by itself.`;
    if (message === this.lastError) return;
    this.lastError = message;
    this.opts.events.warn(`Run ${this.runId}: ${message}`);
  }

  protected override onRecovered(): void {
    if (this.lastError) this.opts.events.warn(`Run ${this.runId}: ${this.lastError.startsWith('the database') ? 'recorded after all.' : 'back in contact with the cluster.'}`);
    this.lastError = undefined;
  }

  /** The store kept refusing the end: finish here anyway (the record still says what it said), and say why. */
  private giveUpOnStore(error: RecordFailed): void {
    this.unrecorded = `${error.message}. Its record still says "${this.status.state}"; the next start of Metric Vault looks at the run again.`;
    this.opts.events.warn(`Run ${this.runId}: ${this.unrecorded}`);
    this.status = error.status;
    this.pendingEnd = undefined;
    this.stop();
    void this.complete();
  }

  private async complete(): Promise<void> {
    if (this.completing) return;
    this.completing = true;
    const attempt = async (what: string, step: () => unknown) => {
      try {
        await step();
      } catch (err) {
        this.opts.events.warn(`Run ${this.runId}: ${what} failed: ${errorText(err)}`);
      }
    };
    if (this.status.abandon) await attempt('deleting what the run left behind', () => this.observer.abandon());
    await attempt('collecting the end of its output', () => this.observer.settle?.());
    await attempt('closing its watches', () => this.observer.dispose());
    const run = this.unrecorded ? this.inMemoryRecord() : this.readRecord();
    let summary: SummaryOutcome | undefined;
    if (run && this.opts.metrics && run.startedAt !== undefined) {
      try {
        summary = await this.opts.metrics.summarize(run);
      } catch (err) {
        summary = { ok: false, message: `the summary could not be computed (${errorText(err)}); Open Results tries again.` };
      }
    }
    if (run) await attempt('reporting its end', () => this.opts.events.finished(run, summary));
    this.resolveFirstLook();
    this.resolveDone(run);
  }

  private readRecord(): RunRecord | undefined {
    try {
      return this.opts.runs.get(this.runId);
    } catch {
      return this.inMemoryRecord();
    }
  }

  /** The record as this monitor knows it (the store could not be read or written). */
  private inMemoryRecord(): RunRecord | undefined {
    if (!this.record) return undefined;
    const s = this.status;
    return { ...this.record, state: s.state, reason: s.reason, exitCode: s.exitCode, startedAt: s.startedAt, finishedAt: s.finishedAt ?? this.clock.now() };
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function differs(a: RunStatus, b: RunStatus): boolean {
  return a.state !== b.state || a.reason !== b.reason || a.exitCode !== b.exitCode || a.startedAt !== b.startedAt || a.finishedAt !== b.finishedAt;
}
