// The Endpoints tree view of this activation: its provider (redrawn when endpoints change)
// and the filter the view's title actions set and clear.
import * as vscode from 'vscode';
import { ServerNode } from './nodes';
import { Disposable } from '../common/lifecycle';
import type { Ctx } from '../context';
import { EndpointsTreeProvider } from './endpointsTreeProvider';

const filteredKey = 'metricVault.endpoints.filtered';

export class EndpointsView extends Disposable {
  private readonly provider: EndpointsTreeProvider;
  private readonly view: vscode.TreeView<unknown>;

  constructor(ctx: Ctx) {
    super();
    this.provider = this._register(new EndpointsTreeProvider(ctx));
    this._register(ctx.onDidChangeEndpoints((serverId) => this.provider.refresh(serverId)));
    this.view = this._register(vscode.window.createTreeView('metricVault.endpoints', { treeDataProvider: this.provider, showCollapseAll: true }));
    void vscode.commands.executeCommand('setContext', filteredKey, false);
  }

  /** The tree view (discovered services appear in it once the cluster is connected). */
  get treeView(): vscode.TreeView<unknown> {
    return this.view;
  }

  get filter(): string {
    return this.provider.filter;
  }

  /** Shows a server's node expanded, selected and focused (Pods view → Reveal Endpoints). */
  async revealServer(serverId: string): Promise<boolean> {
    if (this.provider.filter) await this.setFilter('');
    const node = this.provider.getChildren().find((n) => n instanceof ServerNode && n.server.id === serverId);
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  /** Filters the tree; the view's description shows the filter, the context key the Clear action. */
  async setFilter(text: string): Promise<void> {
    this.provider.setFilter(text);
    this.view.description = text.trim() ? `Filter: ${text.trim()}` : undefined;
    await vscode.commands.executeCommand('setContext', filteredKey, text.trim() !== '');
  }
}
