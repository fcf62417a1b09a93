// Choosing the Kubernetes context Metric Vault talks to. The choice is a setting, so it
// survives reloads and can be set per workspace.
import * as vscode from 'vscode';
import { kubeconfigFiles, listKubeContexts } from '../../infra/kube/kubeconfig';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import type { ClusterService } from './clusterService';
import { KubeStatusBar } from './kubeStatusBar';

async function selectContext(ctx: Ctx, cluster: ClusterService): Promise<string | undefined> {
  cluster.ensureStarted();
  const listed = listKubeContexts();
  if (!listed.ok) {
    const file = kubeconfigFiles()[0];
    const choice = await vscode.window.showErrorMessage(`${listed.error.message} ${listed.error.nextStep ?? ''}`, ...(file ? ['Open Kubeconfig'] : []));
    if (choice && file) await vscode.window.showTextDocument(vscode.Uri.file(file));
    return undefined;
  }
  const contexts = listed.value;
  if (contexts.length === 0) {
    const files = kubeconfigFiles();
    const detail = files.length === 0 ? 'No kubeconfig was found (KUBECONFIG or ~/.kube/config).' : `The kubeconfig ${files[0]} lists no contexts.`;
    const choice = await vscode.window.showWarningMessage(`${detail} Copy your k3s kubeconfig (/etc/rancher/k3s/k3s.yaml) there, then try again.`, 'Open Settings');
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'metricVault.kubeContext');
    return undefined;
  }
  const chosen = ctx.config.kubeContext;
  const pick = await vscode.window.showQuickPick(
    contexts.map((c) => ({
      label: c.name,
      description: [c.current ? 'kubeconfig current' : '', c.name === chosen ? 'selected' : ''].filter(Boolean).join(' · '),
      detail: `cluster ${c.cluster} · user ${c.user}${c.namespace ? ` · namespace ${c.namespace}` : ''}`,
    })),
    { title: 'Metric Vault: Select Kubernetes Context', placeHolder: 'The context whose test namespace Metric Vault shows and runs in' },
  );
  if (!pick) return undefined;
  await vscode.workspace.getConfiguration('metricVault').update('kubeContext', pick.label, vscode.ConfigurationTarget.Global);
  return pick.label;
}

export const kubeContextFeature: Feature = {
  name: 'kube-context',
  commands: {
    'metricVault.selectContext': (ctx, { cluster }) => () => selectContext(ctx, cluster),
  },
  activate(ctx, { cluster }) {
    ctx.register(new KubeStatusBar(ctx, cluster));
    // No connection here: the cluster service connects when a Metric Vault view is first shown
    // (the Pods, Endpoints and Runs features hand it their views) or a command needs it.
  },
};
