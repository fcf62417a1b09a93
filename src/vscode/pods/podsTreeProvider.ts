// The Pods view provider. The model is the cluster session (kept live by watches); this only
// turns its cache into nodes — getChildren never waits on the network — and refreshes,
// coalesced, when the session says something changed.
import * as vscode from 'vscode';
import type { KubeError } from '../../core/result';
import { describeAccess } from '../../infra/kube/access';
import { kubeconfigFiles } from '../../infra/kube/kubeconfig';
import { Disposable } from '../common/lifecycle';
import type { ClusterService } from '../kube/clusterService';
import { ageRefreshMs, groupPods } from '../../core/kube/podGroups';
import { ContainerNode, FinishedLoadTestsNode, type MessageAction, MessageNode, PodNode, type PodsNode, TotalsNode, type UsageNote } from './podNodes';

/** What to offer for each kind of connection problem. */
export function actionFor(error: KubeError): MessageAction {
  switch (error.kind) {
    case 'no-kubeconfig':
      return { title: 'Select Kubernetes Context…', command: 'metricVault.selectContext' };
    case 'namespace-missing':
      return { title: 'Open Settings (metricVault.namespace)', command: 'workbench.action.openSettings', arguments: ['metricVault.namespace'] };
    case 'unauthorized':
      return { title: 'Select Kubernetes Context…', command: 'metricVault.selectContext' };
    default:
      return { title: 'Retry', command: 'metricVault.pods.refresh' };
  }
}

export class PodsTreeProvider extends Disposable implements vscode.TreeDataProvider<PodsNode> {
  private readonly changed = this._register(new vscode.EventEmitter<PodsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Redraws the age column from the cache (no request): ages are relative to now. */
  private ageTimer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;

  constructor(private readonly cluster: ClusterService) {
    super();
    // Every kind of change shows in the view (pods, services, usage, status, discovered servers).
    this._register(cluster.onDidChange(() => this.refreshSoon()));
    this._register({ dispose: () => (clearTimeout(this.pending), clearTimeout(this.ageTimer)) });
  }

  /** Ages tick only while the view can be seen. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.refreshSoon();
    else clearTimeout(this.ageTimer);
  }

  /** Coalesces bursts of watch events (a Job's pods starting) into one repaint. */
  refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire(undefined);
    }, 100);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: PodsNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: PodsNode): PodsNode[] {
    if (node instanceof FinishedLoadTestsNode) return node.pods;
    if (node instanceof PodNode) {
      const containers = node.summary.containers.map((c) => new ContainerNode(node.summary.name, c));
      return [...containers, new TotalsNode(node.summary)];
    }
    if (node) return [];
    return this.roots();
  }

  private roots(): PodsNode[] {
    const session = this.cluster.session;
    if (!session) return [];
    const status = session.status;
    if (status.kind === 'error') {
      // Without any kubeconfig the welcome view explains it better than a row.
      if (status.error.kind === 'no-kubeconfig' && kubeconfigFiles().length === 0) return [];
      return this.errorRows(status.error);
    }
    if (status.kind === 'connecting') {
      return [new MessageNode(`Connecting to ${session.contextName ?? 'the cluster'}…`, { icon: 'loading~spin', description: `namespace ${session.namespace}`, id: 'msg:connecting' })];
    }
    const rows: PodsNode[] = [];
    const podsState = session.podsState;
    if (podsState?.phase === 'connecting') {
      rows.push(new MessageNode('Loading pods…', { icon: 'loading~spin', id: 'msg:loading' }));
    } else if (podsState?.phase === 'failed') {
      if (!podsState.everSynced) return this.errorRows(podsState.error);
      rows.push(
        new MessageNode('Reconnecting… pods may be out of date', {
          icon: 'sync~spin',
          color: 'list.warningForeground',
          description: podsState.error.message,
          tooltip: `${podsState.error.message}\n\n${podsState.error.nextStep ?? ''}\n\nRetrying in ${Math.ceil(podsState.retryInMs / 1000)} s; click to retry now.`,
          action: { title: 'Retry', command: 'metricVault.pods.refresh' },
          id: 'msg:reconnecting',
        }),
      );
    }
    const denied = status.access?.denied ?? [];
    if (denied.length > 0) {
      rows.push(
        new MessageNode(`Missing permissions: ${denied.map(describeAccess).join(', ')}`, {
          icon: 'shield',
          color: 'list.warningForeground',
          tooltip: `Your user may not ${denied.map(describeAccess).join(', ')} in namespace "${session.namespace}". ${denied.some((d) => d.feature === 'runs') ? 'Load tests cannot run in the cluster. ' : ''}${denied.some((d) => d.feature === 'discovery') ? 'Services are not searched for OpenAPI documents. ' : ''}${denied.some((d) => d.feature === 'metrics') ? 'Live usage is unavailable. ' : ''}Ask a cluster admin for a Role granting them.`,
          id: 'msg:access',
        }),
      );
    }
    const pods = session.pods();
    if (pods.length === 0) {
      // Nothing to say: the welcome view ("No pods found") shows.
      if (rows.length === 0) return [];
      if (podsState?.phase === 'synced') rows.push(new MessageNode(`No pods in namespace "${session.namespace}"`, { icon: 'info', id: 'msg:empty' }));
      return rows;
    }
    const note = this.usageNote();
    const summaries = session.podSummaries();
    const now = Date.now();
    const node = (i: number) => new PodNode(summaries[i], pods[i], session.serverIdsForPod(pods[i]), summaries[i].usage ? undefined : note, now);
    const groups = groupPods(summaries);
    rows.push(...groups.current.map(node));
    if (groups.finishedLoadTests.length > 0) rows.push(new FinishedLoadTestsNode(groups.finishedLoadTests.map(node)));
    this.scheduleAges(summaries.map((s) => s.createdAt), now);
    return rows;
  }

  private scheduleAges(createdAt: (number | undefined)[], now: number): void {
    clearTimeout(this.ageTimer);
    const ms = this.visible ? ageRefreshMs(createdAt, now) : undefined;
    if (ms !== undefined) this.ageTimer = setTimeout(() => this.changed.fire(undefined), ms);
  }

  private usageNote(): UsageNote {
    const m = this.cluster.session?.metrics;
    if (!m) return undefined;
    if (m.error?.kind === 'metrics-unavailable') return 'metrics-server not found';
    if (m.error) return 'usage unavailable';
    return m.at ? 'no usage yet' : undefined;
  }

  private errorRows(error: KubeError): PodsNode[] {
    const action = actionFor(error);
    return [
      new MessageNode(error.message, { icon: 'error', color: 'errorForeground', tooltip: [error.message, error.nextStep].filter(Boolean).join('\n\n'), id: `msg:error:${error.kind}` }),
      new MessageNode(action.title, { icon: 'arrow-right', description: error.nextStep, tooltip: error.nextStep, action, id: `msg:action:${error.kind}` }),
    ];
  }
}
