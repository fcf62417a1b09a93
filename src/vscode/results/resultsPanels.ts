// The results of every run the user looks at or that is running: one model per run, its
// panel when open, and for running runs a live session ticking on the refresh interval
// (per-run disposal scope). When a run ends its summary is computed by InfluxDB over the
// whole run and stored; a finished run's panel is rebuilt from SQLite and InfluxDB alone.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  analysisSourcesFor,
  baselineComparisonFor,
  type BaselineComparison,
  createLiveMetricsSession,
  finishedRunSeries,
  type LiveMetricsSession,
  type MetricsDialect,
  type PodResourceSource,
  type PodTarget,
  rangeAroundRun,
  RunResults,
  type RunSummary,
  saveSummary,
  storedSummary,
  summarizeRun,
  type ThresholdSpec,
  toResourceMessage,
} from '../../app/metrics/index';
import { runSelector } from '../../core/manifests/labels';
import { activeRunStates, type RunRecord } from '../../core/model';
import type { Explanation, HostMessage, PanelState, WebviewMessage } from '../../core/panelProtocol';
import { exportRunFile } from './resultsExport';
import { Disposable } from '../common/lifecycle';
import type { Ctx } from '../context';
import { type PanelHost, ResultsPanel } from './resultsPanel';

export interface TrackOptions {
  /** The pods whose CPU/memory to sample; by default the service behind the run's target URL. */
  pods?: PodTarget;
  /** The script's thresholds, judged in the summary. */
  thresholds?: ThresholdSpec;
}

export interface FinishOptions {
  thresholds?: ThresholdSpec;
  /** k6's exit code, when known (99: thresholds failed). */
  exitCode?: number;
}

export interface ResultsDeps {
  dialect: MetricsDialect;
  /** Pod usage source and the pods of a run's target; undefined without a cluster. */
  pods(run: RunRecord, explicit?: PodTarget): Promise<{ source: PodResourceSource; target: PodTarget } | undefined>;
}

interface Tracked {
  readonly session: LiveMetricsSession;
  timer?: ReturnType<typeof setInterval>;
  options: TrackOptions;
}

const filterKey = 'metricVault.results.filter';
/** Late k6 pushes: wait this long after a run ends before summarizing it. */
const settleMs = 3000;

const isActive = (r: RunRecord) => activeRunStates.includes(r.state);

export class ResultsPanels extends Disposable {
  private readonly panels = new Map<string, ResultsPanel>();
  private readonly models = new Map<string, RunResults>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly finishing = new Map<string, Promise<RunSummary | undefined>>();
  private readonly starting = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: Ctx,
    private readonly deps: ResultsDeps,
  ) {
    super();
    this._register(ctx.onDidChangeRuns((id) => this.runsChanged(id)));
    this._register(ctx.onDidChangeConfig(() => this.restartTimers()));
    this._register({ dispose: () => this.stopAll() });
  }

  /** Opens (or reveals) the panel of a run; `beside` keeps the editor that started it in view. */
  async show(runId: string, beside = false): Promise<void> {
    const run = this.ctx.store.runs.get(runId);
    if (!run) throw new Error(`There is no run "${runId}" in the history; it may have been deleted.`);
    const open = this.panels.get(runId);
    if (open) {
      open.reveal();
      return;
    }
    this.panels.set(runId, ResultsPanel.create(runId, this.ctx.extension.extensionUri, this.host, beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active));
    await this.load(run);
  }

  /** A panel VS Code restores after a window reload: reattach it to its run (live or finished). */
  async revive(panel: vscode.WebviewPanel, runId: string | undefined): Promise<void> {
    const run = runId ? this.ctx.store.runs.get(runId) : undefined;
    if (!run || this.panels.has(run.id)) {
      panel.dispose();
      return;
    }
    this.panels.set(run.id, ResultsPanel.revive(run.id, panel, this.ctx.extension.extensionUri, this.host));
    await this.load(run);
  }

  /** Starts live metrics for a running run (idempotent; later options add to earlier ones). */
  track(runId: string, options: TrackOptions = {}): Promise<void> {
    const existing = this.tracked.get(runId);
    if (existing) {
      existing.options = { ...existing.options, ...options };
      return Promise.resolve();
    }
    const pending = this.starting.get(runId);
    if (pending) return pending.then(() => this.track(runId, options));
    const work = this.startTracking(runId, options).finally(() => this.starting.delete(runId));
    this.starting.set(runId, work);
    return work;
  }

  private async startTracking(runId: string, options: TrackOptions): Promise<void> {
    const run = this.ctx.store.runs.get(runId);
    if (!run || !isActive(run)) return;
    const model = this.modelFor(run);
    const pods = await this.deps.pods(run, options.pods);
    const session = createLiveMetricsSession({
      dialect: this.deps.dialect,
      testid: run.id,
      start: run.startedAt ?? run.createdAt,
      resources: pods ? { source: pods.source, target: pods.target, sink: this.ctx.store.samples } : undefined,
      // The Job's k6 pods carry the run's labels: a saturated generator is a finding of its own.
      generators: pods && run.engine !== 'local' ? { source: pods.source, target: { namespace: pods.target.namespace, selector: runSelector(run.id) }, sink: this.ctx.store.samples } : undefined,
    });
    const tracked: Tracked = { session, options };
    this.tracked.set(runId, tracked);
    if (!pods) {
      this.send(runId, model.setResourceProblem({ kind: 'no-target', message: 'No pods to watch: the run targets an external server, or no Kubernetes context is set.' }));
    }
    this.startTimer(runId, tracked);
  }

  /**
   * Ends live metrics for a run and stores its summary (computed by InfluxDB over the whole
   * run, thresholds judged). Safe to call more than once.
   */
  finish(runId: string, options: FinishOptions = {}): Promise<RunSummary | undefined> {
    return this.finishOnce(runId, options, false);
  }

  /** One finish per run at a time; `auto`: the end was noticed here, not told by the run monitor. */
  private finishOnce(runId: string, options: FinishOptions, auto: boolean): Promise<RunSummary | undefined> {
    const running = this.finishing.get(runId);
    if (running) return running;
    const work = this.doFinish(runId, options, auto).finally(() => this.finishing.delete(runId));
    this.finishing.set(runId, work);
    return work;
  }

  private async doFinish(runId: string, options: FinishOptions, auto: boolean): Promise<RunSummary | undefined> {
    const run = this.ctx.store.runs.get(runId);
    if (!run) return undefined;
    const tracked = this.tracked.get(runId);
    this.stop(runId);
    const model = this.modelFor(run);
    this.send(runId, model.setRun(run));
    const since = Date.now() - (run.finishedAt ?? 0);
    if (since < settleMs) await new Promise((r) => setTimeout(r, settleMs - since));
    if (tracked) this.send(runId, model.applyTick(await tracked.session.tick(), this.refreshSeconds));
    // Noticed the end ourselves: the run monitor (which knows the script's thresholds) may
    // already have stored the summary; then that one is shown, not recomputed.
    const stored = auto ? storedSummary(this.ctx.store.summaries.get(runId)) : undefined;
    if (stored) {
      this.send(runId, model.setSummary(stored));
      return stored;
    }
    const summary = await this.summarize(run, model, { thresholds: options.thresholds ?? tracked?.options.thresholds, exitCode: options.exitCode ?? run.exitCode }, auto);
    if (summary) this.ctx.runsChanged(runId);
    return summary;
  }

  /**
   * Computes, stores and shows a run's summary. With `yieldToStored`, a summary someone else
   * stored while this one was computed wins (it was made with the script's thresholds).
   */
  private async summarize(run: RunRecord, model: RunResults, options: FinishOptions, yieldToStored = false): Promise<RunSummary | undefined> {
    const started = Date.now();
    const analysis = analysisSourcesFor(this.ctx.store, run);
    const res = await summarizeRun(this.deps.dialect, run.id, rangeAroundRun(run.startedAt ?? run.createdAt, run.finishedAt), { ...options, analysis });
    if (!res.ok) {
      this.ctx.output.warn(`Run ${run.id}: no summary: ${res.error.message}`);
      this.send(run.id, model.setBanner({ kind: 'error', message: `No summary yet: ${res.error.message}` }));
      return undefined;
    }
    const meanwhile = this.ctx.store.summaries.get(run.id);
    const summary = yieldToStored && meanwhile && meanwhile.createdAt >= started ? (storedSummary(meanwhile) ?? res.value) : res.value;
    if (summary === res.value) saveSummary(this.ctx.store.summaries, run.id, res.value);
    this.send(run.id, [...model.setSummary(summary), ...model.setBanner(undefined)]);
    return summary;
  }

  /** Fills a run's panel; what cannot be read (e.g. a corrupted SQLite) shows in the panel, not as a blank one. */
  private async load(run: RunRecord): Promise<void> {
    try {
      await this.loadModel(run);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.output.error(`Run ${run.id}: results could not be loaded: ${message}`);
      this.send(run.id, this.modelFor(run).setBanner({ kind: 'error', message: `The results could not be loaded: ${message}` }));
    }
  }

  /** Builds a run's model: live runs start ticking, finished ones load from SQLite and InfluxDB. */
  private async loadModel(run: RunRecord): Promise<void> {
    if (isActive(run)) {
      await this.track(run.id);
      const t = this.tracked.get(run.id);
      if (t) this.send(run.id, this.modelFor(run).setSnapshot(t.session.snapshot()));
      return;
    }
    if (this.models.get(run.id)?.state().series.length) return;
    const model = this.modelFor(run);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Loading results of run ${run.id}` }, async () => {
      let summary = storedSummary(this.ctx.store.summaries.get(run.id));
      if (summary) this.send(run.id, model.setSummary(summary));
      else summary = await this.summarize(run, model, { exitCode: run.exitCode }, true);
      const range = summary ? { start: Date.parse(summary.start), end: Date.parse(summary.end) + 1000 } : rangeAroundRun(run.startedAt ?? run.createdAt, run.finishedAt);
      const series = await finishedRunSeries(this.deps.dialect, run.id, range);
      const resources = this.ctx.store.samples.listForRun(run.id).map(toResourceMessage);
      this.send(
        run.id,
        model.setHistory({
          ...(series.ok ? { series: series.value.points, windowMs: series.value.windowMs } : {}),
          resources,
          resourceProblem: resources.length ? undefined : { kind: 'no-target', message: 'No pod resource samples were recorded for this run.' },
          ...(series.ok ? {} : { banner: { kind: 'error', message: `The charts could not be loaded: ${series.error.message}` } }),
        }),
      );
    });
  }

  private modelFor(run: RunRecord): RunResults {
    let m = this.models.get(run.id);
    if (!m) {
      m = new RunResults(run);
      this.models.set(run.id, m);
    }
    return m;
  }

  private get refreshSeconds(): number {
    return this.ctx.config.refreshIntervalSeconds;
  }

  private startTimer(runId: string, t: Tracked): void {
    if (t.timer) clearInterval(t.timer);
    const tick = async () => {
      const result = await t.session.tick();
      if (this.tracked.get(runId) !== t) return;
      const model = this.models.get(runId);
      if (model) this.send(runId, model.applyTick(result, this.refreshSeconds));
    };
    t.timer = setInterval(() => this.background(`Run ${runId}: live tick`, tick()), this.refreshSeconds * 1000);
    this.background(`Run ${runId}: live tick`, tick());
  }

  /** Work nobody awaits logs its failure (e.g. SQLite) instead of becoming an unhandled rejection. */
  private background(what: string, work: Promise<unknown>): void {
    work.catch((err: unknown) => this.ctx.output.warn(`${what} failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private restartTimers(): void {
    for (const [id, t] of this.tracked) this.startTimer(id, t);
  }

  private stop(runId: string): void {
    const t = this.tracked.get(runId);
    if (t?.timer) clearInterval(t.timer);
    this.tracked.delete(runId);
  }

  private stopAll(): void {
    for (const id of [...this.tracked.keys()]) this.stop(id);
    for (const p of this.panels.values()) p.panel.dispose();
  }

  private runsChanged(runId: string | undefined): void {
    const ids = runId ? [runId] : [...new Set([...this.models.keys(), ...this.tracked.keys()])];
    for (const id of ids) {
      const run = this.ctx.store.runs.get(id);
      if (!run) {
        this.stop(id);
        this.models.delete(id);
        this.panels.get(id)?.panel.dispose();
        continue;
      }
      const model = this.models.get(id);
      if (model) this.send(id, model.setRun(run));
      // A baseline set or cleared since (the Runs view's commands): compare again.
      if (model && !isActive(run)) this.send(id, [{ type: 'comparison', comparison: this.comparisonFor(run) }]);
      // A summary stored elsewhere (the run monitor) replaces the one shown.
      const stored = model && !isActive(run) ? storedSummary(this.ctx.store.summaries.get(id)) : undefined;
      if (model && stored && JSON.stringify(stored) !== JSON.stringify(model.summary)) this.send(id, model.setSummary(stored));
      if (this.tracked.has(id) && !isActive(run)) this.background(`Run ${id}: summary`, this.finishOnce(id, {}, true));
      else if (!this.tracked.has(id) && isActive(run) && this.panels.has(id)) this.background(`Run ${id}: live metrics`, this.track(id));
    }
  }

  private send(runId: string, messages: HostMessage[]): void {
    const panel = this.panels.get(runId);
    if (!panel) return;
    for (const m of messages) panel.post(m);
    // A new summary is compared with the baseline's (read from SQLite, both stored).
    if (messages.some((m) => m.type === 'summary')) {
      const run = this.ctx.store.runs.get(runId);
      if (run) panel.post({ type: 'comparison', comparison: this.comparisonFor(run) });
    }
  }

  /** The run against its baseline, when both have stored summaries; never throws. */
  private comparisonFor(run: RunRecord): BaselineComparison | undefined {
    if (isActive(run)) return undefined;
    try {
      return baselineComparisonFor(this.ctx.store, run);
    } catch (err) {
      this.ctx.output.warn(`Run ${run.id}: no baseline comparison: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private readonly host: PanelHost = {
    state: (runId): PanelState | undefined => {
      const state = this.models.get(runId)?.state();
      const run = state && this.ctx.store.runs.get(runId);
      return state && run ? { ...state, comparison: this.comparisonFor(run) } : state;
    },
    initialFilter: () => this.ctx.extension.workspaceState.get<string>(filterKey, 'all'),
    closed: (runId) => {
      this.panels.delete(runId);
      // A finished run's model is cheap to rebuild; a running one keeps ticking for its samples.
      if (!this.tracked.has(runId)) this.models.delete(runId);
    },
    log: (message) => this.ctx.output.warn(message),
    handle: (runId, message) => this.handle(runId, message),
  };

  private async handle(runId: string, message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'filter':
        await this.ctx.extension.workspaceState.update(filterKey, message.filter);
        return;
      case 'openScript':
        await this.openScript(runId);
        return;
      case 'export':
        await this.export(runId, message);
        return;
    }
  }

  private async export(runId: string, m: Extract<WebviewMessage, { type: 'export' }>): Promise<void> {
    const run = this.ctx.store.runs.get(runId);
    const comparison = run ? this.comparisonFor(run) : undefined;
    const result = await exportRunFile(runId, m, {
      model: this.models.get(runId),
      comparison,
      baselineSummary: comparison ? storedSummary(this.ctx.store.summaries.get(comparison.baselineRunId)) : undefined,
    });
    this.send(runId, [{ type: 'exported', what: m.what, ...result }]);
  }

  /** Shows (or updates) "Explain This Run"'s answer in the run's panel. */
  explain(runId: string, explanation: Explanation): void {
    const run = this.ctx.store.runs.get(runId);
    if (run) this.send(runId, this.modelFor(run).setExplanation(explanation));
  }

  private async openScript(runId: string): Promise<void> {
    const run = this.ctx.store.runs.get(runId);
    if (!run) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = path.isAbsolute(run.scriptPath) ? vscode.Uri.file(run.scriptPath) : folder ? vscode.Uri.joinPath(folder, run.scriptPath) : undefined;
    try {
      if (!uri) throw new Error('no workspace folder is open');
      await vscode.window.showTextDocument(uri, { preview: false });
    } catch (err) {
      void vscode.window.showWarningMessage(`Metric Vault: cannot open the script ${run.scriptPath} of run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
