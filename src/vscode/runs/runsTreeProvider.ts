// The Runs view: running runs first, then history. The store is the model; the view reads it
// on demand and refreshes when told a run changed.
import * as vscode from 'vscode';
import type { RunListItem } from '../../app/runs';
import { listRunsIn } from '../../app/runs';
import type { Ctx } from '../context';
import { Disposable } from '../common/lifecycle';

const stateIcons: Record<RunListItem['state'], [string, string?]> = {
  queued: ['clock'],
  starting: ['loading~spin'],
  running: ['sync~spin', 'charts.blue'],
  finished: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['debug-stop', 'disabledForeground'],
};

export class RunNode extends vscode.TreeItem {
  constructor(readonly run: RunListItem) {
    super(runLabel(run), vscode.TreeItemCollapsibleState.None);
    const [icon, color] = run.verdict === 'failed' && run.state === 'finished' ? ['error', 'testing.iconFailed'] : stateIcons[run.state];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    this.description = runDescription(run);
    this.tooltip = new vscode.MarkdownString(
      [`**${run.id}**`, `Script: \`${run.scriptPath}\``, `Engine: ${run.engine}`, `State: ${run.state}${run.reason ? ` (${run.reason})` : ''}`, run.endpoints.length ? `Endpoints: ${run.endpoints.join(', ')}` : '']
        .filter(Boolean)
        .join('\n\n'),
    );
    this.contextValue = `run.${run.state}`;
    this.id = run.id;
  }
}

function runLabel(run: RunListItem): string {
  const file = run.scriptPath.split(/[\\/]/).pop() ?? run.scriptPath;
  return file;
}

function runDescription(run: RunListItem): string {
  const parts: string[] = [run.state];
  if (run.verdict && run.verdict !== 'unknown') parts.push(run.verdict);
  parts.push(run.engine);
  if (run.startedAt) parts.push(new Date(run.startedAt).toLocaleString());
  if (run.startedAt && run.finishedAt) parts.push(`${Math.round((run.finishedAt - run.startedAt) / 1000)} s`);
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
    return listRunsIn(this.ctx.store, 200).map((r) => new RunNode(r));
  }
}
