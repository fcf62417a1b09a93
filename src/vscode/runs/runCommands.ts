// The runs area's commands: Run in Cluster / Run Locally (a script Uri, or the active
// editor), and on a Runs-view node Stop, Run Again, Open Script, Show Output, Delete Record;
// plus Set Target API Token (SecretStorage, reaches the cluster only as the run's Secret).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/model';
import { activeRunStates } from '../../core/model';
import { loopbackBaseUrl } from '../../core/runs/loopbackTarget';
import { clearBaseline as clearBaselineOf, setBaseline as setBaselineOf } from '../../app/metrics/baseline';
import type { RunRequest } from '../../app/runs/plan';
import type { StartResult } from '../../app/runs/runService';
import type { Ctx } from '../context';
import { apiTokenSecretKey, type RunController } from './runController';
import { countOf } from '../../core/plural';

const installK6Url = 'https://grafana.com/docs/k6/latest/set-up/install-k6/';

/** A run id from a Runs-view node `{ run }`, a run id string, or undefined. */
function runOf(ctx: Ctx, arg: unknown): RunRecord | undefined {
  const id = typeof arg === 'string' ? arg : (arg as { run?: { id?: unknown } } | undefined)?.run?.id;
  return typeof id === 'string' ? ctx.store.runs.get(id) : undefined;
}

/** The script to run: the Uri the CodeLens / editor title passed, else the active editor's file (saved first). */
async function scriptUri(arg: unknown): Promise<vscode.Uri | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Metric Vault: open a k6 script (or use the "Run in Cluster" lens above one) to run it.');
    return undefined;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Metric Vault: save the script to a file first; runs read it from disk.');
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty && !(await doc.save())) return undefined;
  return uri;
}

function requestFor(ctx: Ctx, file: string): RunRequest {
  const record = ctx.store.scripts.get(file);
  const server = record?.serverId ? ctx.store.servers.get(record.serverId) : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  const displayPath = folder ? path.relative(folder.uri.fsPath, file).split(path.sep).join('/') : path.basename(file);
  return { scriptFile: file, displayPath, serverId: record?.serverId, target: server?.baseUrl, endpoints: record?.endpoints.length ? record.endpoints : undefined };
}

async function explainRefusal(ctx: Ctx, r: Extract<StartResult, { ok: false }>, where: 'cluster' | 'local'): Promise<void> {
  ctx.output.error(`Run not started (${r.stage}): ${r.problems.join(' | ')}${r.nextStep ? ` Next: ${r.nextStep}` : ''}`);
  const actions: string[] = [];
  if (r.stage === 'k6-missing') actions.push('Install k6', 'Set k6 Path');
  if (r.stage === 'restricted') actions.push('Manage Workspace Trust');
  if (r.stage === 'cluster' || (r.stage === 'preflight' && /context|kubeconfig|namespace/i.test(`${r.problems.join(' ')} ${r.nextStep ?? ''}`))) actions.push('Select Context', 'Open Settings');
  if (where === 'cluster' && r.problems.some((p) => /k6-operator/.test(p))) actions.push('Open Settings');
  actions.push('Show Log');
  const detail = [...r.problems, ...(r.nextStep ? [r.nextStep] : [])].join(' ');
  const choice = await vscode.window.showErrorMessage(`Metric Vault: the load test was not started. ${detail}`, ...new Set(actions));
  if (choice === 'Install k6') void vscode.env.openExternal(vscode.Uri.parse(installK6Url));
  if (choice === 'Set k6 Path') void vscode.commands.executeCommand('workbench.action.openSettings', 'metricVault.k6.path');
  if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
  if (choice === 'Select Context') void vscode.commands.executeCommand('metricVault.selectContext');
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', where === 'cluster' ? 'metricVault.' : 'metricVault.influx');
  if (choice === 'Show Log') ctx.output.show();
}

/** workspaceState key: the loopback BASE_URLs the user said to stop asking about (the pods share this machine's network). */
const loopbackAcceptedKey = 'metricVault.loopbackTargetsAccepted';

/**
 * A cluster run aimed at a loopback BASE_URL reaches the k6 pod itself, not this machine:
 * asks before submitting (modal: Continue / Don't Ask Again for this URL / Cancel). True to go ahead.
 */
async function confirmLoopbackTarget(ctx: Ctx, req: RunRequest): Promise<boolean> {
  let text: string;
  try {
    text = await fs.promises.readFile(req.scriptFile, 'utf8');
  } catch {
    return true; // the run's own preflight reports an unreadable script
  }
  const url = loopbackBaseUrl(text, req.target);
  if (!url) return true;
  const state = ctx.extension.workspaceState;
  const accepted = state.get<string[]>(loopbackAcceptedKey, []);
  if (accepted.includes(url)) return true;
  const always = "Continue, Don't Ask Again";
  const answer = await vscode.window.showWarningMessage(
    `BASE_URL ${url} is a loopback address: in the cluster it means the k6 pod itself, not your machine.`,
    {
      modal: true,
      detail: `Inside the pod, requests to ${url} go to the pod, so they fail or measure nothing. Point BASE_URL at an address the cluster can reach (an in-cluster service such as http://<service>.<namespace>.svc.cluster.local:<port>, or a registered server's public URL), or use Run Locally. Continue only if the pods share this machine's network ("Don't Ask Again" remembers ${url} for this workspace).`,
    },
    'Continue',
    always,
  );
  if (answer === always) await state.update(loopbackAcceptedKey, [...accepted, url].slice(-20));
  return answer === 'Continue' || answer === always;
}

async function start(ctx: Ctx, controller: RunController, req: RunRequest, where: 'cluster' | 'local'): Promise<RunRecord | undefined> {
  if (where === 'cluster' && !(await confirmLoopbackTarget(ctx, req))) return undefined;
  const title = where === 'cluster' ? `Submitting ${path.basename(req.scriptFile)} to namespace "${req.namespace ?? ctx.config.namespace}"…` : `Starting k6 for ${path.basename(req.scriptFile)}…`;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () =>
    where === 'cluster' ? controller.service.startInCluster(req) : controller.service.startLocally(req),
  );
  if (!result.ok) {
    await explainRefusal(ctx, result, where);
    return undefined;
  }
  for (const w of result.warnings) ctx.output.warn(`Run ${result.run.id}: ${w}`);
  controller.openResultsOnStart(result.run.id);
  const where2 = where === 'cluster' ? `${result.run.engine} in namespace "${result.run.namespace}"` : 'k6 on this machine';
  const warned = result.warnings.length ? ` (${countOf(result.warnings.length, 'warning')}: ${result.warnings[0]})` : '';
  void vscode.window.showInformationMessage(`Metric Vault: load test ${result.run.id} started (${where2}).${warned}`, 'Open Results', 'Show Output').then((choice) => {
    if (choice === 'Open Results') void vscode.commands.executeCommand('metricVault.openResults', result.run.id);
    if (choice === 'Show Output') controller.outputs.show(result.run.id);
  });
  return result.run;
}

export async function runInCluster(ctx: Ctx, runs: RunController, arg?: unknown): Promise<RunRecord | undefined> {
  const uri = await scriptUri(arg);
  return uri ? start(ctx, runs, requestFor(ctx, uri.fsPath), 'cluster') : undefined;
}

export async function runLocally(ctx: Ctx, runs: RunController, arg?: unknown): Promise<RunRecord | undefined> {
  const uri = await scriptUri(arg);
  return uri ? start(ctx, runs, requestFor(ctx, uri.fsPath), 'local') : undefined;
}

export async function stopRun(ctx: Ctx, runs: RunController, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg) ?? (await pickActive(ctx));
  if (!run) return;
  if (!(await confirmStop(ctx, run))) return;
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping ${run.id}…` }, () => runs.service.stop(run.id));
  if (!r.ok) {
    const choice = await vscode.window.showErrorMessage(`Metric Vault: could not stop ${run.id}: ${r.message}${r.nextStep ? ` ${r.nextStep}` : ''}`, 'Try Again', 'Show Log');
    if (choice === 'Try Again') await stopRun(ctx, runs, run.id);
    if (choice === 'Show Log') ctx.output.show();
  }
}

/**
 * Asks before stopping. A quick pick rather than a modal dialog: a modal cannot be closed from
 * code, and a run that ends by itself while the question is open must take the question away.
 */
function confirmStop(ctx: Ctx, run: RunRecord): Promise<boolean> {
  const what = run.engine === 'local' ? 'The k6 process on this machine is interrupted' : run.engine === 'k6-operator' ? `Its TestRun is deleted from "${run.namespace}"` : `Its Job is deleted from "${run.namespace}" with its pods and ConfigMap`;
  const stop: vscode.QuickPickItem = { label: '$(debug-stop) Stop', detail: `${what}. What it measured so far stays in InfluxDB.` };
  const keep: vscode.QuickPickItem = { label: '$(close) Keep Running' };
  const pick = vscode.window.createQuickPick();
  pick.title = `Stop load test ${run.id}?`;
  pick.items = [stop, keep];
  pick.ignoreFocusOut = true;
  return new Promise<boolean>((resolve) => {
    let answered = false;
    const done = (yes: boolean) => {
      if (answered) return;
      answered = true;
      resolve(yes);
      ended.dispose();
      pick.dispose();
    };
    const ended = ctx.onDidChangeRuns((id) => {
      if (id !== undefined && id !== run.id) return;
      const now = ctx.store.runs.get(run.id);
      if (now && activeRunStates.includes(now.state)) return;
      done(false);
      vscode.window.setStatusBarMessage(`$(info) Load test ${run.id} ended by itself (${now?.state ?? 'deleted'}); nothing to stop.`, 5000);
    });
    pick.onDidAccept(() => done(pick.selectedItems[0] === stop));
    pick.onDidHide(() => done(false));
    pick.show();
  });
}

async function pickActive(ctx: Ctx): Promise<RunRecord | undefined> {
  const active = ctx.store.runs.listActive();
  if (active.length === 0) {
    void vscode.window.showInformationMessage('Metric Vault: no load test is running.');
    return undefined;
  }
  if (active.length === 1) return active[0];
  const pick = await vscode.window.showQuickPick(active.map((r) => ({ label: r.id, description: `${r.state} · ${path.basename(r.scriptPath)}`, run: r })), { title: 'Metric Vault: Stop Load Test' });
  return pick?.run;
}

export async function runAgain(ctx: Ctx, runs: RunController, arg?: unknown): Promise<RunRecord | undefined> {
  const run = runOf(ctx, arg);
  if (!run) return undefined;
  const file = resolveScript(run.scriptPath);
  if (!file) {
    void vscode.window.showWarningMessage(`Metric Vault: the script of ${run.id} (${run.scriptPath}) is not in this workspace, so it cannot be run again from here.`);
    return undefined;
  }
  const again = runs.service.runAgainRequest(run.id)!;
  const req = { ...requestFor(ctx, file), ...(again.request.target ? { target: again.request.target } : {}) };
  return start(ctx, runs, req, again.local ? 'local' : 'cluster');
}

/** An absolute script path as recorded, or a teammate's workspace-relative one found in this workspace. */
function resolveScript(scriptPath: string): string | undefined {
  if (path.isAbsolute(scriptPath)) return fs.existsSync(scriptPath) ? scriptPath : undefined;
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const candidate = path.join(f.uri.fsPath, ...scriptPath.split('/'));
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function openScript(ctx: Ctx, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg);
  if (!run) return;
  const file = resolveScript(run.scriptPath);
  if (!file) {
    void vscode.window.showWarningMessage(`Metric Vault: ${run.scriptPath} is not in this workspace (the run may have been started by a teammate).`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

export function showOutput(ctx: Ctx, runs: RunController, arg?: unknown): void {
  const run = runOf(ctx, arg);
  if (!run) return;
  const outputs = runs.outputs;
  if (!outputs.has(run.id)) {
    void vscode.window.showInformationMessage(`Metric Vault: no k6 output was received for ${run.id} in this session.`);
    return;
  }
  outputs.show(run.id);
}

export async function deleteRecord(ctx: Ctx, runs: RunController, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg);
  if (!run) return;
  if (activeRunStates.includes(run.state)) {
    void vscode.window.showWarningMessage(`Metric Vault: ${run.id} is still ${run.state}; stop it before deleting its record.`);
    return;
  }
  const answer = await vscode.window.showWarningMessage(`Delete the record of run ${run.id}?`, { modal: true, detail: 'Its summary and resource samples go too; metrics in InfluxDB are kept.' }, 'Delete');
  if (answer !== 'Delete') return;
  ctx.store.runs.delete(run.id);
  runs.statusBar.forget(run.id);
  ctx.runsChanged(run.id);
}

/** Makes a finished run the baseline of its script and endpoints; later runs' panels compare with it. */
export function setBaseline(ctx: Ctx, arg?: unknown): void {
  const run = runOf(ctx, arg);
  if (!run) return;
  if (run.state !== 'finished') {
    void vscode.window.showWarningMessage(`Metric Vault: only a finished run can be a baseline; ${run.id} is ${run.state}.`);
    return;
  }
  if (!ctx.store.summaries.get(run.id)) {
    // Nothing to compare later runs with: the summary is computed from InfluxDB when its results open.
    void vscode.window.showWarningMessage(`Metric Vault: ${run.id} has no summary yet, so later runs would have nothing to compare with. Open its results to compute the summary from InfluxDB, then set it as the baseline.`, 'Open Results').then((choice) => {
      if (choice === 'Open Results') void vscode.commands.executeCommand('metricVault.openResults', run.id);
    });
    return;
  }
  const keys = setBaselineOf(ctx.store, run);
  ctx.output.info(`Run ${run.id} is the baseline of ${keys.join(', ')}.`);
  vscode.window.setStatusBarMessage(`$(pinned) ${run.id} is now the baseline of ${path.basename(run.scriptPath)}${run.endpoints.length ? ` and ${countOf(run.endpoints.length, 'endpoint')}` : ''}`, 5000);
  ctx.runsChanged();
}

/** Removes a run as a baseline wherever it still is one. */
export function clearBaseline(ctx: Ctx, arg?: unknown): void {
  const run = runOf(ctx, arg);
  if (!run) return;
  const keys = clearBaselineOf(ctx.store, run);
  vscode.window.setStatusBarMessage(keys.length ? `$(pinned) ${run.id} is no longer a baseline` : `${run.id} was not a baseline`, 5000);
  ctx.runsChanged();
}

export async function setTargetApiToken(ctx: Ctx): Promise<void> {
  const servers = ctx.store.servers.list();
  type Item = vscode.QuickPickItem & { serverId?: string };
  const items: Item[] = [{ label: 'Every target', description: 'used when a server has no token of its own' }, ...servers.map((s) => ({ label: s.name, description: s.baseUrl, serverId: s.id }))];
  const pick = items.length > 1 ? await vscode.window.showQuickPick(items, { title: 'Metric Vault: Set Target API Token', placeHolder: 'Which target the token is for' }) : items[0];
  if (!pick) return;
  const value = await vscode.window.showInputBox({
    title: `API token for ${pick.label}`,
    prompt: 'Kept in VS Code\'s secret storage. Runs pass it to k6 as API_TOKEN (in the cluster through a per-run Secret), never in a file.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'Leave empty to remove the stored token',
  });
  if (value === undefined) return;
  const key = apiTokenSecretKey(pick.serverId);
  if (value === '') await ctx.extension.secrets.delete(key);
  else await ctx.extension.secrets.store(key, value);
  void vscode.window.showInformationMessage(`Metric Vault: API token for ${pick.label} ${value === '' ? 'removed' : 'stored'}.`);
}
