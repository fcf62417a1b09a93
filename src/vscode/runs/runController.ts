// The runs area's service for this activation: the RunService wired to the extension —
// settings, the kubeconfig context, secrets from SecretStorage, the results panels (live
// metrics and summaries), one output channel per run, the status bar and notifications.
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/model';
import { describeStatus } from '../../core/runs/runState';
import { kubeconfigRunCluster } from '../../app/runs/clusterProvider';
import type { RunCredentials, RunEvents, RunMetrics, SummaryOutcome } from '../../app/runs/ports';
import { RunService } from '../../app/runs/runService';
import type { RunSettings } from '../../app/runs/runSettings';
import { thresholdsOfFile } from '../../app/runs/scriptAnalysis';
import { Disposable } from '../common/lifecycle';
import type { Ctx } from '../context';
import { type CurrentDialect, influxSecretKey } from '../results/influxAccess';
import type { ResultsPanels } from '../results/resultsPanels';
import { RunOutputs } from './runOutputs';
import { RunStatusBar } from './runStatusBar';

export const apiTokenSecretKey = (serverId?: string) => (serverId ? `metricVault.apiToken.${serverId}` : 'metricVault.apiToken');

export function runSettingsFrom(ctx: Ctx): RunSettings {
  const c = ctx.config;
  return {
    namespace: c.namespace,
    kubeContext: c.kubeContext || undefined,
    image: c.k6.image,
    cpu: c.k6.cpu,
    memory: c.k6.memory,
    parallelism: c.k6.parallelism,
    distributedEngine: c.k6.engine,
    influx: { url: c.influx.url, inClusterUrl: c.influx.inClusterUrl, database: c.influx.database },
    k6Path: c.k6.path || undefined,
    jobTtlSeconds: c.k6.jobTtlSeconds,
  };
}

export class RunController extends Disposable {
  readonly outputs = this._register(new RunOutputs());
  readonly statusBar = this._register(new RunStatusBar());
  readonly service: RunService;
  private movedAsideTold = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly dialect: CurrentDialect,
    private readonly results: ResultsPanels,
  ) {
    super();
    const events: RunEvents = {
      changed: (run) => this.changed(run),
      output: (runId, line) => this.outputs.append(runId, line),
      finished: (run, summary) => void this.finished(run, summary),
      warn: (message) => ctx.output.warn(message),
    };
    this.service = new RunService({
      store: ctx.store,
      cluster: kubeconfigRunCluster({ context: () => ctx.config.kubeContext || undefined, namespace: () => ctx.config.namespace }),
      events,
      settings: () => runSettingsFrom(ctx),
      metrics: () => this.metrics(),
      credentials: (req) => this.credentials(req.serverId),
      isTrusted: () => ctx.isTrusted,
      periodMs: () => Math.max(1, ctx.config.refreshIntervalSeconds) * 1000,
    });
    this._register({ dispose: () => this.service.dispose() });
  }

  /** Credentials for a run about to start; the API token of the script's server when one is stored. */
  private async credentials(serverId: string | undefined): Promise<RunCredentials> {
    const secrets = this.ctx.extension.secrets;
    const apiToken = (serverId ? await secrets.get(apiTokenSecretKey(serverId)) : undefined) ?? (await secrets.get(apiTokenSecretKey()));
    const influxPassword = await secrets.get(influxSecretKey);
    return { influxUsername: this.ctx.config.influx.username || undefined, influxPassword: influxPassword || undefined, apiToken: apiToken || undefined };
  }

  private metrics(): RunMetrics {
    const dialect = this.dialect;
    const panels = this.results;
    return {
      async ping() {
        const r = await dialect.ping();
        return r.ok ? { ok: true } : { ok: false, message: r.error.message };
      },
      async summarize(run): Promise<SummaryOutcome> {
        const summary = await panels.finish(run.id, { thresholds: thresholdsOfFile(run.scriptPath), exitCode: run.exitCode });
        return summary ? { ok: true, verdict: summary.verdict } : { ok: false, message: 'InfluxDB had no data for it (details in the Metric Vault log); Open Results tries again.' };
      },
    };
  }

  private changed(run: RunRecord): void {
    this.ctx.runsChanged(run.id);
    this.statusBar.update(run);
    if (run.state === 'running') {
      void this.results.track(run.id, { thresholds: thresholdsOfFile(run.scriptPath) });
    }
    this.ctx.output.info(`Run ${run.id}: ${describeStatus(run)}`);
  }

  private async finished(run: RunRecord, summary: SummaryOutcome | undefined): Promise<void> {
    this.statusBar.update(run);
    const file = run.scriptPath.split(/[\\/]/).pop();
    const verdict = summary?.ok && summary.verdict !== 'unknown' ? ` Summary: ${summary.verdict}.` : summary && !summary.ok ? ` No summary yet — ${summary.message}` : '';
    const actions = ['Open Results', ...(this.outputs.has(run.id) ? ['Show Output'] : [])];
    const passed = run.state === 'finished' && run.exitCode !== 99 && summary?.verdict !== 'failed';
    const text = `Load test ${file} ${describeStatus(run)}.${verdict}`;
    const show = passed || run.state === 'stopped' ? vscode.window.showInformationMessage : run.state === 'finished' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const choice = await show(`Metric Vault: ${text}`, ...actions);
    if (choice === 'Open Results') await vscode.commands.executeCommand('metricVault.openResults', run.id);
    if (choice === 'Show Output') this.outputs.show(run.id);
  }

  /** A run just started: its results open beside the script unless `metricVault.results.openOnRunStart` is off. */
  openResultsOnStart(runId: string): void {
    if (!this.ctx.config.results.openOnRunStart) return;
    this.results.show(runId, true).catch((err: unknown) => this.ctx.output.warn(`Run ${runId}: results did not open: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** At activation (and on Refresh): reconcile recorded active runs and labelled workloads (teammates' too). Never rejects. */
  async reattach(): Promise<void> {
    if (!this.ctx.store.stillAtPath() && !this.movedAsideTold) {
      // Another window or the CLI found the file unreadable and moved it aside: this window still has the old one open.
      this.movedAsideTold = true;
      void vscode.window.showWarningMessage(`Metric Vault: another Metric Vault process replaced the database ${this.ctx.store.file} (it could not be read). Reload this window to use the new one.`, 'Reload Window').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    }
    let report;
    try {
      report = await this.service.reattach();
    } catch (err) {
      this.ctx.output.warn(`Runs: reattaching failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const parts = [
      report.resumed.length ? `watching ${report.resumed.length} running` : '',
      report.completed.length ? `completed ${report.completed.length} that ended meanwhile` : '',
      report.adopted.length ? `found ${report.adopted.length} started elsewhere` : '',
      report.followed.length ? `following ${report.followed.length} watched by another window or the CLI` : '',
    ].filter(Boolean);
    if (parts.length) this.ctx.output.info(`Runs: ${parts.join(', ')}.`);
    if (report.error) this.ctx.output.warn(`Runs: could not look for runs in the cluster: ${report.error}`);
    if (report.resumed.length || report.adopted.length || report.completed.length) this.ctx.runsChanged();
  }
}
