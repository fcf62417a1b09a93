// The results area: `Open Results` (a run id, a Runs-view node, or a pick from the history),
// `Set InfluxDB Credentials`, the panel serializer that brings panels back after a window
// reload, and the ResultsPanels service other areas use (run monitor: track/finish).
import * as vscode from 'vscode';
import { KubePodResourceSource, podTargetForUrl } from '../../app/metrics/index';
import { resultsViewType } from '../../core/panelProtocol';
import { KubeClient } from '../../infra/kube/kubeClient';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { CurrentDialect, setInfluxCredentials } from './influxAccess';
import { type ResultsDeps, ResultsPanels } from './resultsPanels';

interface Services {
  panels: ResultsPanels;
  dialect: CurrentDialect;
}

const services = new WeakMap<Ctx, Services>();

/** The results service of this activation (for the run monitor and other features). */
export function resultsPanelsFor(ctx: Ctx): ResultsPanels | undefined {
  return services.get(ctx)?.panels;
}

function kubePods(ctx: Ctx): ResultsDeps['pods'] {
  return async (run, explicit) => {
    const opened = KubeClient.open({ context: ctx.config.kubeContext || undefined, namespace: ctx.config.namespace });
    if (!opened.ok) return undefined;
    const client = opened.value;
    const target = explicit ?? (await podTargetForUrl(client, run.target));
    return target ? { source: new KubePodResourceSource(client), target } : undefined;
  };
}

function ensure(ctx: Ctx): Services {
  let s = services.get(ctx);
  if (!s) {
    const dialect = new CurrentDialect(ctx);
    const panels = ctx.register(new ResultsPanels(ctx, { dialect, pods: kubePods(ctx) }));
    ctx.register(ctx.onDidChangeConfig(() => dialect.refresh()));
    s = { panels, dialect };
    services.set(ctx, s);
  }
  return s;
}

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

async function openResults(ctx: Ctx, arg: unknown): Promise<void> {
  const runId = runIdFromArg(arg) ?? (await pickRun(ctx));
  if (!runId) return;
  await ensure(ctx).panels.show(runId);
}

export const resultsFeature: Feature = {
  name: 'results',
  commands: {
    'metricVault.openResults': (ctx) => (arg?: unknown) => openResults(ctx, arg),
    'metricVault.setInfluxCredentials': (ctx) => () => setInfluxCredentials(ctx, ensure(ctx).dialect),
  },
  activate(ctx) {
    const { panels } = ensure(ctx);
    ctx.register(
      vscode.window.registerWebviewPanelSerializer(resultsViewType, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          await panels.revive(panel, runIdFromArg((state as { runId?: unknown } | undefined)?.runId));
        },
      }),
    );
  },
};
