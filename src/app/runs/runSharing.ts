// How one process shares runs with the others using the same database (editor windows, the
// CLI). A local run belongs to the process whose child k6 is: the others follow it and close
// its record only once that process is gone. A cluster run is watched by the holder of its
// lease; every third of a lease the holder renews it (a lease found taken ends the watch
// here), the others re-read the runs they follow, tell their views about changes, and take
// the lease over once it has expired (its holder crashed, froze or closed).
import type { ProcessIdentity, RunRecord } from '../../core/model';
import { holderName, type OwnerState, ownerState, type ProcessFacts } from '../../core/runs/ownership';
import { isTerminal } from '../../core/runs/runState';
import type { Scheduler } from '../../core/timing';
import { currentProcess, processFacts } from '../../infra/process/processIdentity';
import type { Store } from '../../infra/store/store';
import type { RunEvents } from './ports';

export interface RunSharingDeps {
  store: Pick<Store, 'runs' | 'leases'>;
  events: RunEvents;
  scheduler: Scheduler;
  self?: ProcessIdentity;
  processFacts?: ProcessFacts;
  /** How long a lease lasts without renewal (ms, default 30 s). */
  leaseMs?: number;
}

/** What the sharing needs from the run service on each beat. */
export interface SharingHooks {
  /** Ids of the cluster runs this process watches now. */
  watchedClusterRuns(): string[];
  /** The lease of a watched run was taken by another process: stop watching it here. */
  lost(runId: string): void;
  /** This process got the lease of a followed cluster run: watch it (false when it cannot now). */
  takeOver(run: RunRecord): boolean;
}

export class RunSharing {
  readonly self: ProcessIdentity;
  private readonly holder: string;
  private readonly leaseMs: number;
  /** Active runs another process watches: the state last seen, to tell the views when it changes. */
  private readonly followed = new Map<string, string>();
  private keeper: { cancel(): void } | undefined;
  private disposed = false;

  constructor(
    private readonly deps: RunSharingDeps,
    private readonly hooks: SharingHooks,
  ) {
    this.self = deps.self ?? currentProcess();
    this.holder = holderName(this.self);
    this.leaseMs = deps.leaseMs ?? 30_000;
  }

  ownerState(run: RunRecord): OwnerState {
    return ownerState(run.owner, this.deps.processFacts ?? processFacts);
  }

  /** A local run whose process is gone: k6 went with it (or runs unwatched); the record is closed once. */
  closeOrphan(r: RunRecord): boolean {
    const reason = r.owner ? `the process that ran k6 (pid ${r.owner.pid}) ended before k6 did` : 'the editor closed while k6 ran on this machine';
    const { run: updated, ended } = this.deps.store.runs.end(r.id, { state: 'stopped', reason, finishedAt: this.deps.scheduler.now() });
    this.followed.delete(r.id);
    if (ended && updated) this.deps.events.changed(updated);
    return ended;
  }

  /** Takes (or renews) the run's lease for this process; when another holds it, the run is followed instead. */
  takeLease(run: RunRecord): boolean {
    if (this.deps.store.leases.acquire(run.id, this.holder, this.deps.scheduler.now(), this.leaseMs)) {
      this.followed.delete(run.id);
      return true;
    }
    this.follow(run);
    return false;
  }

  follow(run: RunRecord): void {
    if (!this.followed.has(run.id)) this.followed.set(run.id, run.state);
  }

  /** Gives the lease up (the run ended, or this process stops watching). */
  release(runId: string): void {
    try {
      this.deps.store.leases.release(runId, this.holder);
    } catch {
      // It expires by itself.
    }
  }

  /** Starts the beat (renew, follow, take over) if it is not running. */
  keep(): void {
    if (this.keeper || this.disposed) return;
    this.keeper = this.deps.scheduler.after(Math.max(50, Math.floor(this.leaseMs / 3)), () => {
      this.keeper = undefined;
      if (this.disposed) return;
      try {
        this.beat();
      } catch (err) {
        // SQLITE_BUSY from another process: the next beat tries again, well within the lease.
        this.deps.events.warn(`Runs: could not renew the watch of running runs in the database (${err instanceof Error ? err.message : String(err)}); trying again.`);
      }
      if (this.hooks.watchedClusterRuns().length > 0 || this.followed.size > 0) this.keep();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.keeper?.cancel();
    this.followed.clear();
  }

  private beat(): void {
    const runs = this.deps.store.runs;
    for (const id of this.hooks.watchedClusterRuns()) {
      const run = runs.get(id);
      if (run && !this.takeLease(run)) this.hooks.lost(id);
    }
    for (const [id, seen] of [...this.followed]) {
      const run = runs.get(id);
      if (!run || isTerminal(run.state)) {
        this.followed.delete(id);
        if (run) this.deps.events.changed(run);
        continue;
      }
      if (run.state !== seen) {
        this.followed.set(id, run.state);
        this.deps.events.changed(run);
      }
      if (run.engine === 'local') {
        if (this.ownerState(run) === 'gone') this.closeOrphan(run);
      } else if (this.takeLease(run) && !this.hooks.takeOver(run)) {
        this.release(run.id);
        this.follow(run);
      }
    }
  }
}
