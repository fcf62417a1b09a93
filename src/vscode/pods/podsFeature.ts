// The Pods view: the test namespace's pods kept live by watches, their resource specs and
// usage, and actions on a pod (logs, copy name, its endpoints, load-test its service).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import type { ClusterService } from '../kube/clusterService';
import type { EndpointsView } from '../endpoints/endpointsView';
import { ContainerNode, PodNode, type PodsNode } from './podNodes';
import type { PodLogs } from './podLogs';
import { PodsTreeProvider } from './podsTreeProvider';

function podNameOf(node: PodsNode | undefined): string | undefined {
  if (node instanceof PodNode) return node.summary.name;
  if (node instanceof ContainerNode) return node.podName;
  return undefined;
}

async function showLogs(cluster: ClusterService, logs: PodLogs, node?: PodsNode): Promise<void> {
  const kube = cluster.kube;
  const session = cluster.session;
  if (!kube || !session || session.status.kind !== 'ready') {
    void vscode.window.showWarningMessage('Metric Vault is not connected to a cluster.', 'Select Kubernetes Context').then((a) => a && vscode.commands.executeCommand('metricVault.selectContext'));
    return;
  }
  let pod = podNameOf(node);
  if (!pod) {
    const pick = await vscode.window.showQuickPick(
      session.podSummaries().map((s) => ({ label: s.name, description: s.status })),
      { title: 'Show Logs', placeHolder: `A pod in namespace ${session.namespace}` },
    );
    pod = pick?.label;
  }
  if (!pod) return;
  let container = node instanceof ContainerNode ? node.container.name : undefined;
  if (!container) {
    const summary = session.podSummaries().find((s) => s.name === pod);
    // App containers first: they are what one usually wants to read.
    const names = [...(summary?.containers ?? [])].sort((a, b) => Number(a.role !== 'app') - Number(b.role !== 'app')).map((c) => c.name);
    if (names.length > 1) {
      container = (await vscode.window.showQuickPick(names, { title: `Show Logs: ${pod}`, placeHolder: 'Which container?' })) ?? undefined;
      if (!container) return;
    } else container = names[0];
  }
  if (!container) return;
  await logs.show(kube, pod, container);
}

async function copyName(node?: PodsNode): Promise<void> {
  const name = podNameOf(node);
  if (!name) return;
  await vscode.env.clipboard.writeText(name);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${name}`, 3000);
}

function discoveredServers(cluster: ClusterService, node?: PodsNode): string[] {
  if (!(node instanceof PodNode)) return [];
  return cluster.session?.serverIdsForPod(node.pod) ?? node.serverIds;
}

async function pickServer(ctx: Ctx, ids: string[], title: string): Promise<string | undefined> {
  if (ids.length <= 1) return ids[0];
  const pick = await vscode.window.showQuickPick(
    ids.map((id) => {
      const s = ctx.store.servers.get(id);
      return { label: s ? `${s.name}:${s.port ?? ''}` : id, description: s?.baseUrl, id };
    }),
    { title },
  );
  return pick?.id;
}

async function revealEndpoints(ctx: Ctx, cluster: ClusterService, endpoints: EndpointsView, node?: PodsNode): Promise<void> {
  const ids = discoveredServers(cluster, node);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage(`No service selecting ${podNameOf(node) ?? 'this pod'} serves an OpenAPI document that Metric Vault found (paths probed: metricVault.discovery.paths).`, 'Open Settings').then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'metricVault.discovery.paths'));
    return;
  }
  const id = await pickServer(ctx, ids, 'Reveal Endpoints');
  if (!id) return;
  await vscode.commands.executeCommand('metricVault.endpoints.focus');
  if (!(await endpoints.revealServer(id))) void vscode.window.showInformationMessage(`The server ${id} is not in the Endpoints view yet; discovery adds it on its next pass.`);
}

async function loadTestService(ctx: Ctx, cluster: ClusterService, node?: PodsNode): Promise<void> {
  const ids = discoveredServers(cluster, node);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage(`No OpenAPI document was found for the services of ${podNameOf(node) ?? 'this pod'}, so there are no endpoints to load test.`);
    return;
  }
  const serverId = await pickServer(ctx, ids, 'Load Test Service');
  if (serverId) await vscode.commands.executeCommand('metricVault.createLoadTest', { serverId });
}

export const podsFeature: Feature = {
  name: 'pods',
  commands: {
    'metricVault.pods.refresh': (_ctx, { cluster }) => async () => {
      if (!cluster.session || cluster.session.status.kind === 'error') cluster.restart();
      else await cluster.session.refresh();
    },
    'metricVault.pods.showLogs': (_ctx, { cluster, podLogs }) => (node?: PodsNode) => showLogs(cluster, podLogs, node),
    'metricVault.pods.copyName': () => (node?: PodsNode) => copyName(node),
    'metricVault.pods.revealEndpoints': (ctx, { cluster, endpointsView }) => (node?: PodsNode) => revealEndpoints(ctx, cluster, endpointsView, node),
    'metricVault.loadTestService': (ctx, { cluster }) => (node?: PodsNode) => loadTestService(ctx, cluster, node),
  },
  activate(ctx, { cluster }) {
    const provider = ctx.register(new PodsTreeProvider(cluster));
    const view = ctx.register(vscode.window.createTreeView('metricVault.pods', { treeDataProvider: provider, showCollapseAll: true }));
    cluster.connectWhenShown(view);
    const describe = () => {
      const s = cluster.session;
      view.description = s ? [s.contextName ?? ctx.config.kubeContext, s.namespace].filter(Boolean).join(' / ') : undefined;
    };
    // Usage is polled only while someone can see it.
    const syncVisibility = () => {
      cluster.session?.setMetricsActive(view.visible);
      provider.setVisible(view.visible);
    };
    ctx.register(view.onDidChangeVisibility(syncVisibility));
    ctx.register(
      cluster.onDidChange((what) => {
        if (what === 'session' || what === 'status') {
          describe();
          syncVisibility();
        }
      }),
    );
    describe();
    syncVisibility();
  },
};
