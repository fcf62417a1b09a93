// The Endpoints area: the view, its filter, and the server/operation commands.
import * as vscode from 'vscode';
import type { Feature } from '../feature';
import type { Ctx } from '../context';
import { EndpointsTreeProvider } from './endpointsTreeProvider';
import type { OperationNodeShape, ServerNodeShape } from './nodes';
import { copyAsCurl, openSpecAtOperation } from './operationCommands';
import { editServerFlow, openOpenApiFileFlow, refreshFlow, registerServerFlow, removeServerFlow } from './serverCommands';

const filteredKey = 'metricVault.endpoints.filtered';

/** The one provider and view of this activation (set in activate; commands reach it through ctx). */
const views = new WeakMap<Ctx, { provider: EndpointsTreeProvider; view: vscode.TreeView<unknown> }>();

async function setFilter(ctx: Ctx, text: string | undefined): Promise<void> {
  const v = views.get(ctx);
  if (!v || text === undefined) return;
  v.provider.setFilter(text);
  v.view.description = text.trim() ? `Filter: ${text.trim()}` : undefined;
  await vscode.commands.executeCommand('setContext', filteredKey, text.trim() !== '');
}

export const endpointsFeature: Feature = {
  name: 'endpoints',
  commands: {
    'metricVault.registerServer': (ctx) => () => registerServerFlow(ctx),
    'metricVault.editServer': (ctx) => (node?: ServerNodeShape) => editServerFlow(ctx, node),
    'metricVault.removeServer': (ctx) => (node?: ServerNodeShape) => removeServerFlow(ctx, node),
    'metricVault.openOpenApiFile': (ctx) => (uri?: vscode.Uri) => openOpenApiFileFlow(ctx, uri instanceof vscode.Uri ? uri : undefined),
    'metricVault.endpoints.refresh': (ctx) => (node?: ServerNodeShape) => refreshFlow(ctx, node?.kind === 'server' ? node : undefined),
    'metricVault.endpoints.filter': (ctx) => async () =>
      setFilter(
        ctx,
        await vscode.window.showInputBox({
          title: 'Filter Endpoints',
          prompt: 'Method and path ("get /items"), operationId, summary or tag',
          value: views.get(ctx)?.provider.filter ?? '',
        }),
      ),
    'metricVault.endpoints.clearFilter': (ctx) => () => setFilter(ctx, ''),
    'metricVault.copyAsCurl': (ctx) => (node?: OperationNodeShape) => copyAsCurl(ctx, node),
    'metricVault.openSpecAtOperation': (ctx) => (node?: OperationNodeShape) => openSpecAtOperation(ctx, node),
  },
  activate(ctx) {
    const provider = ctx.register(new EndpointsTreeProvider(ctx));
    ctx.register(ctx.onDidChangeEndpoints((serverId) => provider.refresh(serverId)));
    const view = ctx.register(vscode.window.createTreeView('metricVault.endpoints', { treeDataProvider: provider, showCollapseAll: true }));
    views.set(ctx, { provider, view });
    void vscode.commands.executeCommand('setContext', filteredKey, false);
  },
};
