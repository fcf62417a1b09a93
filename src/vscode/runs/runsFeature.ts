import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { type RunNode, RunsTreeProvider } from './runsTreeProvider';

async function deleteRecord(ctx: Ctx, node?: RunNode): Promise<void> {
  if (!node) return;
  const answer = await vscode.window.showWarningMessage(
    `Delete the record of run ${node.run.id}? Its summary and resource samples go too; metrics in InfluxDB are kept.`,
    { modal: true },
    'Delete',
  );
  if (answer !== 'Delete') return;
  ctx.store.runs.delete(node.run.id);
  ctx.runsChanged(node.run.id);
}

export const runsFeature: Feature = {
  name: 'runs',
  commands: {
    'metricVault.runs.refresh': (ctx) => () => ctx.runsChanged(),
    'metricVault.runs.deleteRecord': (ctx) => (node?: RunNode) => deleteRecord(ctx, node),
  },
  activate(ctx) {
    const provider = ctx.register(new RunsTreeProvider(ctx));
    ctx.register(ctx.onDidChangeRuns(() => provider.refresh()));
    ctx.register(vscode.window.createTreeView('metricVault.runs', { treeDataProvider: provider, showCollapseAll: false }));
  },
};
