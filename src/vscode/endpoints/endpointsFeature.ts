// The Endpoints area: the view's filter, and the server/operation commands. The view itself
// is a service (EndpointsView) so its filter commands reach it.
import * as vscode from 'vscode';
import type { Feature } from '../feature';
import type { EndpointsView } from './endpointsView';
import type { OperationNodeShape, ServerNodeShape } from './nodes';
import { copyAsCurl, openSpecAtOperation } from './operationCommands';
import { editServerFlow, openOpenApiFileFlow, refreshFlow, registerServerFlow, removeServerFlow } from './serverCommands';

async function askFilter(view: EndpointsView): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: 'Filter Endpoints',
    prompt: 'Method and path ("get /items"), operationId, summary or tag',
    value: view.filter,
  });
  if (text !== undefined) await view.setFilter(text);
}

export const endpointsFeature: Feature = {
  name: 'endpoints',
  commands: {
    'metricVault.registerServer': (ctx) => () => registerServerFlow(ctx),
    'metricVault.editServer': (ctx) => (node?: ServerNodeShape) => editServerFlow(ctx, node),
    'metricVault.removeServer': (ctx) => (node?: ServerNodeShape) => removeServerFlow(ctx, node),
    'metricVault.openOpenApiFile': (ctx) => (uri?: vscode.Uri) => openOpenApiFileFlow(ctx, uri instanceof vscode.Uri ? uri : undefined),
    'metricVault.endpoints.refresh': (ctx) => (node?: ServerNodeShape) => refreshFlow(ctx, node?.kind === 'server' ? node : undefined),
    'metricVault.endpoints.filter': (_ctx, s) => () => askFilter(s.endpointsView),
    'metricVault.endpoints.clearFilter': (_ctx, s) => () => s.endpointsView.setFilter(''),
    'metricVault.copyAsCurl': (ctx, s) => (node?: OperationNodeShape) => copyAsCurl(ctx, s.clusterAccess, node),
    'metricVault.openSpecAtOperation': (ctx, s) => (node?: OperationNodeShape) => openSpecAtOperation(ctx, s.clusterAccess, node),
  },
  activate(_ctx, { cluster, endpointsView }) {
    // Discovered services come from the cluster: connect when the view is first shown.
    cluster.connectWhenShown(endpointsView.treeView);
  },
};
