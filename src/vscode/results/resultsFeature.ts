// The results area: `Open Results` (a run id, a Runs-view node, or a pick from the history),
// `Set InfluxDB Credentials`, the panel serializer that brings panels back after a window
// reload. The ResultsPanels service (also used by the run controller: track/finish) is
// created at activation and passed in.
import * as vscode from 'vscode';
import { resultsViewType } from '../../core/panelProtocol';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { explainRun, registerRunSummaryTool } from './explainRun';
import { setInfluxCredentials } from './influxAccess';
import type { ResultsPanels } from './resultsPanels';

/** A run id from the command's argument: a string, or a Runs-view node `{ run: { id } }`. */
export function runIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.length > 0) return arg;
  const id = (arg as { run?: { id?: unknown } } | undefined)?.run?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

async function pickRun(ctx: Ctx): Promise<string | undefined> {
  const runs = ctx.store.runs.list(100);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('Metric Vault: no runs yet. Create a load test from an endpoint, then run it.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs.map((r) => ({
      label: r.id,
      description: `${r.state} · ${r.scriptPath}`,
      detail: r.startedAt ? new Date(r.startedAt).toLocaleString() : undefined,
    })),
    { title: 'Metric Vault: Open Results', placeHolder: 'The run whose results to show' },
  );
  return pick?.label;
}

async function openResults(ctx: Ctx, panels: ResultsPanels, arg: unknown): Promise<void> {
  const runId = runIdFromArg(arg) ?? (await pickRun(ctx));
  if (!runId) return;
  await panels.show(runId);
}

export const resultsFeature: Feature = {
  name: 'results',
  commands: {
    'metricVault.openResults': (ctx, { results }) => (arg?: unknown) => openResults(ctx, results, arg),
    'metricVault.setInfluxCredentials': (ctx, { dialect }) => () => setInfluxCredentials(ctx, dialect),
    'metricVault.explainRun': (ctx, { results }) => async (arg?: unknown) => {
      const runId = runIdFromArg(arg) ?? (await pickRun(ctx));
      if (runId) await explainRun(ctx, results, runId);
    },
  },
  activate(ctx, { results: panels }) {
    // The Language Model API is absent from editors that predate it; the rest works without it.
    if (typeof vscode.lm?.registerTool === 'function') ctx.register(registerRunSummaryTool(ctx));
    ctx.register(
      vscode.window.registerWebviewPanelSerializer(resultsViewType, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          await panels.revive(panel, runIdFromArg((state as { runId?: unknown } | undefined)?.runId));
        },
      }),
    );
  },
};
