// A fake Kubernetes API server for tests, because no cluster can run here. It listens on
// 127.0.0.1 (HTTPS with a self-signed CA by default, as k3s does), writes a real kubeconfig
// file that `@kubernetes/client-node` loads, and speaks the real REST paths, JSON, watch
// streams and error Statuses. See README.md beside this file for the full API.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { ObjectStore, type ObjectHook, type PropagationPolicy } from './objectStore';
import type { KubeObject, ResourceName } from './resources';
import { type ContainerUsage, type DenyRule, type FailRule, FakeKubeServer, type RequestLogEntry } from './server';
import type { ProxyHandler } from './serviceProxy';

export type { ContainerUsage, DenyRule, FailRule, RequestLogEntry } from './server';
export type { ProxyHandler, ProxyRequest, ProxyResponse } from './serviceProxy';
export type { KubeObject, ResourceName } from './resources';
export type { ObjectHook, PropagationPolicy, StoredEvent } from './objectStore';
export { ObjectStore } from './objectStore';
export * from './builders';

export interface FakeKubeOptions {
  /** The namespace that exists and that the kubeconfig context names (default `test`). */
  namespace?: string;
  /** More namespaces that exist from the start (`default` and `kube-system` always do). */
  namespaces?: string[];
  /** HTTPS with the CA in the kubeconfig (default), or plain HTTP with `insecure-skip-tls-verify`. */
  tls?: boolean;
  /** The bearer token the server accepts and the kubeconfig carries (default: random). */
  token?: string;
  /** The user name in 403 messages (default `fake-user`). */
  user?: string;
  /** Whether metrics.k8s.io is served (default true). */
  metricsServer?: boolean;
  /** Send a BOOKMARK on every watch that allows them this often (default: only on `sendBookmarks()`). */
  bookmarkIntervalMs?: number;
}

export interface KubeconfigOptions {
  token?: string;
  namespace?: string;
  context?: string;
  /** Extra contexts pointing at the same server (for context pickers). */
  extraContexts?: { name: string; namespace?: string }[];
  /** Where to write it (default: a new file in the fake's temp folder). */
  file?: string;
}

/** Programmatic access to the cluster's objects (namespace defaults to the fake's namespace). */
export interface FakeObjects {
  create(resource: ResourceName, obj: KubeObject, namespace?: string): KubeObject;
  get(resource: ResourceName, name: string, namespace?: string): KubeObject | undefined;
  list(resource: ResourceName, namespace?: string): KubeObject[];
  /** Reads, mutates and writes back (status included): a MODIFIED event with a new resourceVersion. */
  modify(resource: ResourceName, name: string, mutate: (o: KubeObject) => void, namespace?: string): KubeObject;
  delete(resource: ResourceName, name: string, opts?: { namespace?: string; propagationPolicy?: PropagationPolicy }): KubeObject;
}

export interface FakeKube {
  /** `https://127.0.0.1:PORT` (or http). */
  readonly url: string;
  /** A kubeconfig file for this server: context `fake`, user `fake-user`, namespace as configured. */
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly token: string;
  readonly contextName: string;
  /** The CA certificate (PEM) the kubeconfig trusts; undefined without TLS. */
  readonly caPem: string | undefined;
  readonly objects: FakeObjects;
  /** The underlying object store (resourceVersions, history, hooks). */
  readonly store: ObjectStore;

  /** Makes the next matching request(s) fail with a real Status of that code. */
  failNext(rule: FailRule): void;
  clearFailures(): void;
  /** Takes a permission away (403 on matching requests, `allowed: false` in access reviews). Returns an undo. */
  deny(rule: DenyRule): () => void;
  /** Changes the accepted token: clients still using the old one get 401. */
  setToken(token: string): void;

  setMetricsServer(on: boolean): void;
  /** Sets a pod's usage as metrics-server would report it. */
  setPodMetrics(pod: string, containers: ContainerUsage[], namespace?: string): void;

  /** What answers behind `<svc>:<port>` in the service proxy: a function or a base URL to forward to. Undefined removes it. */
  setProxyHandler(service: string, port: number, handler: ProxyHandler | undefined, namespace?: string): void;

  appendPodLog(pod: string, text: string, opts?: { container?: string; namespace?: string }): void;

  /** Sends a BOOKMARK with the current resourceVersion on every watch that allows them. */
  sendBookmarks(): void;
  /** Ends all open watch streams (an API server restart); returns how many were open. */
  dropWatches(): number;
  readonly openWatches: number;
  /** Compacts history: watches resuming from any older resourceVersion get a 410 ERROR event. */
  compact(): void;
  /** The newest resourceVersion. */
  readonly resourceVersion: number;

  /** Every request so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];

  /** Controller hooks: run after an object of that resource is created / updated / deleted. Return an unsubscribe. */
  onCreate(resource: ResourceName, hook: ObjectHook): () => void;
  onUpdate(resource: ResourceName, hook: ObjectHook): () => void;
  onDelete(resource: ResourceName, hook: ObjectHook): () => void;

  /** Writes another kubeconfig for this server (other token, namespace, contexts). */
  writeKubeconfig(opts?: KubeconfigOptions): string;
  close(): Promise<void>;
}

const tlsDir = path.join(__dirname, 'tls');

export async function startFakeKube(opts: FakeKubeOptions = {}): Promise<FakeKube> {
  const namespace = opts.namespace ?? 'test';
  const token = opts.token ?? `fake-${randomBytes(12).toString('hex')}`;
  const tls = opts.tls ?? true;
  const hookErrors: unknown[] = [];
  const store = new ObjectStore((err) => hookErrors.push(err));
  for (const ns of new Set(['default', 'kube-system', namespace, ...(opts.namespaces ?? [])])) store.create('namespaces', { metadata: { name: ns } });
  const api = new FakeKubeServer(store, { token, user: opts.user ?? 'fake-user', metricsServer: opts.metricsServer ?? true });

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void api.handle(req, res);
  };
  const caPem = tls ? fs.readFileSync(path.join(tlsDir, 'server.crt'), 'utf8') : undefined;
  const server = tls ? https.createServer({ cert: caPem, key: fs.readFileSync(path.join(tlsDir, 'server.key')) }, listener) : http.createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kube-'));
  let written = 0;

  const writeKubeconfig = (k: KubeconfigOptions = {}): string => {
    const cluster: Record<string, unknown> = { server: url };
    if (caPem) cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
    else cluster['insecure-skip-tls-verify'] = true;
    const contextName = k.context ?? 'fake';
    const contexts = [{ name: contextName, namespace: k.namespace ?? namespace }, ...(k.extraContexts ?? [])].map((c) => ({
      name: c.name,
      context: { cluster: 'fake-cluster', user: 'fake-user', ...(c.namespace ? { namespace: c.namespace } : {}) },
    }));
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'fake-cluster', cluster }],
      users: [{ name: 'fake-user', user: { token: k.token ?? token } }],
      contexts,
      'current-context': contextName,
    };
    const file = k.file ?? path.join(dir, written++ === 0 ? 'kubeconfig' : `kubeconfig-${written}`);
    fs.writeFileSync(file, stringify(doc), { mode: 0o600 });
    return file;
  };
  const kubeconfigPath = writeKubeconfig();

  const bookmarkTimer = opts.bookmarkIntervalMs ? setInterval(() => api.sendBookmarks(), opts.bookmarkIntervalMs) : undefined;
  bookmarkTimer?.unref();

  const objects: FakeObjects = {
    create: (resource, obj, ns) => store.create(resource, obj, ns ?? obj.metadata?.namespace ?? namespace),
    get: (resource, name, ns) => store.get(resource, ns ?? namespace, name),
    list: (resource, ns) => store.list(resource, ns ?? namespace),
    modify: (resource, name, mutate, ns) => store.modify(resource, ns ?? namespace, name, mutate),
    delete: (resource, name, o = {}) => store.delete(resource, o.namespace ?? namespace, name, { propagationPolicy: o.propagationPolicy }),
  };

  return {
    url,
    kubeconfigPath,
    namespace,
    get token() {
      return api.token;
    },
    contextName: 'fake',
    caPem,
    objects,
    store,
    failNext: (rule) => api.failNext(rule),
    clearFailures: () => api.clearFailures(),
    deny: (rule) => api.deny(rule),
    setToken: (t) => {
      api.token = t;
    },
    setMetricsServer: (on) => {
      api.metricsServer = on;
    },
    setPodMetrics: (pod, containers, ns) => api.setPodMetrics(ns ?? namespace, pod, containers),
    setProxyHandler: (service, p, handler, ns) => api.setProxyHandler(ns ?? namespace, service, p, handler),
    appendPodLog: (pod, text, o = {}) => {
      const ns = o.namespace ?? namespace;
      const container = o.container ?? firstContainer(store.get('pods', ns, pod));
      api.logs.append(ns, pod, container, text);
    },
    sendBookmarks: () => api.sendBookmarks(),
    dropWatches: () => api.dropWatches(),
    get openWatches() {
      return api.openWatches;
    },
    compact: () => store.compact(),
    get resourceVersion() {
      return store.resourceVersion;
    },
    get requests() {
      return api.requestLog;
    },
    onCreate: (resource, hook) => store.on('create', resource, hook),
    onUpdate: (resource, hook) => store.on('update', resource, hook),
    onDelete: (resource, hook) => store.on('delete', resource, hook),
    writeKubeconfig,
    close: async () => {
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      api.dropWatches();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
      if (hookErrors.length > 0) throw new AggregateError(hookErrors, `fake-kube: ${hookErrors.length} controller hook(s) threw`);
    },
  };
}

function firstContainer(pod: KubeObject | undefined): string {
  const name = (pod?.spec as { containers?: { name: string }[] } | undefined)?.containers?.[0]?.name;
  if (!name) throw new Error('appendPodLog: no such pod (or it has no containers); create the pod first or pass { container }');
  return name;
}
