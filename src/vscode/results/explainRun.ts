// "Explain This Run" and the chat tool: a finished run's summary, findings and baseline deltas
// (redacted: no credentials, tokens or URLs with user info — core/analysis/explainPrompt.ts)
// given to the language model the user picks (VS Code Language Model API); the answer streams
// into the run's results panel as plain text. With no model available the user is told how
// to get one; nothing else happens.
import * as vscode from 'vscode';
import { baselineComparisonFor, isValidRunId, storedSummary } from '../../app/metrics/index';
import { buildExplainPrompt, type ExplainInput, runContextText } from '../../core/analysis/explainPrompt';
import type { RunRecord } from '../../core/model';
import type { Ctx } from '../context';
import type { ResultsPanels } from './resultsPanels';

export const runSummaryToolName = 'metricVault_runSummary';

/** A run's facts for a model, or why there are none. */
export function explainInputFor(ctx: Ctx, run: RunRecord): ExplainInput | string {
  const summary = storedSummary(ctx.store.summaries.get(run.id));
  if (!summary) return `Run ${run.id} has no summary yet: open its results once it has ended.`;
  let comparison;
  try {
    comparison = baselineComparisonFor(ctx.store, run);
  } catch {
    comparison = undefined;
  }
  return { summary, findings: summary.findings ?? [], comparison, run: { scriptPath: run.scriptPath, engine: run.engine, target: run.target } };
}

async function pickModel(): Promise<vscode.LanguageModelChat | undefined> {
  const models = await vscode.lm.selectChatModels();
  if (models.length <= 1) return models[0];
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}`, model: m })),
    { title: 'Metric Vault: Explain This Run', placeHolder: 'The language model to ask' },
  );
  return pick?.model;
}

export const noModelMessage =
  'No language model is available to explain this run. Install and sign in to a chat extension that provides one (for example GitHub Copilot Chat), then run "Explain This Run" again. The findings above do not need one.';

export async function explainRun(ctx: Ctx, panels: ResultsPanels, runId: string): Promise<void> {
  const run = ctx.store.runs.get(runId);
  if (!run) {
    void vscode.window.showWarningMessage(`Metric Vault: there is no run ${runId}.`);
    return;
  }
  const input = explainInputFor(ctx, run);
  if (typeof input === 'string') {
    void vscode.window.showInformationMessage(`Metric Vault: ${input}`);
    return;
  }
  await panels.show(runId);
  const model = await pickModel();
  if (!model) {
    panels.explain(runId, { status: 'error', text: noModelMessage });
    void vscode.window.showInformationMessage(`Metric Vault: ${noModelMessage}`);
    return;
  }
  const cancel = new vscode.CancellationTokenSource();
  let text = '';
  panels.explain(runId, { status: 'pending', model: model.name, text });
  try {
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(buildExplainPrompt(input))], { justification: 'Metric Vault explains the load-test run you asked about from its summary and findings.' }, cancel.token);
    let last = 0;
    for await (const chunk of response.text) {
      text += chunk;
      // A panel message every ~100 ms, not one per token.
      if (Date.now() - last > 100) {
        panels.explain(runId, { status: 'pending', model: model.name, text });
        last = Date.now();
      }
    }
    panels.explain(runId, { status: 'done', model: model.name, text: text.trim() || '(the model gave no answer)' });
  } catch (err) {
    const why = err instanceof vscode.LanguageModelError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    panels.explain(runId, { status: 'error', model: model.name, text: `The language model could not answer: ${why}` });
  } finally {
    cancel.dispose();
  }
}

/** The chat tool: a run's summary, findings and baseline deltas as text for an agent (the latest finished run by default). */
export function registerRunSummaryTool(ctx: Ctx): vscode.Disposable {
  return vscode.lm.registerTool<{ runId?: string }>(runSummaryToolName, {
    prepareInvocation(options) {
      const id = typeof options.input?.runId === 'string' ? options.input.runId : 'the latest run';
      return { invocationMessage: `Reading the summary and findings of ${id}` };
    },
    invoke(options) {
      const asked = options.input?.runId;
      if (asked !== undefined && (typeof asked !== 'string' || !isValidRunId(asked))) throw new Error('runId must be a Metric Vault run id (letters, digits, . _ -).');
      const run = asked ? ctx.store.runs.get(asked) : ctx.store.runs.list(50).find((r) => storedSummary(ctx.store.summaries.get(r.id)));
      if (!run) throw new Error(asked ? `There is no run ${asked}.` : 'No run has a summary yet.');
      const input = explainInputFor(ctx, run);
      if (typeof input === 'string') throw new Error(input);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(runContextText(input))]);
    },
  });
}
