// The run use cases: start in the cluster or locally (pre-flight → submit → record →
// monitor → summary → report), stop, reattach at activation, run again. One instance per
// extension activation (or CLI invocation); its monitors end with it, the runs do not —
// the next activation reattaches to them.
// Several processes share one database (editor windows, the CLI). A local run belongs to the
// process whose child k6 is (pid + start + host on its record); others leave it alone until
// that process is gone. A cluster run is watched by one process at a time, the holder of its
// lease (renewed every third of its lifetime); the others follow its record in the database
// and take the lease over once it expires. A run's end is recorded once (RunsRepository.end).
import * as path from 'node:path';
import type { ProcessIdentity, RunRecord } from '../../core/model';
import type { ProcessFacts } from '../../core/runs/ownership';
import { isTerminal, stoppedReason } from '../../core/runs/runState';
import type { Scheduler } from '../../core/timing';
import { realScheduler } from '../../core/timing';
import { type LocalK6Process, startLocalK6 } from '../../infra/k6/localK6';
import type { Store } from '../../infra/store/store';
import type { ClusterEngine } from './engines/clusterEngine';
import { jobEngine } from './engines/jobEngine';
import { testRunEngine } from './engines/testRunEngine';
import { LocalObserver, type RunObserver } from './observers';
import { analyzeScriptFile, freshRunId, planClusterRun, type RunRequest } from './plan';
import type { RunCluster, RunClusterProvider, RunCredentials, RunEvents, RunMetrics } from './ports';
import { clusterPreflight, restrictedModeMessage } from './preflight';
import { adoptWorkloads } from './reattach';
import { RunMonitor } from './runMonitor';
import { RunSharing } from './runSharing';
import { sweepLeftovers } from './sweep';
import type { RunSettings } from './runSettings';
import { defaultScriptAnalyzer, type ScriptAnalyzer } from './scriptAnalysis';
import { headCommitOf } from '../../infra/git/headCommit';

/** The commit the script's checkout is at, as a RunRecord field (absent outside a git repository). */
const gitCommitOf = (scriptFile: string): { gitCommit?: string } => {
  const commit = headCommitOf(path.dirname(path.resolve(scriptFile)));
  return commit ? { gitCommit: commit } : {};
};

export type StartResult =
  | { ok: true; run: RunRecord; warnings: string[] }
  | { ok: false; stage: 'restricted' | 'preflight' | 'cluster' | 'submit' | 'k6-missing'; problems: string[]; warnings: string[]; nextStep?: string };

export interface ReattachReport {
  /** Runs watched again (still going). */
  resumed: string[];
  /** Runs found ended; their summaries were completed. */
  completed: string[];
  /** Runs started elsewhere (teammates, the CLI) found by their labels and added to the history. */
  adopted: string[];
  /** Runs another live process watches (its local k6, or a cluster run whose lease it holds): followed through the database. */
  followed: string[];
  /** Leftovers of submissions that crashed half-way, removed from the cluster (`Kind/name`). */
  swept: string[];
  /** Why the cluster could not be asked, when it could not. */
  error?: string;
}

export interface RunServiceDeps {
  store: Pick<Store, 'runs' | 'leases'>;
  cluster: RunClusterProvider;
  events: RunEvents;
  settings: () => RunSettings;
  metrics?: () => RunMetrics | undefined;
  /** Credentials for a run (SecretStorage in the extension, the environment in the CLI). */
  credentials?: (req: RunRequest) => Promise<RunCredentials>;
  analyzer?: ScriptAnalyzer;
  isTrusted?: () => boolean;
  /** Safety-net period of the monitors (ms). */
  periodMs?: () => number;
  scheduler?: Scheduler;
  /** Where `k6` is searched for local runs (PATH). */
  env?: NodeJS.ProcessEnv;
  /** This process, as recorded on the local runs it starts (tests play other processes). */
  self?: ProcessIdentity;
  processFacts?: ProcessFacts;
  /** How long a cluster run's lease lasts without renewal (ms, default 30 s). */
  leaseMs?: number;
  /** How old an unowned run ConfigMap must be to count as left behind (ms, default 10 min). */
  leftoverAgeMs?: number;
}

export function clusterEngineFor(kind: RunRecord['engine']): ClusterEngine | undefined {
  if (kind === 'job' || kind === 'indexed-job') return jobEngine(kind);
  if (kind === 'k6-operator') return testRunEngine;
  return undefined;
}

export class RunService {
  private readonly monitors = new Map<string, RunMonitor>();
  private readonly locals = new Map<string, LocalObserver>();
  private readonly scheduler: Scheduler;
  private disposed = false;
  private readonly sharing: RunSharing;
  /** Namespaces swept for leftovers by this instance (once each). */
  private readonly swept = new Set<string>();

  constructor(private readonly deps: RunServiceDeps) {
    this.scheduler = deps.scheduler ?? realScheduler;
    this.sharing = new RunSharing(
      { store: deps.store, events: deps.events, scheduler: this.scheduler, self: deps.self, processFacts: deps.processFacts, leaseMs: deps.leaseMs },
      {
        watchedClusterRuns: () => [...this.monitors.keys()].filter((id) => !this.locals.has(id)),
        lost: (id) => {
          this.monitors.get(id)?.dispose();
          this.monitors.delete(id);
          const run = deps.store.runs.get(id);
          if (run) this.sharing.follow(run);
        },
        takeOver: (run) => {
          const cluster = deps.cluster();
          if (!cluster.ok) return false;
          this.watch(run, cluster.value, clusterEngineFor(run.engine)!);
          return true;
        },
      },
    );
  }

  /** The monitor of a run being watched by this instance. */
  monitorOf(runId: string): RunMonitor | undefined {
    return this.monitors.get(runId);
  }

  /** Resolves when the run has ended and been completed here (at once when it already had). */
  async whenDone(runId: string): Promise<RunRecord | undefined> {
    const monitor = this.monitors.get(runId);
    return monitor ? monitor.done : this.deps.store.runs.get(runId);
  }

  /**
   * Like whenDone, and says when the run ended but its end could not be written to the store
   * (the database stayed locked or unwritable): `unrecorded` is why, for the user.
   */
  async endOf(runId: string): Promise<{ run: RunRecord | undefined; unrecorded?: string }> {
    const monitor = this.monitors.get(runId);
    if (!monitor) return { run: this.deps.store.runs.get(runId) };
    const run = await monitor.done;
    return { run, unrecorded: monitor.unrecorded };
  }

  get activeRunIds(): string[] {
    return [...this.monitors.keys()];
  }

  async startInCluster(req: RunRequest): Promise<StartResult> {
    if (this.deps.isTrusted && !this.deps.isTrusted()) return { ok: false, stage: 'restricted', problems: [restrictedModeMessage], warnings: [] };
    const settings = this.deps.settings();
    const plan = planClusterRun(req, settings, this.deps.analyzer ?? defaultScriptAnalyzer);
    if (plan.problems.length > 0) return { ok: false, stage: 'preflight', problems: plan.problems, warnings: plan.warnings };
    const cluster = this.deps.cluster();
    if (!cluster.ok) return { ok: false, stage: 'cluster', problems: [cluster.error.message], warnings: plan.warnings, nextStep: cluster.error.nextStep };
    const engine = clusterEngineFor(plan.engine)!;
    const credentials = (await this.deps.credentials?.(req)) ?? {};
    const withSecret = Boolean(credentials.influxPassword || credentials.influxUsername || credentials.apiToken);
    const metrics = this.deps.metrics?.();
    const report = await clusterPreflight(plan, engine, cluster.value, { withSecret, metrics });
    if (report.problems.length > 0) return { ok: false, stage: 'preflight', problems: report.problems, warnings: report.warnings, nextStep: report.nextStep };

    const submitted = await engine.submit(cluster.value, plan, credentials);
    if (!submitted.ok) {
      const e = submitted.error;
      const clash = e.kind === 'conflict' ? ` An object with this run's name already exists in "${plan.spec.namespace}"; nothing of this run was left behind. Start the run again (it gets a new id).` : '';
      return { ok: false, stage: 'submit', problems: [`${e.message}${clash}`], warnings: report.warnings, nextStep: e.nextStep };
    }
    const now = this.scheduler.now();
    const run: RunRecord = {
      id: plan.runId,
      scriptPath: path.resolve(req.scriptFile),
      engine: plan.engine,
      state: 'queued',
      target: req.target,
      namespace: plan.spec.namespace,
      k8sObjects: submitted.value.k8sObjects,
      endpoints: [...plan.spec.endpoints],
      createdAt: now,
      ...gitCommitOf(req.scriptFile),
    };
    this.deps.store.runs.insert(run);
    this.sharing.takeLease(run);
    this.deps.events.changed(run);
    for (const w of submitted.value.warnings) this.deps.events.warn(w);
    this.watch(run, cluster.value, engine);
    this.sharing.keep();
    await this.sweepOnce(cluster.value, plan.spec.namespace);
    return { ok: true, run, warnings: [...report.warnings, ...submitted.value.warnings] };
  }

  async startLocally(req: RunRequest): Promise<StartResult> {
    if (this.deps.isTrusted && !this.deps.isTrusted()) return { ok: false, stage: 'restricted', problems: [restrictedModeMessage], warnings: [] };
    const settings = this.deps.settings();
    const scriptFile = path.resolve(req.scriptFile);
    const { analysis } = analyzeScriptFile(scriptFile, this.deps.analyzer ?? defaultScriptAnalyzer);
    if (analysis.errors.length > 0) return { ok: false, stage: 'preflight', problems: analysis.errors, warnings: analysis.warnings };
    const warnings = [...analysis.warnings];
    const metrics = this.deps.metrics?.();
    if (metrics) {
      const ping = await metrics.ping();
      if (!ping.ok) warnings.push(`${ping.message} The run goes ahead; live charts and the summary wait until InfluxDB answers.`);
    }
    const credentials = (await this.deps.credentials?.(req)) ?? {};
    const runId = req.runId ?? freshRunId();
    const env: Record<string, string> = {};
    if (credentials.influxUsername) env.K6_INFLUXDB_USERNAME = credentials.influxUsername;
    if (credentials.influxPassword) env.K6_INFLUXDB_PASSWORD = credentials.influxPassword;
    if (credentials.apiToken) env.API_TOKEN = credentials.apiToken;
    if (req.target) env.BASE_URL = req.target;
    const started = startLocalK6({ scriptFile, runId, influx: { url: settings.influx.url, database: settings.influx.database }, env, k6Path: settings.k6Path }, this.deps.env ?? process.env);
    if ('error' in started) return { ok: false, stage: 'k6-missing', problems: [started.error], warnings };
    const now = this.scheduler.now();
    const run: RunRecord = {
      id: runId,
      scriptPath: scriptFile,
      engine: 'local',
      state: 'running',
      target: req.target,
      k8sObjects: [],
      endpoints: req.endpoints ?? analysis.endpoints,
      createdAt: now,
      startedAt: now,
      owner: this.sharing.self,
      ...gitCommitOf(scriptFile),
    };
    try {
      this.deps.store.runs.insert(run);
    } catch (err) {
      // Nobody could ever see or stop a run with no record: do not leave k6 running.
      started.stop();
      await started.exited;
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, stage: 'submit', problems: [`The run could not be recorded in the database (${why}), so k6 was stopped.`], warnings, nextStep: 'Check that the database file is writable and not held by another program, then start the run again.' };
    }
    this.deps.events.changed(run);
    this.watchLocal(run, started, now);
    return { ok: true, run, warnings };
  }

  /** Stops a run: deletes its workload (Background), or interrupts local k6. */
  async stop(runId: string): Promise<{ ok: true; run: RunRecord | undefined } | { ok: false; message: string; nextStep?: string }> {
    const run = this.deps.store.runs.get(runId);
    if (!run) return { ok: false, message: `No run ${runId} is recorded.` };
    if (isTerminal(run.state)) return { ok: true, run };
    const monitor = this.monitors.get(runId);
    if (run.engine === 'local') {
      const local = this.locals.get(runId);
      if (!local) {
        if (this.sharing.ownerState(run) !== 'gone') {
          const where = run.owner?.host === this.sharing.self.host ? `process ${run.owner.pid}` : `process ${run.owner?.pid ?? '?'} on ${run.owner?.host ?? 'another machine'}`;
          return { ok: false, message: `Run ${runId} is k6 running as a child of ${where} (another editor window or the CLI).`, nextStep: 'Stop it there (Ctrl+C for the CLI), or close that window.' };
        }
        // The process that ran k6 has ended: only the record is left to close.
        const { run: updated, ended } = this.deps.store.runs.end(runId, { state: 'stopped', reason: stoppedReason, finishedAt: this.scheduler.now() });
        if (updated && ended) this.deps.events.changed(updated);
        return { ok: true, run: updated };
      }
      monitor?.stopping();
      await local.stop();
      return { ok: true, run: monitor ? await monitor.done : this.deps.store.runs.get(runId) };
    }
    const cluster = this.deps.cluster();
    if (!cluster.ok) return { ok: false, message: cluster.error.message, nextStep: cluster.error.nextStep };
    const engine = clusterEngineFor(run.engine)!;
    monitor?.stopping();
    const r = await engine.stop(cluster.value, run);
    if (!r.ok) return { ok: false, message: r.error.message, nextStep: r.error.nextStep };
    if (monitor) return { ok: true, run: await monitor.done };
    // Watched by another process (it sees the objects go), or by none: record the end once.
    const { run: updated, ended } = this.deps.store.runs.end(runId, { state: 'stopped', reason: stoppedReason, finishedAt: this.scheduler.now() });
    if (updated && ended) this.deps.events.changed(updated);
    return { ok: true, run: updated };
  }

  /**
   * At activation: runs recorded as active and workloads labelled managed-by metric-vault in
   * the namespace (teammates' too) are reconciled — still going → watched again; ended while
   * the editor was closed → completed (state, summary).
   */
  async reattach(): Promise<ReattachReport> {
    const report: ReattachReport = { resumed: [], completed: [], adopted: [], followed: [], swept: [] };
    const runs = this.deps.store.runs;
    for (const r of runs.listActive().filter((x) => x.engine === 'local' && !this.locals.has(x.id))) {
      if (this.sharing.ownerState(r) !== 'gone') {
        this.sharing.follow(r);
        report.followed.push(r.id);
        continue;
      }
      if (this.sharing.closeOrphan(r)) report.completed.push(r.id);
    }
    const cluster = this.deps.cluster();
    if (!cluster.ok) {
      report.error = cluster.error.message;
      return report;
    }
    const namespaces = new Set([this.deps.settings().namespace, ...runs.listActive().map((r) => r.namespace).filter((n): n is string => Boolean(n))]);
    for (const ns of namespaces) {
      report.swept.push(...(await this.sweepOnce(cluster.value, ns)));
      const adopted = await adoptWorkloads(cluster.value, ns, runs, this.scheduler.now());
      if (!adopted.ok) {
        report.error = adopted.error.message;
        continue;
      }
      for (const run of adopted.value) {
        report.adopted.push(run.id);
        this.deps.events.changed(run);
      }
    }
    const watched = runs.listActive().filter((r) => {
      if (r.engine === 'local' || this.monitors.has(r.id)) return false;
      if (this.sharing.takeLease(r)) return true;
      report.followed.push(r.id);
      return false;
    });
    const done = await Promise.all(
      watched.map(async (run) => {
        const monitor = this.watch(run, cluster.value, clusterEngineFor(run.engine)!);
        // One look tells whether it is still going; wait no longer than that.
        await monitor.firstLook;
        const state = monitor.runStatus.state;
        const ended = state === 'finished' || state === 'failed' || state === 'stopped';
        if (ended) await monitor.done;
        return { id: run.id, ended };
      }),
    );
    for (const d of done) (d.ended ? report.completed : report.resumed).push(d.id);
    this.sharing.keep();
    return report;
  }

  /** Removes what crashed submissions left in `namespace` (first call per namespace only); never fails the caller. */
  private async sweepOnce(cluster: RunCluster, namespace: string): Promise<string[]> {
    if (this.swept.has(namespace)) return [];
    this.swept.add(namespace);
    const r = await sweepLeftovers(cluster, namespace, Date.now(), this.deps.leftoverAgeMs);
    // Not allowed to list ConfigMaps, or the cluster is away: the next start tries again.
    if (!r.ok) return [];
    if (r.value.deleted.length > 0) this.deps.events.warn(`Removed what interrupted run submissions left in "${namespace}": ${r.value.deleted.join(', ')}.`);
    return r.value.deleted;
  }

  /** The request that starts the same test again (same script, engine family, target). */
  runAgainRequest(runId: string): { request: RunRequest; local: boolean } | undefined {
    const run = this.deps.store.runs.get(runId);
    if (!run) return undefined;
    return { request: { scriptFile: run.scriptPath, target: run.target, endpoints: run.endpoints, namespace: run.namespace }, local: run.engine === 'local' };
  }

  /** Stops watching (the editor is closing). Cluster runs go on and are reattached; local k6 is interrupted. */
  dispose(): void {
    this.disposed = true;
    this.sharing.dispose();
    for (const [id, m] of this.monitors) {
      m.dispose();
      // Another window takes the run over at its next beat instead of after the lease expires.
      if (!this.locals.has(id)) this.sharing.release(id);
    }
    this.monitors.clear();
    for (const l of this.locals.values()) void l.stop();
    this.locals.clear();
  }

  private watch(run: RunRecord, cluster: RunCluster, engine: ClusterEngine): RunMonitor {
    const ref: { monitor?: RunMonitor } = {};
    const observer: RunObserver = engine.observer(cluster, run, { changed: () => ref.monitor?.kick(), output: (line) => this.deps.events.output(run.id, line) });
    ref.monitor = this.track(run.id, observer);
    return ref.monitor;
  }

  private watchLocal(run: RunRecord, process: LocalK6Process, startedAt: number): void {
    const ref: { monitor?: RunMonitor } = {};
    const observer = new LocalObserver(process, startedAt, { changed: () => ref.monitor?.kick(), output: (line) => this.deps.events.output(run.id, line) }, () => this.scheduler.now());
    this.locals.set(run.id, observer);
    ref.monitor = this.track(run.id, observer);
    void ref.monitor.done.then(() => this.locals.delete(run.id));
  }

  private track(runId: string, observer: RunObserver): RunMonitor {
    const monitor = new RunMonitor(runId, observer, {
      runs: this.deps.store.runs,
      events: this.deps.events,
      metrics: this.deps.metrics?.(),
      periodMs: this.deps.periodMs?.() ?? 5000,
      scheduler: this.deps.scheduler,
    });
    this.monitors.set(runId, monitor);
    void monitor.done.then(() => {
      if (this.monitors.get(runId) === monitor) this.monitors.delete(runId);
      this.sharing.release(runId);
    });
    if (!this.disposed) monitor.start();
    return monitor;
  }
}
