// The Kubernetes adapter every layer above uses: one kubeconfig context and one namespace.
// Every call returns an Errorable — a failed call is a value with a next step, never a throw.
import { AuthorizationV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectJson, PodJson, ServiceJson } from '../../core/kube/objects';
import type { PodMetricsLike } from '../../core/kube/podSummary';
import { type Errorable, fail, kubeError, ok } from '../../core/result';
import { type AccessReport, requiredAccess, reviewAccess, testRunAccess } from './access';
import { type ErrorContext, toKubeError } from './errors';
import { openKubeConfig, type KubeTarget } from './kubeconfig';
import { ListWatch, type ListResult, type ListWatchOptions } from './listWatch';
import type { ScopedCredentials } from '../http/urlPolicy';
import { apiServerRequestOptions, rawRequest, type RawResponse, statusError } from './rawRequest';

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  /** Empty: the kubeconfig's current context. */
  context?: string;
  /** Empty: the context's namespace, else `test`. */
  namespace?: string;
}

export type WatchOptions = Pick<ListWatchOptions<KubeObjectJson>, 'backoff' | 'scheduler' | 'random' | 'watchTimeoutSeconds' | 'startWatch'>;

export interface LogFollow {
  /** Resolves when the stream ends: the container stopped, the pod went, or stop() was called. */
  readonly done: Promise<Errorable<void>>;
  stop(): void;
}

/** Plain JSON, as watch events carry it (the generated client's Date objects become strings). */
function json<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export class KubeClient {
  private _core?: CoreV1Api;
  private _batch?: BatchV1Api;
  private _custom?: CustomObjectsApi;
  private _authz?: AuthorizationV1Api;

  constructor(
    readonly target: KubeTarget,
    readonly namespace: string,
  ) {}

  /** Loads the kubeconfig and picks the context and namespace. */
  static open(opts: OpenOptions = {}): Errorable<KubeClient> {
    const target = openKubeConfig({ env: opts.env, context: opts.context });
    if (!target.ok) return target;
    return ok(new KubeClient(target.value, opts.namespace || target.value.contextNamespace || 'test'));
  }

  /** From a KubeConfig already loaded and pointed at its context (tests, embedders). */
  static fromKubeConfig(kc: KubeConfig, namespace?: string): KubeClient {
    const contextName = kc.getCurrentContext();
    const contextNamespace = kc.getContextObject(contextName)?.namespace;
    const target: KubeTarget = { kc, contextName, server: kc.getCurrentCluster()?.server ?? '', ...(contextNamespace ? { contextNamespace } : {}), files: [] };
    return new KubeClient(target, namespace || contextNamespace || 'test');
  }

  get kc(): KubeConfig {
    return this.target.kc;
  }

  get contextName(): string {
    return this.target.contextName;
  }

  get server(): string {
    return this.target.server;
  }

  get core(): CoreV1Api {
    return (this._core ??= this.kc.makeApiClient(CoreV1Api));
  }

  get batch(): BatchV1Api {
    return (this._batch ??= this.kc.makeApiClient(BatchV1Api));
  }

  get custom(): CustomObjectsApi {
    return (this._custom ??= this.kc.makeApiClient(CustomObjectsApi));
  }

  get authz(): AuthorizationV1Api {
    return (this._authz ??= this.kc.makeApiClient(AuthorizationV1Api));
  }

  /** Context for error messages. */
  ctx(verb: string, resource: string): ErrorContext {
    return { verb, resource, namespace: this.namespace, server: this.server, contextName: this.contextName };
  }

  /**
   * Whether the namespace exists. Many users may not read namespaces (a Role is namespaced):
   * then the answer is "probably", and later calls tell.
   */
  async verifyNamespace(): Promise<Errorable<void>> {
    try {
      await this.core.readNamespace({ name: this.namespace });
      return ok(undefined);
    } catch (err) {
      const e = toKubeError(err, this.ctx('get', 'namespaces'));
      if (e.kind === 'not-found') {
        return fail(
          kubeError(
            'namespace-missing',
            `Namespace "${this.namespace}" does not exist in context "${this.contextName}".`,
            `Create it (kubectl create namespace ${this.namespace}) or change the metricVault.namespace setting.`,
            404,
          ),
        );
      }
      if (e.kind === 'forbidden') return ok(undefined);
      return fail(e);
    }
  }

  async listPods(labelSelector?: string): Promise<Errorable<ListResult<PodJson>>> {
    try {
      const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector });
      return ok({ items: json<PodJson[]>(list.items), resourceVersion: list.metadata?.resourceVersion ?? '' });
    } catch (err) {
      return fail(toKubeError(err, this.ctx('list', 'pods')));
    }
  }

  async listServices(): Promise<Errorable<ListResult<ServiceJson>>> {
    try {
      const list = await this.core.listNamespacedService({ namespace: this.namespace });
      return ok({ items: json<ServiceJson[]>(list.items), resourceVersion: list.metadata?.resourceVersion ?? '' });
    } catch (err) {
      return fail(toKubeError(err, this.ctx('list', 'services')));
    }
  }

  /** A live cache of the namespace's pods (call start()). */
  watchPods(opts: WatchOptions & { labelSelector?: string } = {}): ListWatch<PodJson> {
    const { labelSelector, ...rest } = opts;
    return new ListWatch<PodJson>({
      kc: this.kc,
      list: () => this.listPods(labelSelector),
      watchPath: `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods`,
      ...(labelSelector ? { watchParams: { labelSelector } } : {}),
      context: this.ctx('watch', 'pods'),
      ...rest,
    });
  }

  /** A live cache of the namespace's services (call start()). */
  watchServices(opts: WatchOptions = {}): ListWatch<ServiceJson> {
    return new ListWatch<ServiceJson>({
      kc: this.kc,
      list: () => this.listServices(),
      watchPath: `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/services`,
      context: this.ctx('watch', 'services'),
      ...opts,
    });
  }

  /**
   * Current usage of the namespace's pods from metrics.k8s.io/v1beta1. When metrics-server is
   * not installed (or its APIService is down) the error kind is `metrics-unavailable`.
   */
  async readPodMetrics(namespace = this.namespace): Promise<Errorable<PodMetricsLike[]>> {
    try {
      const list = (await this.custom.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods' })) as { items?: PodMetricsLike[] };
      return ok(list.items ?? []);
    } catch (err) {
      const e = toKubeError(err, { ...this.ctx('list', 'pods.metrics.k8s.io'), namespace });
      if (e.kind === 'not-found' || e.status === 503) {
        return fail(
          kubeError(
            'metrics-unavailable',
            'metrics-server not found: the cluster does not serve metrics.k8s.io, so live CPU/memory usage is unavailable.',
            'k3s ships metrics-server; check `kubectl get apiservice v1beta1.metrics.k8s.io` and the metrics-server pod in kube-system.',
            e.status,
          ),
        );
      }
      return fail(e);
    }
  }

  /** Whether the k6-operator's `k6.io/v1alpha1` TestRun CRD is served (API discovery). */
  async hasK6Operator(): Promise<Errorable<boolean>> {
    try {
      const list = await this.custom.getAPIResources({ group: 'k6.io', version: 'v1alpha1' });
      return ok(list.resources.some((r) => r.name === 'testruns'));
    } catch (err) {
      const e = toKubeError(err, { verb: 'get', resource: 'apis/k6.io/v1alpha1', server: this.server });
      return e.kind === 'not-found' ? ok(false) : fail(e);
    }
  }

  /** A SelfSubjectAccessReview for every verb Metric Vault uses (TestRun verbs when the CRD exists). */
  async checkAccess(opts: { includeTestRuns?: boolean } = {}): Promise<Errorable<AccessReport>> {
    let includeTestRuns = opts.includeTestRuns;
    if (includeTestRuns === undefined) {
      const k6 = await this.hasK6Operator();
      includeTestRuns = k6.ok && k6.value;
    }
    return reviewAccess(this.authz, this.namespace, includeTestRuns ? [...requiredAccess, ...testRunAccess] : requiredAccess);
  }

  /**
   * Follows a container's log (`kubectl logs -f`), handing text to `onText` as it arrives.
   * Resolves once the stream is open (or failed to open).
   */
  async followPodLog(pod: string, container: string | undefined, onText: (text: string) => void, opts: { tailLines?: number; timestamps?: boolean } = {}): Promise<Errorable<LogFollow>> {
    const q = new URLSearchParams({ follow: 'true' });
    if (container) q.set('container', container);
    if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines));
    if (opts.timestamps) q.set('timestamps', 'true');
    const path = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods/${encodeURIComponent(pod)}/log?${q}`;
    const controller = new AbortController();
    const decoder = new TextDecoder();
    const context = this.ctx('get', 'pods/log');
    let stopped = false;
    let streaming!: () => void;
    const isStreaming = new Promise<void>((r) => (streaming = r));
    const done = rawRequest(this.kc, { path, signal: controller.signal, onResponse: (s) => s === 200 && streaming(), onData: (c) => onText(decoder.decode(c, { stream: true })) }, context).then(
      (r): Errorable<void> => {
        if (!r.ok) return stopped ? ok(undefined) : r;
        return r.value.status === 200 ? ok(undefined) : statusError(r.value, context);
      },
    );
    const follow: LogFollow = {
      done,
      stop: () => {
        stopped = true;
        controller.abort();
      },
    };
    // Open once the server answers 200; a refusal (404, 400 "waiting to start", 403) ends `done` first.
    return Promise.race([isStreaming.then(() => ok(follow)), done.then((r) => (r.ok ? ok(follow) : r))]);
  }

  /** `/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy<path>` */
  serviceProxyPath(service: string, port: number | string, path = '/', namespace = this.namespace): string {
    const p = path.startsWith('/') ? path : `/${path}`;
    return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}:${encodeURIComponent(String(port))}/proxy${p}`;
  }

  serviceProxyUrl(service: string, port: number | string, path = '/', namespace = this.namespace): string {
    return this.server.replace(/\/+$/, '') + this.serviceProxyPath(service, port, path, namespace);
  }

  /**
   * The one way to read a service's documents through the API server's proxy: the kubeconfig's
   * token or client certificate and the cluster's CA, scoped to that service's proxy prefix —
   * never to /api/v1/secrets or another service's proxy on the same server.
   */
  async serviceProxyCredentials(service: string, port: number | string, namespace = this.namespace): Promise<ScopedCredentials> {
    const { headers, agent } = await apiServerRequestOptions(this.kc);
    return { scope: this.serviceProxyUrl(service, port, '/', namespace), headers, agent };
  }

  /** GET through the service proxy; the service's own status is in the result, not an error. */
  async proxyGet(service: string, port: number | string, path: string, opts: { timeoutMs?: number; maxBytes?: number } = {}): Promise<Errorable<RawResponse>> {
    return rawRequest(this.kc, { path: this.serviceProxyPath(service, port, path), timeoutMs: opts.timeoutMs ?? 15_000, maxBytes: opts.maxBytes }, this.ctx('get', 'services/proxy'));
  }
}
