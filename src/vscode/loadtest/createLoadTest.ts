// "Create Load Test…": from the Endpoints view (an operation, a tag or a server), a route
// CodeLens (method and path), or the palette (pick an endpoint) → profile, size, duration →
// a script under the scripts folder (never overwriting without asking), opened for editing,
// with k6 IntelliSense (types + jsconfig.json) in its folder, recorded in the store.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type LoadTestTarget, TargetError, targetFromStore } from '../../app/loadtest/operations';
import { confinedScriptsFolder, ensureK6Types, findK6Types, freeScriptPath, OutsideWorkspaceError, ScriptExistsError, writeScript } from '../../app/loadtest/scriptFiles';
import { bareOperation, generateK6Script, suggestScriptFileName } from '../../core/k6';
import type { HttpMethod } from '../../core/openapi/model';
import { endpointKey } from '../../core/openapi/model';
import { anyMethodOrder, routeShape } from '../../core/routes';
import { httpMethods } from '../../core/openapi/listOperations';
import type { Ctx } from '../context';
import { abortSignalFor, type ClusterServerAccess, analyzeOptions, optionsForServer } from '../endpoints/analyzeOptions';
import { pickLoad } from './loadPicks';
import { countOf } from '../../core/plural';

/** What callers pass: a tree node, a CodeLens argument, or nothing (palette). */
export type CreateLoadTestArg =
  | { serverId: string; method?: string; path?: string; tag?: string }
  | { method: string; path: string; file?: string; framework?: string }
  | undefined;


/** Where a framework's development server listens by default (the script's BASE_URL default). */
const frameworkPorts: Record<string, number> = { fastapi: 8000, flask: 5000, express: 3000, fastify: 3000, hono: 3000, nestjs: 3000, 'routing-controllers': 3000, spring: 8080, gin: 8080, echo: 1323, chi: 3000, 'gorilla/mux': 8080, fiber: 3000, 'net/http': 8080 };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function parseArg(arg: unknown): { serverId?: string; method?: string; path?: string; tag?: string; file?: string; framework?: string } {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return { serverId: str(a.serverId), method: str(a.method)?.toUpperCase(), path: str(a.path), tag: typeof a.tag === 'string' ? a.tag : undefined, file: str(a.file), framework: str(a.framework) };
}

async function withReading<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Metric Vault: reading the API description…', cancellable: true },
    async (_progress, token) => {
      const signal = abortSignalFor(token);
      const result = await work(signal);
      return token.isCancellationRequested ? undefined : result;
    },
  );
}

/** An endpoint from the store chosen in one quick pick: everything of a server, a tag, or one operation. */
async function pickFromStore(ctx: Ctx): Promise<{ serverId: string; method?: string; path?: string; tag?: string } | 'blank' | undefined> {
  const servers = ctx.store.servers.list();
  type Item = vscode.QuickPickItem & { value?: { serverId: string; method?: string; path?: string; tag?: string } | 'blank' | 'register' | 'open' };
  const items: Item[] = [];
  for (const server of servers) {
    const endpoints = ctx.store.endpoints.listByServer(server.id);
    items.push({ label: server.name, kind: vscode.QuickPickItemKind.Separator });
    if (endpoints.length === 0) continue;
    const unique = [...new Map(endpoints.map((e) => [endpointKey({ method: e.method as HttpMethod, path: e.path }), e])).values()];
    items.push({ label: `$(server) Every endpoint of ${server.name}`, description: unique.length === 1 ? 'one endpoint' : `${unique.length} endpoints, one scenario each`, value: { serverId: server.id } });
    const tags = [...new Set(endpoints.map((e) => e.tag))];
    if (tags.length > 1) for (const tag of tags) items.push({ label: `$(tag) ${tag}`, description: countOf(endpoints.filter((e) => e.tag === tag).length, 'endpoint'), value: { serverId: server.id, tag } });
    for (const e of unique) items.push({ label: `${e.method} ${e.path}`, description: e.summary, detail: e.deprecated ? 'deprecated' : undefined, value: { serverId: server.id, method: e.method, path: e.path } });
  }
  items.push({ label: 'Other', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(file-code) Script for a URL…', description: 'a GET of any URL; edit the request yourself', value: 'blank' });
  items.push({ label: '$(add) Register Server…', description: 'read a server’s endpoints from its OpenAPI document', value: 'register' });
  items.push({ label: '$(file) Open OpenAPI File…', value: 'open' });
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Create Load Test',
    placeHolder: servers.length ? 'The endpoint, tag or server to load test' : 'No servers registered yet',
    matchOnDescription: true,
  });
  if (!pick?.value) return undefined;
  if (pick.value === 'register' || pick.value === 'open') {
    await vscode.commands.executeCommand(pick.value === 'register' ? 'metricVault.registerServer' : 'metricVault.openOpenApiFile');
    return undefined;
  }
  return pick.value;
}

async function blankTarget(): Promise<LoadTestTarget | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Create Load Test',
    prompt: 'The URL to load test (a GET; edit the script for anything else)',
    value: 'http://localhost:8080/health',
    validateInput: (v) => {
      try {
        return /^https?:$/.test(new URL(v).protocol) ? undefined : 'An http:// or https:// URL';
      } catch {
        return 'An http:// or https:// URL';
      }
    },
  });
  if (!text) return undefined;
  const url = new URL(text);
  const op = bareOperation('GET', decodeURI(url.pathname) || '/');
  return { operations: [op], baseUrl: url.origin, scope: { method: 'GET', path: op.path } };
}

/** A route found in source: the matching registered endpoint(s), or the route alone. */
async function routeTarget(ctx: Ctx, access: ClusterServerAccess, method: string, routePath: string, framework: string | undefined): Promise<LoadTestTarget | undefined> {
  const shape = routeShape(routePath);
  const matches = ctx.store.servers
    .list()
    .flatMap((s) => ctx.store.endpoints.listByServer(s.id).filter((e) => e.method === method && routeShape(e.path) === shape).map((e) => ({ server: s, endpoint: e })));
  const unique = [...new Map(matches.map((m) => [`${m.server.id} ${m.endpoint.path}`, m])).values()];
  let chosen = unique[0];
  if (unique.length > 1) {
    const pick = await vscode.window.showQuickPick(
      unique.map((m) => ({
        label: m.server.name,
        description: `${m.endpoint.method} ${m.endpoint.path} · ${m.server.kind === 'cluster' ? `service in ${m.server.namespace ?? 'the cluster'}` : 'external server'}`,
        detail: m.server.baseUrl,
        m,
      })),
      { title: `Load test ${method} ${routePath}`, placeHolder: 'Several servers serve this endpoint (found in the cluster or added by you): which one should the script target?' },
    );
    if (!pick) return undefined;
    chosen = pick.m;
  }
  if (chosen) return readTarget(ctx, access, { serverId: chosen.server.id, method, path: chosen.endpoint.path });
  const port = frameworkPorts[framework ?? ''] ?? 8080;
  const op = bareOperation(method as HttpMethod, routePath);
  return {
    operations: [op],
    baseUrl: `http://localhost:${port}`,
    scope: { method, path: routePath },
    warning: 'No registered server describes this endpoint, so the script sends no parameters or body: fill them in, or register the server and create the test again.',
  };
}

async function resolveTarget(ctx: Ctx, access: ClusterServerAccess, arg: unknown): Promise<LoadTestTarget | undefined> {
  const a = parseArg(arg);
  if (a.serverId) return readTarget(ctx, access, { serverId: a.serverId, method: a.method, path: a.path, tag: a.tag });
  if (a.method && a.path && (httpMethods as readonly string[]).includes(a.method)) return routeTarget(ctx, access, a.method, a.path, a.framework);
  if (a.method === 'ANY' && a.path) {
    // A handler for every method (`app.all`, `@All()`) that no API description documents: ask which.
    const method = await vscode.window.showQuickPick(
      anyMethodOrder.filter((m) => m !== 'TRACE'),
      { title: `Load test ${a.path}`, placeHolder: 'This handler answers every HTTP method: which one should the script send?' },
    );
    return method ? routeTarget(ctx, access, method, a.path, a.framework) : undefined;
  }
  const picked = await pickFromStore(ctx);
  if (picked === 'blank') return blankTarget();
  if (!picked) return undefined;
  return readTarget(ctx, access, picked);
}

/** Reads the operations from the server's document: a discovered one through the cluster's service proxy, as discovery did. */
function readTarget(ctx: Ctx, access: ClusterServerAccess, sel: Parameters<typeof targetFromStore>[1]): Promise<LoadTestTarget | undefined> {
  return withReading(async (signal) => {
    const server = ctx.store.servers.get(sel.serverId);
    const options = server ? await optionsForServer(ctx, access, server, signal) : analyzeOptions(ctx, signal);
    return targetFromStore(ctx.store, sel, options);
  });
}

/** The workspace folder (near the route's file, else the first) and the scripts folder confined to it. */
function scriptsFolder(ctx: Ctx, nearFile: string | undefined): { root: string; folder: string } | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const ws = (nearFile && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(nearFile))) || folders[0];
  if (!ws || ws.uri.scheme !== 'file') return undefined;
  return { root: ws.uri.fsPath, folder: confinedScriptsFolder(ws.uri.fsPath, ctx.config.scriptsFolder) };
}

/** Runs the whole flow; returns the script's URI, or undefined when the user stopped. */
export async function createLoadTest(ctx: Ctx, access: ClusterServerAccess, arg?: unknown): Promise<vscode.Uri | undefined> {
  const a = parseArg(arg);
  let where: ReturnType<typeof scriptsFolder>;
  try {
    where = scriptsFolder(ctx, a.file);
  } catch (err) {
    if (!(err instanceof OutsideWorkspaceError)) throw err;
    const open = await vscode.window.showErrorMessage(`Metric Vault: ${err.message}`, 'Open Settings');
    if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'metricVault.scriptsFolder');
    return undefined;
  }
  if (!where) {
    const open = await vscode.window.showWarningMessage('Metric Vault writes load-test scripts into the workspace: open a folder first.', 'Open Folder…');
    if (open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  let target: LoadTestTarget | undefined;
  try {
    target = await resolveTarget(ctx, access, arg);
  } catch (err) {
    if (err instanceof TargetError) {
      void vscode.window.showWarningMessage(`Metric Vault: ${err.message}`);
      return undefined;
    }
    throw err;
  }
  if (!target) return undefined;
  const what = 'method' in target.scope ? `${target.scope.method} ${target.scope.path}` : 'tag' in target.scope ? `tag ${target.scope.tag}` : target.scope.server;
  const choice = await pickLoad(`Load test ${what}`);
  if (!choice) return undefined;
  const text = generateK6Script({ operations: target.operations, baseUrl: target.baseUrl, profile: choice.profile, load: choice.load });
  const folder = where.folder;
  let file = path.join(folder, suggestScriptFileName(target.scope, choice.profile));
  let overwrite = false;
  if (await exists(vscode.Uri.file(file))) {
    const answer = await vscode.window.showWarningMessage(`${path.basename(file)} already exists in ${ctx.config.scriptsFolder}.`, { modal: true, detail: 'Your edits in it would be lost if you overwrite it.' }, 'Keep Both', 'Overwrite');
    if (!answer) return undefined;
    if (answer === 'Keep Both') file = freeScriptPath(folder, path.basename(file));
    else overwrite = true;
  }
  try {
    writeScript(file, text, { overwrite, within: where.root });
  } catch (err) {
    if (err instanceof ScriptExistsError) throw new Error(`${path.basename(file)} appeared while the script was being created; nothing was overwritten. Try again.`);
    throw err;
  }
  const typesSource = findK6Types(ctx.extension.extensionPath);
  const types = ensureK6Types(folder, typesSource);
  if (!typesSource) ctx.output.warn('k6 type definitions are missing from the extension (dist/k6-types): no IntelliSense for k6 in scripts.');
  ctx.store.scripts.upsert({ path: file, serverId: target.serverId, endpoints: target.operations.map((o) => endpointKey(o)), profile: choice.profile, createdAt: Date.now() });
  ctx.output.info(`Created ${file} (${choice.profile}, ${target.operations.length} endpoint(s))${types.jsconfigWritten ? ' and jsconfig.json for k6 IntelliSense' : ''}.`);
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { preview: false });
  if (target.warning) void vscode.window.showWarningMessage(`Metric Vault: ${target.warning}`);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
