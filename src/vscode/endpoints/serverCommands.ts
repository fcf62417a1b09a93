// Registering, editing, refreshing and removing servers from the Endpoints view. Reading a
// document shows a progress notification (cancellable); a failure offers the next step.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { InputError, refreshServer, registerExternalServer, removeServer, type RegisterInput, type RefreshResult } from '../../app/endpoints/servers';
import { baseUrlProblem, specSourceProblem, withDefaultScheme } from '../../app/endpoints/serverInput';
import { analyzeOpenApiWithStrategy, forgetCachedSources, isOpenApiError } from '../../infra/openapi/index';
import type { Ctx } from '../context';
import { analyzeOptions, withReading } from './analyzeOptions';
import type { ServerNodeShape } from './nodes';
import { countOf } from '../../core/plural';

export async function registerServerFlow(ctx: Ctx, prefill: Partial<RegisterInput> = {}): Promise<void> {
  const baseUrl = await vscode.window.showInputBox({
    title: 'Register Server (1/2): base URL',
    prompt: 'The URL load tests will call, e.g. http://127.0.0.1:8000 (without a scheme, http:// is assumed)',
    placeHolder: 'http://127.0.0.1:8000',
    value: prefill.baseUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => baseUrlProblem(v),
  });
  if (baseUrl === undefined) return;
  const base = withDefaultScheme(baseUrl);
  const specUrl = await vscode.window.showInputBox({
    title: 'Register Server (2/2): OpenAPI document or Swagger UI page (optional)',
    prompt: 'Leave empty to look in the usual places (/openapi.json, /v3/api-docs, /docs, …)',
    placeHolder: `${base.replace(/\/+$/, '')}/docs`,
    value: prefill.specUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => specSourceProblem(v),
  });
  if (specUrl === undefined) return;
  await register(ctx, { ...prefill, baseUrl: base, specUrl: specUrl.trim() || undefined });
}

async function register(ctx: Ctx, input: RegisterInput, keepOnError = false): Promise<void> {
  let result: RefreshResult | undefined;
  try {
    result = await withReading(`Reading the OpenAPI document of ${input.baseUrl}…`, (signal) =>
      registerExternalServer(ctx.store, input, { ...analyzeOptions(ctx, signal), keepOnError }),
    );
  } catch (err) {
    if (!(err instanceof InputError) && !isOpenApiError(err)) throw err;
    ctx.output.warn(`Register ${input.baseUrl}: ${err.message}`);
    const choice = await vscode.window.showErrorMessage(`Could not register ${input.baseUrl}: ${err.message}`, 'Edit URLs', 'Register Anyway', 'Show Log');
    if (choice === 'Edit URLs') await registerServerFlow(ctx, input);
    else if (choice === 'Register Anyway') await register(ctx, input, true);
    else if (choice === 'Show Log') ctx.output.show();
    return;
  }
  if (!result) return;
  ctx.endpointsChanged(result.server.id);
  const n = ctx.store.endpoints.countForServer(result.server.id);
  ctx.output.info(`Registered ${result.server.id} (${result.server.specUrl ?? result.server.baseUrl}): ${n} endpoint rows, ${result.server.warnings.length} warnings.`);
  const note = result.error ? ` The document could not be read yet (${result.error}); refresh the server later.` : result.server.warnings.length ? ` ${result.server.warnings.length} warning(s): see the server's tooltip.` : '';
  void vscode.window.showInformationMessage(`Registered ${result.server.name}: ${countOf(result.document?.operations.length ?? 0, 'operation')}.${note}`);
}

export async function editServerFlow(ctx: Ctx, node?: ServerNodeShape): Promise<void> {
  const server = await pickServer(ctx, node, 'external');
  if (!server) return;
  const name = await vscode.window.showInputBox({ title: `Edit ${server.name} (1/3): name`, value: server.name, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Give the server a name') });
  if (name === undefined) return;
  const baseUrl = await vscode.window.showInputBox({ title: `Edit ${server.name} (2/3): base URL`, value: server.baseUrl, ignoreFocusOut: true, validateInput: (v) => baseUrlProblem(v) });
  if (baseUrl === undefined) return;
  const base = withDefaultScheme(baseUrl);
  const specUrl = await vscode.window.showInputBox({
    title: `Edit ${server.name} (3/3): OpenAPI document or Swagger UI page`,
    prompt: 'Empty: look in the usual places under the base URL',
    value: server.specUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => specSourceProblem(v),
  });
  if (specUrl === undefined) return;
  forgetCachedSources();
  await register(ctx, { id: server.id, name: name.trim(), baseUrl: base, specUrl: specUrl.trim() || undefined });
}

export async function removeServerFlow(ctx: Ctx, node?: ServerNodeShape): Promise<void> {
  const server = await pickServer(ctx, node, 'external');
  if (!server) return;
  const answer = await vscode.window.showWarningMessage(`Remove ${server.name} (${server.baseUrl}) and its endpoints from Metric Vault? Scripts and run history are kept.`, { modal: true }, 'Remove');
  if (answer !== 'Remove') return;
  removeServer(ctx.store, server.id);
  ctx.endpointsChanged(server.id);
}

/**
 * Refreshes one external server, or every external server when called from the view title.
 * Cluster servers are kept current by discovery (the Kubernetes area); here they are redrawn.
 */
export async function refreshFlow(ctx: Ctx, node?: ServerNodeShape): Promise<void> {
  forgetCachedSources();
  const servers = node?.serverId ? [ctx.store.servers.get(node.serverId)].filter((s): s is NonNullable<typeof s> => s?.kind === 'external') : ctx.store.servers.list('external');
  if (servers.length === 0) {
    ctx.endpointsChanged();
    return;
  }
  const results = await vscode.window.withProgress(
    { location: { viewId: 'metricVault.endpoints' }, title: 'Refreshing endpoints', cancellable: false },
    async () => {
      const out: RefreshResult[] = [];
      for (const s of servers) {
        out.push(await refreshServer(ctx.store, s.id, analyzeOptions(ctx)));
        ctx.endpointsChanged(s.id);
      }
      return out;
    },
  );
  const failed = results.filter((r) => r.error);
  for (const r of results) ctx.output.info(`Refresh ${r.server.id}: ${r.error ? `failed: ${r.error}` : r.changed ? 'document changed' : 'unchanged'}`);
  if (failed.length) {
    const choice = await vscode.window.showWarningMessage(`Could not read ${failed.map((f) => f.server.name).join(', ')}: ${failed[0]!.error}`, 'Edit Server', 'Show Log');
    if (choice === 'Edit Server') await editServerFlow(ctx, { kind: 'server', serverId: failed[0]!.server.id, serverKind: failed[0]!.server.kind });
    else if (choice === 'Show Log') ctx.output.show();
  }
}

export async function openOpenApiFileFlow(ctx: Ctx, uri?: vscode.Uri): Promise<void> {
  const file =
    uri ??
    (
      await vscode.window.showOpenDialog({
        title: 'Open OpenAPI File',
        canSelectMany: false,
        openLabel: 'Read Endpoints',
        filters: { 'OpenAPI / Swagger': ['json', 'yaml', 'yml'], 'All files': ['*'] },
      })
    )?.[0];
  if (!file) return;
  let doc;
  try {
    doc = await withReading(`Reading ${path.basename(file.fsPath)}…`, (signal) => analyzeOpenApiWithStrategy(file.fsPath, analyzeOptions(ctx, signal)));
  } catch (err) {
    if (!isOpenApiError(err)) throw err;
    const choice = await vscode.window.showErrorMessage(`${path.basename(file.fsPath)} cannot be used: ${err.message}`, 'Open Another File');
    if (choice === 'Open Another File') await openOpenApiFileFlow(ctx);
    return;
  }
  if (!doc) return;
  const declared = doc.servers.find((s) => /^https?:\/\//i.test(s));
  const baseUrl =
    declared ??
    (await vscode.window.showInputBox({
      title: `${doc.title || path.basename(file.fsPath)}: base URL`,
      prompt: 'The document declares no absolute server URL. Where do load tests send requests?',
      placeHolder: 'http://127.0.0.1:8000',
      ignoreFocusOut: true,
      validateInput: (v) => baseUrlProblem(v),
    }));
  if (!baseUrl) return;
  await register(ctx, { baseUrl, specUrl: file.fsPath, name: doc.title || path.basename(file.fsPath) });
}

async function pickServer(ctx: Ctx, node: ServerNodeShape | undefined, kind: 'external') {
  if (node?.serverId) return ctx.store.servers.get(node.serverId);
  const servers = ctx.store.servers.list(kind);
  if (servers.length === 0) {
    void vscode.window.showInformationMessage('No external servers are registered yet.', 'Register Server').then((c) => c && vscode.commands.executeCommand('metricVault.registerServer'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    servers.map((s) => ({ label: s.name, description: s.baseUrl, id: s.id })),
    { title: 'Which server?' },
  );
  return picked && ctx.store.servers.get(picked.id);
}
