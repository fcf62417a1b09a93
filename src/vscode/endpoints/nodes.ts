// Nodes of the Endpoints view: server → tag → operation. Their plain fields are the contract
// for commands invoked from the context menu (the k6 area's "Load Test Endpoint" reads
// `{ serverId, method, path }`, `{ serverId, tag }` or `{ serverId }`).
import * as vscode from 'vscode';
import type { EndpointDetail } from '../../app/endpoints/servers';
import type { EndpointRecord, ServerRecord } from '../../core/model';
import { countOf } from '../../core/plural';
import { mdText } from '../common/markdown';

/** What an operation node carries for commands. */
export interface OperationNodeShape {
  readonly kind: 'operation';
  readonly serverId: string;
  readonly method: string;
  readonly path: string;
  readonly operationId?: string;
  readonly tag: string;
}

export interface TagNodeShape {
  readonly kind: 'tag';
  readonly serverId: string;
  readonly tag: string;
}

export interface ServerNodeShape {
  readonly kind: 'server';
  readonly serverId: string;
  readonly serverKind: ServerRecord['kind'];
}

export type EndpointTreeNode = ServerNode | TagNode | OperationNode;

const methodIcons: Record<string, [string, string]> = {
  GET: ['arrow-down', 'charts.blue'],
  POST: ['add', 'charts.green'],
  PUT: ['arrow-swap', 'charts.orange'],
  PATCH: ['edit', 'charts.yellow'],
  DELETE: ['trash', 'charts.red'],
  HEAD: ['eye', 'charts.purple'],
  OPTIONS: ['settings', 'charts.purple'],
  TRACE: ['debug', 'charts.purple'],
};

export class ServerNode extends vscode.TreeItem implements ServerNodeShape {
  readonly kind = 'server' as const;
  readonly serverId: string;
  readonly serverKind: ServerRecord['kind'];

  constructor(
    readonly server: ServerRecord,
    operationCount: number,
    expanded: boolean,
  ) {
    super(server.name, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.serverId = server.id;
    this.serverKind = server.kind;
    this.id = `server:${server.id}`;
    this.contextValue = `endpoint.server.${server.kind}`;
    const warnings = server.warnings.length;
    this.description = [server.baseUrl, warnings ? countOf(warnings, 'warning') : countOf(operationCount, 'operation')].join(' · ');
    this.iconPath = warnings
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(server.kind === 'cluster' ? 'server-environment' : 'globe');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${mdText(server.name)}** · ${server.kind === 'cluster' ? 'cluster service' : 'external server'}\n\n`);
    tip.appendMarkdown(`Base URL: ${mdText(server.baseUrl)}\n\n`);
    if (server.specUrl) tip.appendMarkdown(`Document: ${mdText(server.specUrl)}\n\n`);
    if (server.namespace) tip.appendMarkdown(`Service: ${mdText(`${server.namespace}/${server.service ?? ''}${server.port ? `:${server.port}` : ''}`)}\n\n`);
    tip.appendMarkdown(`${operationCount} operations · read ${new Date(server.updatedAt).toLocaleString()}\n\n`);
    for (const w of server.warnings) tip.appendMarkdown(`$(warning) ${mdText(w)}\n\n`);
    this.tooltip = tip;
    this.accessibilityInformation = { label: `${server.name}, ${server.kind} server, ${operationCount} operations${warnings ? `, ${warnings} warnings` : ''}` };
  }
}

export class TagNode extends vscode.TreeItem implements TagNodeShape {
  readonly kind = 'tag' as const;

  constructor(
    readonly serverId: string,
    readonly tag: string,
    readonly endpoints: EndpointRecord[],
    expanded: boolean,
  ) {
    super(tag, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `tag:${serverId}:${tag}`;
    this.contextValue = 'endpoint.tag';
    this.description = `${endpoints.length}`;
    this.iconPath = new vscode.ThemeIcon('tag');
    this.tooltip = `${tag}: ${countOf(endpoints.length, 'operation')}`;
  }
}

export class OperationNode extends vscode.TreeItem implements OperationNodeShape {
  readonly kind = 'operation' as const;
  readonly serverId: string;
  readonly method: string;
  readonly path: string;
  readonly operationId?: string;
  readonly tag: string;

  constructor(readonly endpoint: EndpointRecord) {
    const label = `${endpoint.method} ${endpoint.path}`;
    super(label, vscode.TreeItemCollapsibleState.None);
    this.serverId = endpoint.serverId;
    this.method = endpoint.method;
    this.path = endpoint.path;
    this.operationId = endpoint.operationId;
    this.tag = endpoint.tag;
    this.id = `op:${endpoint.serverId}:${endpoint.tag}:${label}`;
    this.contextValue = 'endpoint.operation';
    const [icon, color] = methodIcons[endpoint.method] ?? ['symbol-method', 'charts.foreground'];
    const detail = endpoint.detail as Partial<EndpointDetail> | undefined;
    const unread = typeof detail?.warning === 'string' ? detail.warning : undefined;
    this.iconPath = unread
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon(endpoint.deprecated ? 'circle-slash' : icon, new vscode.ThemeColor(endpoint.deprecated ? 'disabledForeground' : color));
    this.description = unread ? 'details not read' : endpoint.deprecated ? `deprecated${endpoint.summary ? ` · ${endpoint.summary}` : ''}` : endpoint.summary;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${mdText(label)}**\n\n`);
    if (unread) tip.appendMarkdown(`$(warning) Its details could not be read: ${mdText(unread)}\n\n`);
    if (endpoint.summary) tip.appendMarkdown(`${mdText(endpoint.summary)}\n\n`);
    if (endpoint.operationId) tip.appendMarkdown(`operationId: ${mdText(endpoint.operationId)}\n\n`);
    if (detail?.parameters?.length) tip.appendMarkdown(`Parameters: ${detail.parameters.map((p) => `${mdText(p.name)} (${mdText(p.in)}${p.required ? ', required' : ''})`).join(', ')}\n\n`);
    if (detail?.requestBody) tip.appendMarkdown(`Body${detail.requestBody.required ? ' (required)' : ''}: ${detail.requestBody.mediaTypes.map(mdText).join(', ')}\n\n`);
    if (detail?.security?.length) tip.appendMarkdown(`Auth: ${detail.security.map((alt) => alt.map(mdText).join(' + ') || 'none').join(' or ')}\n\n`);
    if (endpoint.deprecated) tip.appendMarkdown('$(warning) Deprecated\n\n');
    tip.supportThemeIcons = true;
    this.tooltip = tip;
    this.accessibilityInformation = { label: `${endpoint.method} ${endpoint.path}${unread ? ', details not read' : ''}${endpoint.deprecated ? ', deprecated' : ''}${endpoint.summary ? `, ${endpoint.summary}` : ''}` };
  }
}
