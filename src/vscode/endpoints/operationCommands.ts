// Context-menu actions on an operation: "Copy as curl" and "Open Spec at Operation". Both
// read the server's document on demand (never from getChildren) with the usual limits.
import * as vscode from 'vscode';
import { documentUrlOf } from '../../app/endpoints/servers';
import { curlCommand } from '../../core/openapi/curl';
import { locateOperation } from '../../core/openapi/locate';
import type { HttpMethod } from '../../core/openapi/model';
import { readDocumentText, resolveOperation } from '../../infra/openapi/index';
import type { Ctx } from '../context';
import { type ClusterServerAccess, optionsForServer, withReading } from './analyzeOptions';
import type { OperationNodeShape } from './nodes';

function lookup(ctx: Ctx, node: OperationNodeShape | undefined) {
  if (!node?.serverId) throw new Error('Pick an operation in the Endpoints view first.');
  const server = ctx.store.servers.get(node.serverId);
  if (!server) throw new Error('That server is no longer registered; refresh the Endpoints view.');
  return { server, endpoint: ctx.store.endpoints.find(node.serverId, node.method, node.path) };
}

export async function copyAsCurl(ctx: Ctx, access: ClusterServerAccess, node?: OperationNodeShape): Promise<void> {
  const { server, endpoint } = lookup(ctx, node);
  const source = documentUrlOf(server, endpoint);
  const op = await withReading(`Reading ${node!.method} ${node!.path}…`, async (signal) =>
    resolveOperation(source, node!.method as HttpMethod, node!.path, await optionsForServer(ctx, access, server, signal)),
  );
  if (!op) return;
  const cmd = curlCommand(op, server.baseUrl);
  await vscode.env.clipboard.writeText(cmd);
  const secured = op.security.length > 0 ? ' Set the credential variables it uses before running it.' : '';
  void vscode.window.showInformationMessage(`Copied curl for ${node!.method} ${node!.path}.${secured}`);
}

export async function openSpecAtOperation(ctx: Ctx, access: ClusterServerAccess, node?: OperationNodeShape): Promise<void> {
  const { server, endpoint } = lookup(ctx, node);
  const source = documentUrlOf(server, endpoint);
  const doc = await withReading(`Opening the document of ${server.name}…`, async (signal) => readDocumentText(source, await optionsForServer(ctx, access, server, signal)));
  if (!doc) return;
  const textDoc = doc.file ? await vscode.workspace.openTextDocument(vscode.Uri.file(doc.file)) : await vscode.workspace.openTextDocument({ content: doc.text, language: doc.language });
  const pos = locateOperation(textDoc.getText(), node!.method, node!.path);
  const at = new vscode.Position(pos.line, pos.character);
  await vscode.window.showTextDocument(textDoc, { selection: new vscode.Range(at, at), preview: true });
}
