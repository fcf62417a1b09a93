// The live state of load tests in the status bar: the running run (or how many), its state
// and elapsed time; after the last one ends, its outcome until another starts (so the end
// notification's Open Results stays one click away after the toast is gone). Clicking opens
// the run's results (one run) or the Runs view (several).
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/model';
import { isTerminal } from '../../core/runs/runState';
import { Disposable } from '../common/lifecycle';

function elapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export class RunStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('metricVault.runs.status', vscode.StatusBarAlignment.Left, 50));
  private readonly active = new Map<string, RunRecord>();
  private last: RunRecord | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.item.name = 'Metric Vault: load tests';
    this._register({ dispose: () => clearInterval(this.timer) });
  }

  update(run: RunRecord): void {
    if (isTerminal(run.state)) {
      this.active.delete(run.id);
      this.last = run;
    } else this.active.set(run.id, run);
    this.render();
  }

  forget(runId: string): void {
    this.active.delete(runId);
    if (this.last?.id === runId) this.last = undefined;
    this.render();
  }

  private render(): void {
    const runs = [...this.active.values()];
    if (runs.length > 0) {
      this.timer ??= setInterval(() => this.render(), 1000);
      if (runs.length === 1) {
        const r = runs[0];
        const file = r.scriptPath.split(/[\\/]/).pop();
        const since = r.startedAt ? ` ${elapsed(Date.now() - r.startedAt)}` : '';
        this.item.text = `$(${r.state === 'running' ? 'sync~spin' : 'loading~spin'}) ${file}: ${r.state}${since}`;
        this.item.tooltip = `Load test ${r.id} (${r.engine}) is ${r.state}${r.reason ? `: ${r.reason}` : ''}. Click to open its results.`;
        this.item.command = { title: 'Open Results', command: 'metricVault.openResults', arguments: [r.id] };
      } else {
        this.item.text = `$(sync~spin) ${runs.length} load tests running`;
        this.item.tooltip = runs.map((r) => `${r.id}: ${r.state}`).join('\n');
        this.item.command = 'workbench.view.extension.metricVault';
      }
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    clearInterval(this.timer);
    this.timer = undefined;
    const r = this.last;
    if (!r) {
      this.item.hide();
      return;
    }
    const passed = r.state === 'finished' && r.exitCode !== 99;
    const icon = passed ? 'pass' : r.state === 'stopped' ? 'debug-stop' : 'error';
    this.item.text = `$(${icon}) ${r.scriptPath.split(/[\\/]/).pop()}: ${passed ? 'passed' : r.state === 'finished' ? 'thresholds failed' : r.state}`;
    this.item.tooltip = `Load test ${r.id} ${r.state}${r.reason ? `: ${r.reason}` : ''}. Click to open its results.`;
    this.item.backgroundColor = passed || r.state === 'stopped' ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.command = { title: 'Open Results', command: 'metricVault.openResults', arguments: [r.id] };
    this.item.show();
  }
}
