// The status-bar item showing which cluster Metric Vault talks to (`context / namespace`);
// clicking it picks another context. It turns into a warning when the connection fails.
import * as vscode from 'vscode';
import { kubeconfigCurrentContext } from '../../infra/kube/kubeconfig';
import { Disposable } from '../common/lifecycle';
import { mdText } from '../common/markdown';
import type { Ctx } from '../context';
import type { ClusterService } from './clusterService';

export class KubeStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('metricVault.kubeContext', vscode.StatusBarAlignment.Left, 50));
  /** The kubeconfig's current context, read once at activation: named before any view connects. */
  private kubeconfigCurrent: string | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly cluster: ClusterService,
  ) {
    super();
    this.item.name = 'Metric Vault: Kubernetes Context';
    this.item.command = 'metricVault.selectContext';
    this._register(cluster.onDidChange((what) => (what === 'status' || what === 'session' ? this.update() : undefined)));
    this._register(ctx.onDidChangeConfig(() => this.update()));
    this.update();
    this.item.show();
    // Read in the background with a line match, not the Kubernetes client: that loads only when
    // a view connects.
    void kubeconfigCurrentContext().then((name) => {
      this.kubeconfigCurrent = name;
      this.update();
    });
  }

  private update(): void {
    const session = this.cluster.session;
    const status = session?.status;
    const context = session?.contextName ?? (this.ctx.config.kubeContext || this.kubeconfigCurrent || undefined);
    const namespace = this.ctx.config.namespace;
    if (status?.kind === 'error' && status.error.kind === 'no-kubeconfig' && !session?.kube) {
      this.item.text = '$(server-environment) No cluster';
      this.item.tooltip = new vscode.MarkdownString(`**Metric Vault**: ${mdText(status.error.message)}\n\n${mdText(status.error.nextStep ?? '')}\n\nClick to select a Kubernetes context.`);
      this.item.backgroundColor = undefined;
      this.item.accessibilityInformation = { label: 'Metric Vault: no Kubernetes cluster configured. Select a context.' };
      return;
    }
    const label = `${context ?? 'current context'} / ${namespace}`;
    const failed = status?.kind === 'error';
    this.item.text = `${failed ? '$(warning)' : status?.kind === 'connecting' ? '$(loading~spin)' : '$(server-environment)'} ${label}`;
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // Context and server come from a kubeconfig, messages from the API server: data, never markup.
    const md = new vscode.MarkdownString(`**Metric Vault** — context ${context ? mdText(context) : '(kubeconfig current)'}, namespace ${mdText(namespace)}`);
    if (session?.kube) md.appendMarkdown(`\n\nAPI server: ${mdText(session.kube.server)}`);
    if (failed) md.appendMarkdown(`\n\n$(warning) ${mdText(status.error.message)}${status.error.nextStep ? `\n\n${mdText(status.error.nextStep)}` : ''}`);
    if (!this.cluster.isStarted) md.appendMarkdown('\n\nNot connected yet: Metric Vault connects when one of its views is shown.');
    md.appendMarkdown('\n\nClick to select another context.');
    md.supportThemeIcons = true;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Metric Vault Kubernetes context ${label}${failed ? ', connection failed' : ''}. Select another context.` };
  }
}
