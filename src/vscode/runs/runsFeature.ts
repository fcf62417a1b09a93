// The runs area: the Runs view (running first, then history), running scripts in the
// cluster or locally, stopping, running again, and — at activation — reattaching to runs
// that went on while the editor was closed (teammates' runs too).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { deleteRecord, openScript, runAgain, runInCluster, runLocally, setTargetApiToken, showOutput, stopRun } from './runCommands';
import { runController } from './runController';
import { RunsTreeProvider } from './runsTreeProvider';

export const runsFeature: Feature = {
  name: 'runs',
  commands: {
    'metricVault.runInCluster': (ctx: Ctx) => (arg?: unknown) => runInCluster(ctx, arg),
    'metricVault.runLocally': (ctx: Ctx) => (arg?: unknown) => runLocally(ctx, arg),
    'metricVault.runs.stop': (ctx: Ctx) => (arg?: unknown) => stopRun(ctx, arg),
    'metricVault.runs.runAgain': (ctx: Ctx) => (arg?: unknown) => runAgain(ctx, arg),
    'metricVault.runs.openScript': (ctx: Ctx) => (arg?: unknown) => openScript(ctx, arg),
    'metricVault.runs.showOutput': (ctx: Ctx) => (arg?: unknown) => showOutput(ctx, arg),
    'metricVault.runs.refresh': (ctx: Ctx) => () => {
      ctx.runsChanged();
      void runController(ctx).reattach();
    },
    'metricVault.runs.deleteRecord': (ctx: Ctx) => (arg?: unknown) => deleteRecord(ctx, arg),
    'metricVault.setTargetApiToken': (ctx: Ctx) => () => setTargetApiToken(ctx),
  },
  activate(ctx) {
    const provider = ctx.register(new RunsTreeProvider(ctx));
    ctx.register(ctx.onDidChangeRuns(() => provider.refresh()));
    ctx.register(vscode.window.createTreeView('metricVault.runs', { treeDataProvider: provider, showCollapseAll: false }));
    const controller = runController(ctx);
    // Not awaited: activation never waits for the cluster.
    void controller.reattach().catch((err: unknown) => ctx.output.warn(`Runs: reattaching failed: ${err instanceof Error ? err.message : String(err)}`));
  },
};
