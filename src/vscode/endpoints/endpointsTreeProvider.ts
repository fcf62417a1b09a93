// The Endpoints view. The store is the model: servers (external ones registered here, cluster
// ones written by discovery) and their endpoints. getChildren reads SQLite only — never the
// network — and regroups a server's endpoints once per change.
import * as vscode from 'vscode';
import type { EndpointRecord } from '../../core/model';
import { Disposable } from '../common/lifecycle';
import type { Ctx } from '../context';
import { type EndpointTreeNode, OperationNode, ServerNode, TagNode } from './nodes';

export class EndpointsTreeProvider extends Disposable implements vscode.TreeDataProvider<EndpointTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<EndpointTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly byServer = new Map<string, Map<string, EndpointRecord[]>>();
  private filterText = '';

  constructor(private readonly ctx: Ctx) {
    super();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.changed.fire(undefined);
  }

  /** Drops the cached grouping of one server (or all) and redraws. */
  refresh(serverId?: string): void {
    if (serverId) this.byServer.delete(serverId);
    else this.byServer.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: EndpointTreeNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: EndpointTreeNode): EndpointTreeNode[] {
    const children = !node ? this.servers() : node instanceof ServerNode ? this.tags(node.serverId) : node instanceof TagNode ? node.endpoints.map((e) => new OperationNode(e)) : [];
    // Filtered nodes get their own ids, so VS Code shows them expanded instead of restoring
    // the collapsed state the same node had before filtering.
    if (this.filterText) for (const c of children) c.id = `${c.id}?filtered`;
    return children;
  }

  getParent(node: EndpointTreeNode): EndpointTreeNode | undefined {
    if (node instanceof ServerNode) return undefined;
    const server = this.ctx.store.servers.get(node.serverId);
    if (!server) return undefined;
    if (node instanceof TagNode) return new ServerNode(server, this.count(server.id), true);
    const tags = this.grouped(node.serverId);
    return new TagNode(node.serverId, node.tag, tags.get(node.tag) ?? [], true);
  }

  private servers(): ServerNode[] {
    const servers = this.ctx.store.servers.list();
    const expand = servers.length <= 3 || this.filterText !== '';
    return servers
      .filter((s) => !this.filterText || matches(s.name, this.filterText) || this.count(s.id) > 0)
      .map((s) => new ServerNode(s, this.count(s.id), expand));
  }

  private tags(serverId: string): TagNode[] {
    const groups = this.grouped(serverId);
    const expand = groups.size <= 3 || this.filterText !== '';
    return [...groups].map(([tag, eps]) => new TagNode(serverId, tag, eps, expand));
  }

  /** Endpoint rows shown under a server; unfiltered, counted in SQL so collapsed servers are never loaded. */
  private count(serverId: string): number {
    if (!this.filterText) return this.ctx.store.endpoints.countForServer(serverId);
    let n = 0;
    for (const eps of this.grouped(serverId).values()) n += eps.length;
    return n;
  }

  /** Endpoints by tag, filtered; "default" (untagged) last. */
  private grouped(serverId: string): Map<string, EndpointRecord[]> {
    let all = this.byServer.get(serverId);
    if (!all) {
      all = new Map();
      for (const e of this.ctx.store.endpoints.listByServer(serverId)) {
        const list = all.get(e.tag) ?? [];
        list.push(e);
        all.set(e.tag, list);
      }
      const sorted = [...all].sort(([a], [b]) => (a === 'default' ? 1 : b === 'default' ? -1 : a.localeCompare(b)));
      all = new Map(sorted);
      this.byServer.set(serverId, all);
    }
    if (!this.filterText) return all;
    const out = new Map<string, EndpointRecord[]>();
    for (const [tag, eps] of all) {
      const kept = matches(tag, this.filterText) ? eps : eps.filter((e) => matchesEndpoint(e, this.filterText));
      if (kept.length) out.set(tag, kept);
    }
    return out;
  }
}

function matches(text: string | undefined, filter: string): boolean {
  return !!text && text.toLowerCase().includes(filter.toLowerCase());
}

/** A filter matches the method and path together ("get /items"), the operationId or the summary. */
export function matchesEndpoint(e: EndpointRecord, filter: string): boolean {
  return matches(`${e.method} ${e.path}`, filter) || matches(e.operationId, filter) || matches(e.summary, filter);
}
