// Finds the OpenAPI document of every service in the namespace and keeps the store's cluster
// servers in step with it: a periodic worker (the Template Method shared with the run
// monitor) whose tick probes each service port through the API server's service proxy (or a
// NodePort), diffs what it found against the store, and publishes only the changes.
import { Emitter } from '../../core/events';
import type { EndpointRecord, ServerRecord } from '../../core/model';
import type { ServiceJson, ServicePortJson } from '../../core/kube/objects';
import { registeredBaseUrl } from '../../core/openapi/baseUrl';
import type { ApiDocument } from '../../core/openapi/model';
import type { Errorable, KubeError } from '../../core/result';
import type { BackoffPolicy, Scheduler } from '../../core/timing';
import { type AnalyzeOptions, isOpenApiError, listSource, readOpenApiSource, type ScopedCredentials } from '../../infra/openapi/index';
import type { Store } from '../../infra/store/store';
import { documentToEndpoints } from '../endpoints/servers';
import { PeriodicWorker } from '../periodicWorker';

/** How discovery reaches the cluster (KubeClient implements it). */
export interface ClusterAccess {
  readonly namespace: string;
  listServices(): Promise<Errorable<{ items: ServiceJson[] }>>;
  /** The full URL of `<path>` behind `<svc>:<port>` in the API server's service proxy. */
  serviceProxyUrl(service: string, port: number | string, path?: string): string;
  /** Credentials (token, CA, client certificate) for that service's proxy path only. */
  serviceProxyCredentials(service: string, port: number | string): Promise<ScopedCredentials>;
}

export interface DiscoverySettings {
  /** Paths probed on each port, in order (`metricVault.discovery.paths`). */
  paths: string[];
  useNodePort: boolean;
  nodeAddress: string;
  /** Per document (`metricVault.openapi.timeoutSeconds`). */
  timeoutMs: number;
  maxBytes: number;
}

/** What one probe of one service port found. */
export type PortProbe =
  | { status: 'found'; server: ServerRecord; document?: ApiDocument }
  /** Every path answered, none with a document: the port serves no OpenAPI. */
  | { status: 'none'; serverId: string; reason: string }
  /** The port could not be asked (no endpoints, timeout): keep whatever we knew. */
  | { status: 'unknown'; serverId: string; reason: string };

export interface DiscoverySnapshot {
  namespace: string;
  /** serverId → probe, for every TCP port of every service. */
  probes: Map<string, PortProbe>;
}

export interface DiscoveryChange {
  upserts: { server: ServerRecord; document?: ApiDocument }[];
  removals: string[];
}

export interface DiscoveryOptions {
  intervalMs: number;
  backoff?: BackoffPolicy;
  scheduler?: Scheduler;
  now?: () => number;
  /** Probes at most this many ports at once. */
  concurrency?: number;
  /** Where the services come from (default: access.listServices, e.g. a watch cache instead). */
  services?: () => Promise<Errorable<{ items: ServiceJson[] }>>;
  /**
   * Told when a service's page or redirect named a place discovery will not go (another API of
   * the API server, a link-local or metadata address): the user learns why it has no endpoints.
   */
  onRefused?: (serverId: string, message: string) => void;
}

export class DiscoveryError extends Error {
  constructor(readonly error: KubeError) {
    super(error.message);
  }
}

export function clusterServerId(namespace: string, service: string, port: number): string {
  return `cluster:${namespace}/${service}:${port}`;
}

export function inClusterBaseUrl(namespace: string, service: string, port: number): string {
  return `http://${service}.${namespace}.svc.cluster.local:${port}`;
}

// Ports that speak something other than HTTP: asking them through the proxy only costs a timeout.
const nonHttpPorts = new Set([22, 25, 53, 3306, 5432, 6379, 9042, 9092, 11211, 27017, 2181, 5672, 1883]);
const nonHttpNames = /^(grpc|tcp|udp|dns|postgres|postgresql|mysql|redis|mongo|mongodb|amqp|mqtt|kafka|zookeeper|memcached|smtp|ssh)(-|$)/i;

/** The ports worth probing: TCP, and not named or numbered as a well-known non-HTTP protocol. */
export function httpCandidatePorts(svc: ServiceJson): ServicePortJson[] {
  return (svc.spec?.ports ?? []).filter(
    (p) => (p.protocol ?? 'TCP') === 'TCP' && !nonHttpPorts.has(p.port) && !nonHttpNames.test(p.name ?? '') && !/grpc/i.test(p.appProtocol ?? ''),
  );
}

function looksLikeOpenApi(bytes: Buffer): boolean {
  return /["']?(openapi|swagger)["']?\s*:/.test(bytes.subarray(0, 4096).toString('utf8'));
}

/** A probe failure that says "nothing here" rather than "could not ask". */
function isDefinitive(err: unknown): boolean {
  if (!isOpenApiError(err)) return false;
  if (err.kind === 'not-found' || err.kind === 'not-openapi' || err.kind === 'invalid' || err.kind === 'unsupported' || err.kind === 'refused') return true;
  return err.kind === 'http-status' && !/\b5\d\d\b/.test(err.message);
}

export class ServiceDiscovery extends PeriodicWorker<DiscoverySnapshot, DiscoveryChange> {
  private readonly changedEmitter = new Emitter<string[]>('discovered services');
  private readonly errorEmitter = new Emitter<KubeError | undefined>('discovery errors');
  private lastError: KubeError | undefined;

  /** Server ids whose record or endpoints were written or removed by a tick. */
  readonly onDidChangeServers = this.changedEmitter.event;
  /** The cluster error that stopped the last tick (undefined once a tick succeeds again). */
  readonly onDidChangeError = this.errorEmitter.event;

  constructor(
    private readonly access: ClusterAccess,
    private readonly store: Store,
    private readonly settings: () => DiscoverySettings,
    private readonly opts: DiscoveryOptions,
  ) {
    super({ name: `discovery ${access.namespace}`, intervalMs: opts.intervalMs, backoff: opts.backoff, scheduler: opts.scheduler });
  }

  get error(): KubeError | undefined {
    return this.lastError;
  }

  override dispose(): void {
    super.dispose();
    this.changedEmitter.dispose();
    this.errorEmitter.dispose();
  }

  protected async fetch(signal: AbortSignal): Promise<DiscoverySnapshot> {
    const listed = await (this.opts.services ?? (() => this.access.listServices()))();
    if (!listed.ok) throw new DiscoveryError(listed.error);
    const settings = this.settings();
    const jobs: (() => Promise<[string, PortProbe]>)[] = [];
    for (const svc of listed.value.items) {
      const name = svc.metadata?.name;
      if (!name) continue;
      for (const port of httpCandidatePorts(svc)) {
        const id = clusterServerId(this.access.namespace, name, port.port);
        jobs.push(async () => [id, await this.probePort(name, port, id, settings, signal)]);
      }
    }
    const probes = new Map(await runLimited(jobs, this.opts.concurrency ?? 4));
    return { namespace: this.access.namespace, probes };
  }

  private async probePort(service: string, port: ServicePortJson, id: string, s: DiscoverySettings, signal: AbortSignal): Promise<PortProbe> {
    const viaNodePort = s.useNodePort && port.nodePort !== undefined;
    const base = viaNodePort ? `http://${s.nodeAddress}:${port.nodePort}` : this.access.serviceProxyUrl(service, port.port, '').replace(/\/$/, '');
    const options: AnalyzeOptions = { timeoutMs: s.timeoutMs, maxBytes: s.maxBytes, signal, ...(viaNodePort ? {} : { credentials: await this.access.serviceProxyCredentials(service, port.port) }) };
    const existing = this.store.servers.get(id);
    // The path that worked last time first, then the configured ones.
    const known = existing?.specUrl?.startsWith(base) ? [existing.specUrl.slice(base.length) || '/'] : [];
    const paths = [...new Set([...known, ...s.paths])];
    const reasons: string[] = [];
    let transient = false;
    for (const p of paths) {
      const source = base + (p.startsWith('/') ? p : `/${p}`);
      try {
        const loaded = await readOpenApiSource(source, options);
        if (loaded.strategy === 'direct' && !looksLikeOpenApi(loaded.document.bytes)) {
          reasons.push(`${p}: not an OpenAPI document`);
          continue;
        }
        const now = this.opts.now?.() ?? Date.now();
        const unchanged = existing?.specHash === loaded.hash && this.store.endpoints.countForServer(id) > 0;
        const document = unchanged ? undefined : await listSource(source, loaded, options);
        const server: ServerRecord = {
          id,
          kind: 'cluster',
          name: service,
          // The service's in-cluster URL with the base path its document declares (`servers: [{ url: /api/v3 }]`).
          baseUrl: document ? registeredBaseUrl(inClusterBaseUrl(this.access.namespace, service, port.port), document.servers, new URL(base).pathname) : (existing?.baseUrl ?? inClusterBaseUrl(this.access.namespace, service, port.port)),
          specUrl: loaded.document.url,
          namespace: this.access.namespace,
          service,
          port: port.port,
          specHash: loaded.hash,
          warnings: document ? document.warnings : (existing?.warnings ?? []),
          createdAt: existing?.createdAt ?? now,
          updatedAt: unchanged ? (existing?.updatedAt ?? now) : now,
        };
        return { status: 'found', server, ...(document ? { document } : {}) };
      } catch (err) {
        if (signal.aborted) throw err;
        const message = err instanceof Error ? err.message : String(err);
        reasons.push(`${p}: ${message}`);
        if (isOpenApiError(err) && err.kind === 'refused') this.opts.onRefused?.(id, message);
        if (!isDefinitive(err)) {
          transient = true;
          // No endpoints / timeout on one path means the same for the others: stop asking.
          if (isOpenApiError(err) && (err.kind === 'timeout' || err.kind === 'network' || /\b503\b/.test(err.message))) break;
        }
      }
    }
    const reason = reasons.join('; ');
    return transient ? { status: 'unknown', serverId: id, reason } : { status: 'none', serverId: id, reason };
  }

  protected override diff(_previous: DiscoverySnapshot | undefined, next: DiscoverySnapshot): DiscoveryChange | undefined {
    const upserts: DiscoveryChange['upserts'] = [];
    const removals: string[] = [];
    for (const probe of next.probes.values()) {
      if (probe.status !== 'found') continue;
      const old = this.store.servers.get(probe.server.id);
      if (probe.document || !old || old.specUrl !== probe.server.specUrl || old.specHash !== probe.server.specHash || old.name !== probe.server.name) upserts.push(probe);
    }
    for (const s of this.store.servers.list('cluster')) {
      if (s.namespace !== next.namespace) continue;
      const probe = next.probes.get(s.id);
      // Gone from the namespace, or answering without a document: remove. Unknown: keep.
      if (!probe || probe.status === 'none') removals.push(s.id);
    }
    return upserts.length || removals.length ? { upserts, removals } : undefined;
  }

  protected publish(change: DiscoveryChange): void {
    const changed: string[] = [];
    this.store.db.transaction(() => {
      for (const { server, document } of change.upserts) {
        this.store.servers.upsert(server);
        if (document) this.store.endpoints.replaceForServer(server.id, document.hash, documentToEndpoints(document) as Omit<EndpointRecord, 'serverId' | 'specHash'>[]);
        changed.push(server.id);
      }
      for (const id of change.removals) if (this.store.servers.delete(id)) changed.push(id);
    })();
    if (changed.length) this.changedEmitter.fire(changed);
  }

  protected override onError(error: unknown): void {
    const e: KubeError = error instanceof DiscoveryError ? error.error : { kind: 'server', message: `Service discovery failed: ${error instanceof Error ? error.message : String(error)}` };
    this.lastError = e;
    this.errorEmitter.fire(e);
  }

  protected override onRecovered(): void {
    this.lastError = undefined;
    this.errorEmitter.fire(undefined);
  }
}

/** Runs the jobs with at most `limit` in flight, keeping their order. */
async function runLimited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
