// One connection to one context + namespace, and everything live that hangs off it: the pods
// and services watches, the metrics poller, and service discovery. The extension creates one
// per (context, namespace) and disposes it when either changes; the CLI uses KubeClient
// directly. Connecting checks, in order: kubeconfig → API server and namespace → access.
import { Emitter } from '../../core/events';
import type { PodJson, ServiceJson } from '../../core/kube/objects';
import { selectsPod, summarizePod, type PodSummary } from '../../core/kube/podSummary';
import { kubeError, type KubeError } from '../../core/result';
import type { BackoffPolicy, Scheduler } from '../../core/timing';
import { type AccessReport, describeAccess, isAllowed } from '../../infra/kube/access';
import { KubeClient } from '../../infra/kube/kubeClient';
import type { ListWatch, ListWatchState } from '../../infra/kube/listWatch';
import type { Store } from '../../infra/store/store';
import { clusterServerId, type DiscoverySettings, ServiceDiscovery } from '../discovery/serviceDiscovery';
import { type MetricsState, PodMetricsPoller } from './podMetricsPoller';

export interface ClusterSessionOptions {
  store: Store;
  env?: NodeJS.ProcessEnv;
  /** Empty: the kubeconfig's current context. */
  context?: string;
  namespace: string;
  discovery: () => DiscoverySettings;
  discoveryIntervalMs: number;
  metricsIntervalMs?: number;
  /** Discovery refused to follow a service's page or redirect (why, for the log). */
  onDiscoveryRefused?: (serverId: string, message: string) => void;
  backoff?: BackoffPolicy;
  scheduler?: Scheduler;
}

export type SessionStatus =
  | { kind: 'connecting' }
  /** Nothing can be shown: the error says why and what to do. */
  | { kind: 'error'; error: KubeError }
  | { kind: 'ready'; access?: AccessReport };

export type SessionChange = 'status' | 'pods' | 'services' | 'metrics' | 'discovery';

export class ClusterSession {
  private _status: SessionStatus = { kind: 'connecting' };
  private client: KubeClient | undefined;
  private podsWatch: ListWatch<PodJson> | undefined;
  private servicesWatch: ListWatch<ServiceJson> | undefined;
  private metricsPoller: PodMetricsPoller | undefined;
  private discoveryWorker: ServiceDiscovery | undefined;
  private metricsActive = false;
  private disposed = false;
  private discoveryDebounce: ReturnType<typeof setTimeout> | undefined;
  private readonly changeEmitter = new Emitter<SessionChange>('cluster session changes');
  private readonly serversEmitter = new Emitter<string[]>('cluster servers');

  readonly onDidChange = this.changeEmitter.event;
  /** Cluster servers discovery wrote or removed (their ids). */
  readonly onDidChangeServers = this.serversEmitter.event;

  constructor(private readonly opts: ClusterSessionOptions) {}

  get status(): SessionStatus {
    return this._status;
  }

  get kube(): KubeClient | undefined {
    return this.client;
  }

  get namespace(): string {
    return this.client?.namespace ?? this.opts.namespace;
  }

  get contextName(): string | undefined {
    return this.client?.contextName;
  }

  /** The pods watch state (for "reconnecting…" messages while pods are still shown). */
  get podsState(): ListWatchState | undefined {
    return this.podsWatch?.state;
  }

  get metrics(): MetricsState | undefined {
    return this.metricsPoller?.state;
  }

  get discovery(): ServiceDiscovery | undefined {
    return this.discoveryWorker;
  }

  pods(): PodJson[] {
    return this.podsWatch?.items() ?? [];
  }

  services(): ServiceJson[] {
    return this.servicesWatch?.items() ?? [];
  }

  /** Pods joined with their usage, as the view and the CLI show them. */
  podSummaries(): PodSummary[] {
    const byPod = this.metricsPoller?.state.byPod;
    return this.pods().map((p) => summarizePod(p, byPod?.get(p.metadata?.name ?? '')));
  }

  /** Ids of the discovered servers of the services that select this pod. */
  serverIdsForPod(pod: PodJson): string[] {
    const ids: string[] = [];
    for (const svc of this.services()) {
      if (!selectsPod(svc.spec?.selector, pod.metadata?.labels)) continue;
      for (const port of svc.spec?.ports ?? []) {
        const id = clusterServerId(this.namespace, svc.metadata?.name ?? '', port.port);
        if (this.opts.store.servers.get(id)) ids.push(id);
      }
    }
    return ids;
  }

  /** Connects and starts the watches, discovery, and (when active) metrics. Never throws. */
  async start(): Promise<void> {
    const opened = KubeClient.open({ env: this.opts.env, context: this.opts.context, namespace: this.opts.namespace });
    if (!opened.ok) return this.setStatus({ kind: 'error', error: opened.error });
    this.client = opened.value;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = this.client;
    if (!client || this.disposed) return;
    this.setStatus({ kind: 'connecting' });
    const ns = await client.verifyNamespace();
    if (this.disposed) return;
    if (!ns.ok) return this.setStatus({ kind: 'error', error: ns.error });
    const access = await client.checkAccess();
    if (this.disposed) return;
    if (access.ok && !isAllowed(access.value, 'pods')) {
      const missing = access.value.denied.filter((d) => d.feature === 'pods').map(describeAccess);
      return this.setStatus({
        kind: 'error',
        error: kubeError(
          'forbidden',
          `Not allowed to ${missing.join(', ')} in namespace "${client.namespace}".`,
          `Ask a cluster admin for a Role in "${client.namespace}" allowing get/list/watch on pods (and services, pods/log, services/proxy), bound to your user.`,
          403,
        ),
      });
    }
    this.startWatches(client);
    this.setStatus({ kind: 'ready', ...(access.ok ? { access: access.value } : {}) });
  }

  private startWatches(client: KubeClient): void {
    const watchOpts = { backoff: this.opts.backoff, scheduler: this.opts.scheduler };
    this.podsWatch = client.watchPods(watchOpts);
    this.podsWatch.onDidChange(() => this.changeEmitter.fire('pods'));
    this.podsWatch.onDidChangeState(() => this.changeEmitter.fire('pods'));
    this.servicesWatch = client.watchServices(watchOpts);
    this.servicesWatch.onDidChange((changes) => {
      this.changeEmitter.fire('services');
      // The first list starts discovery; later a service that appeared, changed or went is
      // looked at now, not at the next tick.
      if (changes.length > 0 || !this.discoveryWorker?.isRunning) this.scheduleDiscovery();
    });
    this.servicesWatch.onDidChangeState((s) => {
      // Without a services watch, discovery still runs on its own list.
      if (s.phase === 'failed' && !this.discoveryWorker?.isRunning) this.scheduleDiscovery();
    });
    this.metricsPoller = new PodMetricsPoller(client, { intervalMs: this.opts.metricsIntervalMs, scheduler: this.opts.scheduler });
    this.metricsPoller.onDidChangeState(() => this.changeEmitter.fire('metrics'));
    const servicesFromCache = async () => {
      const state = this.servicesWatch?.state;
      if (state?.phase === 'synced') return { ok: true as const, value: { items: this.services() } };
      return client.listServices();
    };
    this.discoveryWorker = new ServiceDiscovery(client, this.opts.store, this.opts.discovery, {
      intervalMs: this.opts.discoveryIntervalMs,
      scheduler: this.opts.scheduler,
      services: servicesFromCache,
      onRefused: this.opts.onDiscoveryRefused,
    });
    this.discoveryWorker.onDidChangeServers((ids) => this.serversEmitter.fire(ids));
    this.discoveryWorker.onDidChangeError(() => this.changeEmitter.fire('discovery'));
    this.podsWatch.start();
    this.servicesWatch.start();
    // The first discovery tick comes from the services watch's first list.
    if (this.metricsActive) this.metricsPoller.start();
  }

  private scheduleDiscovery(): void {
    if (this.discoveryDebounce) clearTimeout(this.discoveryDebounce);
    this.discoveryDebounce = setTimeout(() => {
      this.discoveryDebounce = undefined;
      if (this.disposed || !this.discoveryWorker) return;
      if (this.discoveryWorker.isRunning) void this.discoveryWorker.runNow();
      else this.discoveryWorker.start();
    }, 300);
    this.discoveryDebounce.unref?.();
  }

  /** Polls metrics only while someone looks (the Pods view is visible, a CLI asks). */
  setMetricsActive(active: boolean): void {
    this.metricsActive = active;
    if (!this.metricsPoller) return;
    if (active) this.metricsPoller.start();
    else this.metricsPoller.stop();
  }

  /** The user asked to refresh: reconnect if broken, otherwise re-read everything now. */
  async refresh(): Promise<void> {
    if (!this.client) return this.start();
    if (this._status.kind === 'error') {
      this.stopWatches();
      return this.connect();
    }
    this.podsWatch?.retryNow();
    this.servicesWatch?.retryNow();
    if (this.metricsActive) void this.metricsPoller?.runNow();
    if (this.discoveryWorker?.isRunning) void this.discoveryWorker.runNow();
  }

  private setStatus(s: SessionStatus): void {
    this._status = s;
    this.changeEmitter.fire('status');
  }

  private stopWatches(): void {
    this.podsWatch?.dispose();
    this.servicesWatch?.dispose();
    this.metricsPoller?.dispose();
    this.discoveryWorker?.dispose();
    this.podsWatch = this.servicesWatch = undefined;
    this.metricsPoller = undefined;
    this.discoveryWorker = undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.discoveryDebounce) clearTimeout(this.discoveryDebounce);
    this.stopWatches();
    this.changeEmitter.dispose();
    this.serversEmitter.dispose();
  }
}
