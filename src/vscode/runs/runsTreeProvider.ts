// The Runs view: running runs first, then history. The store is the model; the view reads it
// on demand and refreshes when told a run changed.
import * as vscode from 'vscode';
import type { RunListItem } from '../../app/runs';
import { isBaseline } from '../../app/metrics/baseline';
import { listRunsIn } from '../../app/runs';
import type { Ctx } from '../context';
import { Disposable } from '../common/lifecycle';
import { mdText } from '../common/markdown';

const stateIcons: Record<RunListItem['state'], [string, string?]> = {
  queued: ['clock'],
  starting: ['loading~spin'],
  running: ['sync~spin', 'charts.blue'],
  finished: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['debug-stop', 'disabledForeground'],
};

export class RunNode extends vscode.TreeItem {
  constructor(
    readonly run: RunListItem,
    readonly baseline = false,
  ) {
    super(runLabel(run), vscode.TreeItemCollapsibleState.None);
    const [icon, color] = (run.verdict === 'failed' || run.exitCode === 99) && run.state === 'finished' ? ['error', 'testing.iconFailed'] : stateIcons[run.state];
    // A baseline wears the pin codicon (coloured by its outcome); an emoji pin renders as a box in some fonts.
    this.iconPath = new vscode.ThemeIcon(baseline ? 'pinned' : icon, color ? new vscode.ThemeColor(color) : undefined);
    this.description = baseline ? `baseline · ${runDescription(run)}` : runDescription(run);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${mdText(run.id)}**\n\n`);
    md.appendText(`Script: ${run.scriptPath}\nEngine: ${run.engine}${run.namespace ? ` in namespace ${run.namespace}` : ''}\nState: ${run.state}${run.reason ? ` (${run.reason})` : ''}\n`);
    if (run.verdict) md.appendText(`Verdict: ${run.verdict}\n`);
    if (run.endpoints.length) md.appendText(`Endpoints: ${run.endpoints.join(', ')}\n`);
    if (run.target) md.appendText(`Target: ${run.target}\n`);
    if (baseline) md.appendText('Baseline: later runs of this script and its endpoints are compared with it\n');
    else if (run.state === 'finished' && !hasSummary(run)) md.appendText('Cannot be a baseline yet: it has no summary (Open Results computes it from InfluxDB)\n');
    this.tooltip = md;
    // `run.finished` (a baseline candidate) only with a summary to compare against.
    this.contextValue = `run.${run.state}${baseline ? '.baseline' : run.state === 'finished' && !hasSummary(run) ? '.nosummary' : ''}`;
    this.id = run.id;
    this.command = { title: 'Open Results', command: 'metricVault.openResults', arguments: [run.id] };
  }
}

/** Runs listed with a verdict have a stored summary. */
const hasSummary = (run: RunListItem) => run.verdict !== undefined;

function runLabel(run: RunListItem): string {
  const file = run.scriptPath.split(/[\\/]/).pop() ?? run.scriptPath;
  return file;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** state (or verdict) · endpoints · engine · start · duration */
function runDescription(run: RunListItem): string {
  const verdict = run.state === 'finished' ? (run.exitCode === 99 || run.verdict === 'failed' ? 'thresholds failed' : 'passed') : run.state;
  const parts: string[] = [verdict];
  if (run.endpoints.length) parts.push(run.endpoints.length === 1 ? run.endpoints[0] : `${run.endpoints[0]} +${run.endpoints.length - 1}`);
  parts.push(run.engine);
  if (run.startedAt) parts.push(new Date(run.startedAt).toLocaleString());
  if (run.startedAt && run.finishedAt) parts.push(duration(run.finishedAt - run.startedAt));
  return parts.join(' · ');
}

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunNode> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    super();
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: RunNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: RunNode): RunNode[] {
    if (node) return [];
    return listRunsIn(this.ctx.store, 200).map((r) => new RunNode(r, r.state === 'finished' && isBaseline(this.ctx.store, r)));
  }
}
