// How the monitor looks at a run, per engine (Strategy): one `observe()` returns the run's
// status now; meanwhile the observer follows k6's log and calls `changed` whenever a watch
// reports something, so the monitor looks again at once instead of waiting for its period.
import type { RunRecord } from '../../core/model';
import { runSelector } from '../../core/manifests/labels';
import { runObjectNames } from '../../core/manifests/runId';
import { deriveJobStatus } from '../../core/runs/jobStatus';
import type { PodLike, TestRunLike } from '../../core/runs/kubeShapes';
import { localExitStatus, type RunStatus } from '../../core/runs/runState';
import { deriveTestRunStatus, pastTestRunDeadline, type RunnerOutcome, runnerOutcomes } from '../../core/runs/testRunStatus';
import { type Errorable, ok } from '../../core/result';
import type { Stoppable } from '../../infra/kube/jobs';
import { testRunsPath } from '../../infra/kube/testRuns';
import type { LocalK6Process } from '../../infra/k6/localK6';
import type { RunCluster } from './ports';

/** `reason` says why the workload may be gone when not stopped from here (default: deleted outside). */
export type Observation = { status: RunStatus } | { gone: true; reason?: string };

export interface ObserverHooks {
  /** Something changed: observe again soon. */
  changed(): void;
  /** A line of k6's output. */
  output(line: string): void;
}

export interface RunObserver {
  observe(): Promise<Errorable<Observation>>;
  /** Deletes what is left of a run that cannot go on (an image that never pulls). */
  abandon(): Promise<void>;
  /** The run has ended: let what is still on its way (the end of k6's log, its summary) arrive, briefly. */
  settle?(): Promise<void>;
  dispose(): void;
}

/** How long the end of a finished run's logs may take to arrive before the streams are cut. */
const logDrainMs = 3000;

/** Follows each pod's k6 log once, from its start, prefixed by generator when there are several. */
class PodLogFollower {
  private readonly followed = new Map<string, Stoppable | 'pending' | 'done'>();
  /** Streams not ended yet, each resolving when its stream ends (or could not be opened). */
  private readonly open = new Set<Promise<void>>();
  private disposed = false;

  constructor(
    private readonly cluster: RunCluster,
    private readonly namespace: string,
    private readonly output: (line: string) => void,
    private readonly prefixOf: (pod: PodLike) => string,
  ) {}

  follow(pods: PodLike[]): void {
    if (this.disposed) return;
    for (const pod of pods) {
      const name = pod.metadata?.name;
      if (!name || this.followed.has(name)) continue;
      const k6 = pod.status?.containerStatuses?.find((s) => s.name === 'k6');
      if (!k6?.state?.running && !k6?.state?.terminated) continue;
      this.followed.set(name, 'pending');
      const prefix = this.prefixOf(pod);
      let ended!: () => void;
      const end = new Promise<void>((r) => (ended = r));
      this.open.add(end);
      void end.then(() => this.open.delete(end));
      void this.cluster.objects
        .followLog(this.namespace, name, 'k6', (line) => this.output(prefix + line), (err) => {
          // A stream cut by the network while k6 still runs is followed again on the next look.
          if (err) this.followed.delete(name);
          else this.followed.set(name, 'done');
          ended();
        })
        .then((r) => {
          if (!r.ok) {
            this.followed.delete(name);
            ended();
          } else if (this.followed.get(name) === 'pending') this.followed.set(name, r.value);
          // Disposed while the stream was opening: nobody reads it, and an open stream would keep
          // the process (the CLI without --wait) alive until the container ends.
          else if (this.disposed) r.value.stop();
        });
    }
  }

  /** Waits (at most `ms`) for the open streams to end by themselves — a stopped container's log ends once all of it was sent. */
  async drain(ms: number): Promise<void> {
    if (this.open.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(this.open), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const f of this.followed.values()) if (typeof f === 'object') f.stop();
    this.followed.clear();
  }
}

/** Two watches (the workload and its pods) that kick the monitor; re-opened after they end. */
class ChangeWatches {
  private open: Stoppable[] = [];
  private starting = false;
  private disposed = false;

  constructor(
    private readonly cluster: RunCluster,
    /** `seen` gets every object an event carries (a DELETED event carries its last state). */
    private readonly paths: { path: string; selector: string; seen?: (obj: unknown) => void }[],
    private readonly changed: () => void,
  ) {}

  async ensure(): Promise<void> {
    if (this.open.length > 0 || this.starting || this.disposed) return;
    this.starting = true;
    const opened: Stoppable[] = [];
    for (const { path, selector, seen } of this.paths) {
      const onEvent = (type: string, obj: unknown) => {
        if (type === 'BOOKMARK') return;
        seen?.(obj);
        this.changed();
      };
      const w = await this.cluster.objects.watch(path, selector, onEvent, () => this.ended());
      if (w.ok) opened.push(w.value);
    }
    this.starting = false;
    if (this.disposed) opened.forEach((w) => w.stop());
    else this.open = opened;
  }

  private ended(): void {
    for (const w of this.open) w.stop();
    this.open = [];
    if (!this.disposed) this.changed();
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.open) w.stop();
    this.open = [];
  }
}

export class JobObserver implements RunObserver {
  private readonly logs: PodLogFollower;
  private readonly watches: ChangeWatches;
  private readonly namespace: string;

  constructor(
    private readonly cluster: RunCluster,
    private readonly run: Pick<RunRecord, 'id' | 'namespace'>,
    hooks: ObserverHooks,
    private readonly jobName = runObjectNames(run.id).workload,
  ) {
    this.namespace = run.namespace ?? 'default';
    const indexed = (p: PodLike) => p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'];
    this.logs = new PodLogFollower(cluster, this.namespace, hooks.output, (p) => (indexed(p) !== undefined ? `[generator ${indexed(p)}] ` : ''));
    const selector = runSelector(run.id);
    this.watches = new ChangeWatches(cluster, [
      { path: `/apis/batch/v1/namespaces/${this.namespace}/jobs`, selector },
      { path: `/api/v1/namespaces/${this.namespace}/pods`, selector },
    ], hooks.changed);
  }

  async observe(): Promise<Errorable<Observation>> {
    await this.watches.ensure();
    const job = await this.cluster.objects.getJob(this.namespace, this.jobName);
    if (!job.ok) return job;
    if (!job.value) return ok({ gone: true });
    const pods = await this.cluster.objects.listPods(this.namespace, runSelector(this.run.id));
    if (!pods.ok) return pods;
    this.logs.follow(pods.value);
    return ok({ status: deriveJobStatus(job.value, pods.value) });
  }

  async abandon(): Promise<void> {
    await this.cluster.objects.deleteJob(this.namespace, this.jobName);
  }

  settle(): Promise<void> {
    return this.logs.drain(logDrainMs);
  }

  dispose(): void {
    this.watches.dispose();
    this.logs.dispose();
  }
}

/** Gone without a finish seen here: most often it ended while no editor watched, and the operator cleaned up. */
export const testRunGoneReason =
  'its TestRun is gone — k6-operator deletes it once the test is over (cleanup: post), or it was deleted outside Metric Vault; the outcome comes from InfluxDB';

export class TestRunObserver implements RunObserver {
  private readonly logs: PodLogFollower;
  private readonly watches: ChangeWatches;
  private readonly namespace: string;
  private readonly name: string;
  private seen: RunnerOutcome[] = [];
  /** The operator said `finished`: a TestRun gone after that was removed by `cleanup: post`, not stopped. */
  private finishedSeen = false;

  constructor(
    private readonly cluster: RunCluster,
    run: Pick<RunRecord, 'id' | 'namespace'>,
    hooks: ObserverHooks,
  ) {
    this.namespace = run.namespace ?? 'default';
    this.name = runObjectNames(run.id).workload;
    // Lines are prefixed with the pod's Job: `[<name>-2]` for the second runner.
    this.logs = new PodLogFollower(cluster, this.namespace, hooks.output, (p) => `[${p.metadata?.name?.replace(/-[a-z0-9]{5}$/, '')}] `);
    this.watches = new ChangeWatches(cluster, [
      { path: testRunsPath(this.namespace), selector: runSelector(run.id), seen: (tr) => this.noteStage(tr as TestRunLike) },
      // A runner's exit code is taken from the watch too: `cleanup: post` may delete its pod
      // (and the TestRun) before the next look, and the verdict depends on every runner's code.
      { path: `/api/v1/namespaces/${this.namespace}/pods`, selector: `k6_cr=${this.name}`, seen: (pod) => this.remember([pod as PodLike]) },
    ], hooks.changed);
  }

  async observe(): Promise<Errorable<Observation>> {
    await this.watches.ensure();
    const tr = await this.cluster.testRuns.get(this.namespace, this.name);
    if (!tr.ok) return tr;
    const pods = await this.cluster.objects.listPods(this.namespace, `k6_cr=${this.name}`);
    if (!pods.ok) return pods;
    this.remember(pods.value);
    this.logs.follow(pods.value.filter((p) => p.metadata?.labels?.runner === 'true' || this.failedInitializer(p)));
    if (!tr.value) {
      // `cleanup: post` deletes the TestRun once the operator has said `finished`: then the
      // runners' exit codes are the verdict. Gone before that, it was deleted (a stop, or by
      // hand) — and its runners, killed by the garbage collector, say nothing about the test.
      if (this.finishedSeen) return ok({ status: deriveTestRunStatus({ status: { stage: 'finished' } }, [], this.seen) });
      return ok({ gone: true, reason: testRunGoneReason });
    }
    this.noteStage(tr.value);
    const status = deriveTestRunStatus(tr.value, pods.value, this.seen);
    return ok({ status: pastTestRunDeadline(tr.value, status, Date.now()) ?? status });
  }

  /**
   * The operator's initializer pod (of Job `<name>-initializer`) once k6 failed in it: its output
   * says why the script cannot run, and no runner will ever start to say it.
   */
  private failedInitializer(p: PodLike): boolean {
    if (p.metadata?.labels?.['job-name'] !== `${this.name}-initializer`) return false;
    const exitCode = p.status?.containerStatuses?.find((s) => s.name === 'k6')?.state?.terminated?.exitCode;
    return exitCode !== undefined && exitCode !== 0;
  }

  private noteStage(tr: TestRunLike): void {
    if (tr.status?.stage === 'finished') this.finishedSeen = true;
  }

  private remember(pods: PodLike[]): void {
    for (const o of runnerOutcomes(pods.filter((p) => p.metadata?.labels?.runner === 'true'))) {
      if (!this.seen.some((s) => s.pod === o.pod)) this.seen.push(o);
    }
  }

  async abandon(): Promise<void> {
    await this.cluster.testRuns.delete(this.namespace, this.name);
  }

  settle(): Promise<void> {
    return this.logs.drain(logDrainMs);
  }

  dispose(): void {
    this.watches.dispose();
    this.logs.dispose();
  }
}

/** A k6 process on this machine: running until it exits. */
export class LocalObserver implements RunObserver {
  private readonly sub: { dispose(): void };
  private exit: Parameters<typeof localExitStatus>[0] | undefined;
  private exitedAt: number | undefined;

  constructor(
    private readonly process: LocalK6Process,
    private readonly startedAt: number,
    hooks: ObserverHooks,
    now: () => number = Date.now,
  ) {
    this.sub = process.onLine((line) => hooks.output(line));
    void process.exited.then((e) => {
      this.exit = e;
      this.exitedAt = now();
      hooks.changed();
    });
  }

  async observe(): Promise<Errorable<Observation>> {
    if (this.exit) return ok({ status: { ...localExitStatus(this.exit, this.exitedAt ?? Date.now()), startedAt: this.startedAt } });
    return ok({ status: { state: 'running', startedAt: this.startedAt } });
  }

  async abandon(): Promise<void> {
    this.process.stop();
  }

  /** Stops k6 (like Ctrl+C) and resolves when it has exited. */
  async stop(): Promise<void> {
    this.process.stop();
    await this.process.exited;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
