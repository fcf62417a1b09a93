// The extension's connection to the cluster: one ClusterSession for the chosen context and
// namespace, replaced when either setting (or the kubeconfig file) changes. The Pods view,
// the status bar and the Endpoints view (through discovery) all read from it. It connects on
// first use — a Metric Vault view shown, a command that needs the cluster — never inside
// activate(): connecting loads the Kubernetes client, the largest of the lazy bundles.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClusterSession, type SessionChange } from '../../app/kube/clusterSession';
import type { DiscoverySettings } from '../../app/discovery/serviceDiscovery';
import { describeAccess } from '../../infra/kube/access';
import { kubeconfigFiles, listKubeContexts } from '../../infra/kube/kubeconfig';
import type { KubeClient } from '../../infra/kube/kubeClient';
import type { ScopedCredentials } from '../../infra/openapi/index';
import type { ServerRecord } from '../../core/model';
import { Disposable } from '../common/lifecycle';
import { onFirstShown } from '../common/views';
import type { MetricVaultConfig } from '../config';
import type { Ctx } from '../context';

function discoverySettings(c: MetricVaultConfig): DiscoverySettings {
  return {
    paths: c.discovery.paths,
    useNodePort: c.discovery.useNodePort,
    nodeAddress: c.discovery.nodeAddress,
    timeoutMs: c.openapi.timeoutSeconds * 1000,
    maxBytes: c.openapi.maxDocumentSizeMb * 1024 * 1024,
  };
}

const clusterConfiguredKey = 'metricVault.clusterConfigured';

/** Whether the kubeconfig lists a context (the Pods view's welcome and menus depend on it). */
function updateConfiguredKey(): void {
  // An unreadable kubeconfig counts as configured: the Pods view shows why it cannot be read.
  const listed = listKubeContexts();
  void vscode.commands.executeCommand('setContext', clusterConfiguredKey, !listed.ok || listed.value.length > 0);
}

export class ClusterService extends Disposable {
  private started = false;
  private _session: ClusterSession | undefined;
  private key = '';
  private kubeconfigWatchers: vscode.Disposable[] = [];
  private readonly changed = this._register(new vscode.EventEmitter<SessionChange | 'session'>());
  /** Anything about the cluster changed: a new session, its status, pods, services, metrics. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    super();
    this._register(ctx.onDidChangeConfig((c) => (this.started ? this.reconcile(c) : undefined)));
    this._register({ dispose: () => this.kubeconfigWatchers.forEach((w) => w.dispose()) });
    this._register({ dispose: () => this._session?.dispose() });
  }

  get session(): ClusterSession | undefined {
    return this._session;
  }

  /** Whether a connection was asked for yet (before that the status bar shows the settings only). */
  get isStarted(): boolean {
    return this.started;
  }

  /** Connects the first time `view` is shown (on a later turn if it already is). */
  connectWhenShown(view: vscode.TreeView<unknown>): void {
    this._register(onFirstShown(view, () => this.ensureStarted()));
  }

  /** Connects unless already connected or connecting: the first use of the cluster. */
  ensureStarted(): void {
    if (!this.started) this.start();
  }

  /** The Kubernetes client of the current session, when connected to a kubeconfig. */
  get kube(): KubeClient | undefined {
    return this._session?.kube;
  }

  /**
   * Credentials for reading a discovered server's documents through the current cluster's
   * service proxy: token, CA and client certificate, scoped to that one service's proxy path.
   * A document reached by NodePort, or saved under another cluster's URL, is outside the scope
   * and read without them.
   */
  async credentialsFor(server: ServerRecord): Promise<ScopedCredentials | undefined> {
    if (server.kind === 'cluster') this.ensureStarted();
    const kube = this.kube;
    if (!kube || server.kind !== 'cluster' || !server.service || server.port === undefined) return undefined;
    return kube.serviceProxyCredentials(server.service, server.port, server.namespace ?? kube.namespace);
  }

  /** Starts (or restarts) the session for the current settings. Does not wait for the cluster. */
  start(): void {
    this.started = true;
    updateConfiguredKey();
    this.restart();
  }

  /** Reconnects from scratch (a new kubeconfig, the user pressed Refresh on an error). */
  restart(): void {
    this.started = true;
    this.key = '';
    this.reconcile(this.ctx.config);
  }

  private reconcile(c: MetricVaultConfig): void {
    const key = JSON.stringify([c.kubeContext, c.namespace, c.discovery.intervalSeconds]);
    if (key === this.key) return;
    this.key = key;
    this._session?.dispose();
    const session = new ClusterSession({
      store: this.ctx.store,
      context: c.kubeContext || undefined,
      namespace: c.namespace,
      discovery: () => discoverySettings(this.ctx.config),
      discoveryIntervalMs: c.discovery.intervalSeconds * 1000,
      onDiscoveryRefused: (id, message) => this.logOnce(`Discovery: ${id}: ${message}`),
    });
    this._session = session;
    session.onDidChange((what) => this.changed.fire(what));
    session.onDidChangeServers((ids) => {
      for (const id of ids) this.ctx.endpointsChanged(id);
      this.changed.fire('discovery');
    });
    session.onDidChange((what) => {
      if (what === 'status' && session.status.kind === 'error') this.ctx.output.warn(`Kubernetes: ${session.status.error.message}`);
      if (what === 'status' && session.status.kind === 'ready') {
        const denied = session.status.access?.denied ?? [];
        if (denied.length) this.ctx.output.warn(`Kubernetes: missing permissions in "${session.namespace}": ${denied.map(describeAccess).join(', ')}`);
      }
    });
    this.watchKubeconfig();
    this.changed.fire('session');
    void session.start();
  }

  private readonly logged = new Set<string>();

  /** A warning repeated by every discovery tick is logged once. */
  private logOnce(line: string): void {
    if (this.logged.has(line)) return;
    this.logged.add(line);
    this.ctx.output.warn(line);
  }

  /** A kubeconfig that appears or changes (k3s.yaml copied in) reconnects without a reload. */
  private watchKubeconfig(): void {
    this.kubeconfigWatchers.forEach((w) => w.dispose());
    this.kubeconfigWatchers = [];
    const files = kubeconfigFiles();
    const candidates = files.length ? files : [process.env.KUBECONFIG?.split(path.delimiter)[0] || path.join(os.homedir(), '.kube', 'config')];
    for (const file of candidates) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const onChange = () => {
        updateConfiguredKey();
        this.restart();
      };
      w.onDidCreate(onChange);
      w.onDidChange(onChange);
      w.onDidDelete(onChange);
      this.kubeconfigWatchers.push(w);
    }
  }
}
