// The runs area: the Runs view (running first, then history), running scripts in the
// cluster or locally, stopping, running again, and — at activation — reattaching to runs
// that went on while the editor was closed (teammates' runs too).
import * as vscode from 'vscode';
import type { Feature } from '../feature';
import { clearBaseline, deleteRecord, openScript, runAgain, runInCluster, runLocally, setBaseline, setTargetApiToken, showOutput, stopRun } from './runCommands';
import { RunsTreeProvider } from './runsTreeProvider';
import { compareRuns, showTrend } from './trendCommands';
import { onFirstShown } from '../common/views';

/** How long after activation runs are reattached when nothing asked sooner (startup stays light). */
const settleMs = 5000;

export const runsFeature: Feature = {
  name: 'runs',
  commands: {
    'metricVault.runInCluster': (ctx, { runs }) => (arg?: unknown) => runInCluster(ctx, runs, arg),
    'metricVault.runLocally': (ctx, { runs }) => (arg?: unknown) => runLocally(ctx, runs, arg),
    'metricVault.runs.stop': (ctx, { runs }) => (arg?: unknown) => stopRun(ctx, runs, arg),
    'metricVault.runs.runAgain': (ctx, { runs }) => (arg?: unknown) => runAgain(ctx, runs, arg),
    'metricVault.runs.openScript': (ctx) => (arg?: unknown) => openScript(ctx, arg),
    'metricVault.runs.showOutput': (ctx, { runs }) => (arg?: unknown) => showOutput(ctx, runs, arg),
    'metricVault.runs.refresh': (ctx, { runs }) => () => {
      ctx.runsChanged();
      void runs.reattach();
    },
    'metricVault.runs.deleteRecord': (ctx, { runs }) => (arg?: unknown) => deleteRecord(ctx, runs, arg),
    'metricVault.runs.setBaseline': (ctx) => (arg?: unknown) => setBaseline(ctx, arg),
    'metricVault.runs.clearBaseline': (ctx) => (arg?: unknown) => clearBaseline(ctx, arg),
    'metricVault.runs.showTrend': (ctx) => (arg?: unknown) => showTrend(ctx, arg),
    'metricVault.runs.compare': (ctx, { dialect }) => () => compareRuns(ctx, dialect),
    'metricVault.setTargetApiToken': (ctx) => () => setTargetApiToken(ctx),
  },
  activate(ctx, { runs }) {
    const provider = ctx.register(new RunsTreeProvider(ctx));
    ctx.register(ctx.onDidChangeRuns(() => provider.refresh()));
    const view = ctx.register(vscode.window.createTreeView('metricVault.runs', { treeDataProvider: provider, showCollapseAll: false }));
    // Reattaching (and sweeping what a crashed submission left) reaches the cluster and loads
    // its client bundle, so it never runs inside activate(): right after it when runs were left
    // active, when the Runs view is shown, or after the window has settled — whichever is first.
    let reattached = false;
    const reattach = () => {
      if (reattached) return;
      reattached = true;
      void runs.reattach();
    };
    ctx.register(onFirstShown(view, reattach));
    const timer = setTimeout(reattach, ctx.store.runs.listActive().length > 0 ? 0 : settleMs);
    ctx.register({ dispose: () => clearTimeout(timer) });
  },
};
