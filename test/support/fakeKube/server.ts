// The fake API server's request handling: authentication, injected failures, RBAC-like
// denials, discovery, CRUD + list + watch for the resources in resources.ts, pods/log,
// the service proxy, metrics.k8s.io and SelfSubjectAccessReview — real paths, real JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as discovery from './discoveryDocs';
import { type ObjectStore, type PropagationPolicy, type StoredEvent } from './objectStore';
import { applyPatch } from './patch';
import { PodLogs } from './podLogs';
import { requestInfo, type RequestInfo } from './requestInfo';
import { apiVersionOf, InvalidError, isNamespaceName, type KubeObject, type ResourceName, resourceTypes, type ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector, SelectorError, type Matcher } from './selectors';
import { callProxyHandler, type ProxyHandler, resolveProxyPort, rewriteForProxy } from './serviceProxy';
import { expired, failure, forcedFailure, notFound, type StatusBody, StatusError, success } from './status';

export interface FailRule {
  /** Only requests with this HTTP method (any when unset). */
  method?: string;
  /** Tested against the path with its query string, e.g. `/api/v1/namespaces/test/pods?watch=true`. */
  path: RegExp;
  status: 401 | 403 | 404 | 409 | 410 | 500 | 503;
  /** How many matching requests fail (default 1). */
  times?: number;
  message?: string;
}

/** A permission the current user lacks. Unset fields match anything. */
export interface DenyRule {
  verb?: string | string[];
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  watch: boolean;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  body?: unknown;
  at: number;
}

export interface ContainerUsage {
  name: string;
  /** A quantity as metrics-server reports it, e.g. `1534263n` or `250m`. */
  cpu: string;
  /** e.g. `31872Ki` or `64Mi`. */
  memory: string;
}

interface OpenWatch {
  allowBookmarks: boolean;
  kind: string;
  apiVersion: string;
  write(line: object): void;
  end(): void;
}

const served: Record<string, ResourceName[]> = {
  '/v1': ['namespaces', 'pods', 'services', 'configmaps', 'secrets'],
  'batch/v1': ['jobs'],
};

const maxBody = 8 * 1024 * 1024;

export class FakeKubeServer {
  readonly logs = new PodLogs();
  metricsServer: boolean;
  token: string;
  readonly user: string;
  readonly requestLog: RequestLogEntry[] = [];
  private readonly failRules: (FailRule & { remaining: number })[] = [];
  private readonly denyRules = new Set<DenyRule>();
  private readonly proxyHandlers = new Map<string, ProxyHandler>();
  private readonly podMetrics = new Map<string, { containers: ContainerUsage[]; timestamp: string }>();
  private readonly watches = new Set<OpenWatch>();

  constructor(
    readonly store: ObjectStore,
    opts: { token: string; user: string; metricsServer: boolean },
  ) {
    this.token = opts.token;
    this.user = opts.user;
    this.metricsServer = opts.metricsServer;
    // The kubelet's side: a finished or deleted pod's log streams end.
    store.on('update', 'pods', (pod) => {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') this.logs.end(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    });
    store.on('delete', 'pods', (pod) => {
      this.logs.forget(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      this.podMetrics.delete(`${pod.metadata.namespace}/${pod.metadata.name}`);
    });
  }

  // ---- test controls -------------------------------------------------------------------

  failNext(rule: FailRule): void {
    this.failRules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clearFailures(): void {
    this.failRules.length = 0;
  }

  deny(rule: DenyRule): () => void {
    this.denyRules.add(rule);
    return () => this.denyRules.delete(rule);
  }

  setProxyHandler(namespace: string, service: string, port: number, handler: ProxyHandler | undefined): void {
    const k = `${namespace}/${service}:${port}`;
    if (handler === undefined) this.proxyHandlers.delete(k);
    else this.proxyHandlers.set(k, handler);
  }

  setPodMetrics(namespace: string, pod: string, containers: ContainerUsage[]): void {
    this.podMetrics.set(`${namespace}/${pod}`, { containers, timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
  }

  get openWatches(): number {
    return this.watches.size;
  }

  sendBookmarks(): void {
    for (const w of this.watches) if (w.allowBookmarks) w.write(this.bookmark(w));
  }

  /** Ends every open watch stream, as an API server restart or request timeout does. */
  dropWatches(): number {
    const n = this.watches.size;
    for (const w of [...this.watches]) w.end();
    return n;
  }

  private bookmark(w: OpenWatch): object {
    return { type: 'BOOKMARK', object: { kind: w.kind, apiVersion: w.apiVersion, metadata: { resourceVersion: String(this.store.resourceVersion), annotations: {} } } };
  }

  // ---- request handling ----------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, watch: false, at: Date.now() };
    this.requestLog.push(entry);
    const send = (status: number, body: object | StatusBody): void => {
      entry.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
      const forced = this.takeFailure(method, url.pathname + url.search);
      if (forced) return send(forced.code, forced);
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, failure(401, 'Unauthorized', 'Unauthorized'));
      const info = requestInfo(method, url.pathname, url.searchParams);
      Object.assign(entry, { verb: info.verb, resource: info.resource || undefined, subresource: info.subresource, namespace: info.namespace, name: info.name, watch: info.verb === 'watch' });
      if (!info.isResourceRequest) return this.nonResource(url.pathname, send);
      const denied = this.denial(info);
      if (denied) return send(403, denied);
      const body = raw.length > 0 && !(info.subresource === 'proxy') ? parseJson(raw) : undefined;
      entry.body = body;
      await this.resource(info, url.searchParams, req, res, raw, body, send, entry);
    } catch (err) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof StatusError) return send(err.code, err.toStatus());
      if (err instanceof InvalidError) {
        return send(422, failure(422, 'Invalid', err.message, { name: err.objectName, kind: err.kind, causes: err.causes }));
      }
      if (err instanceof SelectorError) return send(400, failure(400, 'BadRequest', err.message));
      send(500, failure(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private takeFailure(method: string, pathAndQuery: string): StatusBody | undefined {
    const rule = this.failRules.find((r) => (!r.method || r.method.toUpperCase() === method) && r.path.test(pathAndQuery));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.failRules.splice(this.failRules.indexOf(rule), 1);
    return forcedFailure(rule.status, rule.message);
  }

  /** The 403 the real RBAC authorizer gives, when a deny rule matches. */
  private denial(info: RequestInfo): StatusBody | undefined {
    if (info.resource === 'selfsubjectaccessreviews') return undefined;
    if (!this.isDenied({ verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name })) return undefined;
    const res = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    const who = info.name ? `${info.resource} "${info.name}"` : info.resource;
    const where = info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
    return failure(403, 'Forbidden', `${who} is forbidden: User "${this.user}" cannot ${info.verb} resource "${res}" in API group "${info.group}"${where}`, {
      name: info.name,
      group: info.group || undefined,
      kind: info.resource,
    });
  }

  private isDenied(a: { verb: string; group?: string; resource?: string; subresource?: string; namespace?: string; name?: string }): boolean {
    for (const r of this.denyRules) {
      const verbs = r.verb === undefined ? undefined : Array.isArray(r.verb) ? r.verb : [r.verb];
      if (verbs && !verbs.includes(a.verb)) continue;
      if (r.group !== undefined && r.group !== (a.group ?? '')) continue;
      if (r.resource !== undefined && r.resource !== a.resource) continue;
      if (r.subresource !== undefined && r.subresource !== (a.subresource ?? '')) continue;
      if (r.namespace !== undefined && r.namespace !== a.namespace) continue;
      if (r.name !== undefined && r.name !== a.name) continue;
      return true;
    }
    return false;
  }

  private nonResource(pathname: string, send: (s: number, b: object) => void): void {
    const p = pathname.replace(/\/$/, '');
    const flags = { metricsServer: this.metricsServer };
    if (p === '/version') return send(200, { major: '1', minor: '31', gitVersion: 'v1.31.4+k3s1', platform: 'linux/amd64' });
    if (p === '/healthz' || p === '/readyz' || p === '/livez') return send(200, { status: 'ok' });
    if (p === '/api') return send(200, discovery.coreVersions());
    if (p === '/api/v1') return send(200, discovery.coreResources());
    if (p === '/apis') return send(200, discovery.groupList(flags));
    const m = p.match(/^\/apis\/([^/]+)(?:\/([^/]+))?$/);
    const doc = m && (m[2] ? discovery.groupResources(flags, m[1], m[2]) : discovery.group(flags, m[1]));
    if (doc) return send(200, doc);
    send(404, failure(404, 'NotFound', 'the server could not find the requested resource'));
  }

  private async resource(
    info: RequestInfo,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    raw: Buffer,
    body: unknown,
    send: (s: number, b: object) => void,
    entry: RequestLogEntry,
  ): Promise<void> {
    const gv = `${info.group}/${info.version}`;
    const unknown = (): void => send(404, failure(404, 'NotFound', 'the server could not find the requested resource'));
    if (gv === 'authorization.k8s.io/v1' && info.resource === 'selfsubjectaccessreviews' && info.verb === 'create') return send(201, this.review(body));
    if (gv === 'metrics.k8s.io/v1beta1') return this.metricsServer ? this.metrics(info, query, send) : unknown();
    const resource = served[gv]?.find((r) => r === info.resource);
    if (!resource) return unknown();
    const t = resourceTypes[resource];
    if (t.namespaced && info.namespace === undefined && info.verb !== 'list' && info.verb !== 'watch') return unknown();
    if (info.namespace !== undefined && !isNamespaceName(info.namespace)) return unknown();

    if (info.subresource === 'log' && resource === 'pods' && info.verb === 'get') return this.podLog(info, query, req, res, send);
    if (info.subresource === 'proxy' && resource === 'services') return this.proxy(info, query, req, res, raw, send);
    if (info.subresource && !t.subresources.includes(info.subresource)) return unknown();
    if (info.subresource && info.subresource !== 'status') return unknown();

    switch (info.verb) {
      case 'list':
        return send(200, this.list(t, info.namespace, query));
      case 'watch':
        entry.status = 200;
        return this.watch(t, info.namespace, query, req, res);
      case 'get': {
        const o = this.store.get(resource, info.namespace, info.name ?? '');
        return o ? send(200, o) : send(404, notFound(resource, t.group, info.name ?? '').toStatus());
      }
      case 'create': {
        const obj = this.expectObject(t, body);
        const dryRun = query.get('dryRun') === 'All';
        return send(201, this.store.create(resource, obj, info.namespace, { dryRun }));
      }
      case 'update': {
        const obj = this.expectObject(t, body);
        if (obj.metadata.name !== info.name) throw new StatusError(400, 'BadRequest', `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${info.name ?? ''})`);
        obj.metadata.namespace = info.namespace;
        return send(200, this.store.replace(resource, obj, { checkVersion: true, part: this.part(t, info) }));
      }
      case 'patch': {
        const current = this.store.get(resource, info.namespace, info.name ?? '');
        if (!current) return send(404, notFound(resource, t.group, info.name ?? '').toStatus());
        const patched = applyPatch(current, req.headers['content-type'] ?? '', body) as KubeObject;
        return send(200, this.store.replace(resource, patched, { checkVersion: true, part: this.part(t, info) }));
      }
      case 'delete': {
        const opts = deleteOptions(query, body);
        const deleted = this.store.delete(resource, info.namespace, info.name ?? '', opts);
        return send(200, t.deleteReturnsObject ? deleted : success({ name: info.name, group: t.group || undefined, kind: resource, uid: deleted.metadata.uid }));
      }
      case 'deletecollection': {
        const items = this.select(t, info.namespace, query);
        const opts = deleteOptions(query, body);
        const deleted = items.map((o) => this.store.delete(resource, o.metadata.namespace, o.metadata.name ?? '', opts));
        return send(200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(this.store.resourceVersion) }, items: deleted.map(stripTypeMeta) });
      }
      default:
        return send(405, failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    }
  }

  /** The main resource cannot change status and the /status subresource can change only status. */
  private part(t: ResourceType, info: RequestInfo): 'all' | 'main' | 'status' {
    if (info.subresource === 'status') return 'status';
    return t.subresources.includes('status') ? 'main' : 'all';
  }

  private expectObject(t: ResourceType, body: unknown): KubeObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StatusError(400, 'BadRequest', `Object 'Kind' is missing in '${JSON.stringify(body) ?? ''}'`);
    const obj = body as KubeObject;
    if (obj.kind !== undefined && obj.kind !== t.kind) throw new StatusError(400, 'BadRequest', `the kind of the object (${obj.kind}) does not match the expected kind (${t.kind})`);
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(t)) {
      throw new StatusError(400, 'BadRequest', `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`);
    }
    obj.metadata ??= {};
    return obj;
  }

  private matcher(query: URLSearchParams): Matcher {
    const labels = parseLabelSelector(query.get('labelSelector'));
    const fields = parseFieldSelector(query.get('fieldSelector'));
    return (o) => labels(o) && fields(o);
  }

  private select(t: ResourceType, namespace: string | undefined, query: URLSearchParams): KubeObject[] {
    const match = this.matcher(query);
    return this.store.list(t.name, t.namespaced ? namespace : undefined).filter(match);
  }

  private list(t: ResourceType, namespace: string | undefined, query: URLSearchParams): object {
    let items = this.select(t, namespace, query);
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    const limit = Number(query.get('limit') ?? 0);
    const token = query.get('continue');
    if (token) {
      const c = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { rv: number; after: string };
      if (c.rv < this.store.oldestResumableVersion) {
        throw new StatusError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > c.after);
      metadata.resourceVersion = String(c.rv);
    }
    if (limit > 0 && items.length > limit) {
      const last = items[limit - 1];
      metadata.continue = Buffer.from(JSON.stringify({ rv: Number(metadata.resourceVersion), after: `${last.metadata.namespace ?? ''}/${last.metadata.name}` })).toString('base64');
      metadata.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    return { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata, items: items.map(stripTypeMeta) };
  }

  private watch(t: ResourceType, namespace: string | undefined, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const match = this.matcher(query);
    const inScope = (e: StoredEvent): boolean => e.resource === t.name && (!t.namespaced || namespace === undefined || e.namespace === namespace);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    let closed = false;
    const w: OpenWatch = {
      allowBookmarks: query.get('allowWatchBookmarks') === 'true',
      kind: t.kind,
      apiVersion: apiVersionOf(t),
      write: (line) => {
        if (!closed) res.write(JSON.stringify(line) + '\n');
      },
      end: () => {
        if (closed) return;
        closed = true;
        cleanup();
        res.end();
      },
    };
    const deliver = (e: StoredEvent): void => {
      if (!inScope(e)) return;
      const now = match(e.object);
      if (e.type === 'DELETED') {
        if (now) w.write({ type: 'DELETED', object: e.object });
        return;
      }
      const before = e.type === 'MODIFIED' && e.previous ? match(e.previous) : e.type === 'MODIFIED';
      if (e.type === 'ADDED') {
        if (now) w.write({ type: 'ADDED', object: e.object });
      } else if (now && before) w.write({ type: 'MODIFIED', object: e.object });
      else if (now && !before) w.write({ type: 'ADDED', object: e.object });
      else if (!now && before) w.write({ type: 'DELETED', object: e.object });
    };
    const rvParam = query.get('resourceVersion');
    if (!rvParam || rvParam === '0') {
      for (const o of this.select(t, namespace, query)) w.write({ type: 'ADDED', object: o });
    } else {
      const events = this.store.eventsSince(Number(rvParam));
      if (events === 'expired') {
        w.write({ type: 'ERROR', object: expired(Number(rvParam), this.store.oldestResumableVersion) });
        closed = true;
        res.end();
        return;
      }
      for (const e of events) deliver(e);
    }
    const unsubscribe = this.store.subscribe(deliver);
    this.watches.add(w);
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
    const timer =
      timeoutSeconds > 0
        ? setTimeout(() => {
            if (w.allowBookmarks) w.write(this.bookmark(w));
            w.end();
          }, timeoutSeconds * 1000)
        : undefined;
    const cleanup = (): void => {
      unsubscribe();
      this.watches.delete(w);
      if (timer) clearTimeout(timer);
    };
    req.on('close', () => {
      closed = true;
      cleanup();
    });
  }

  private podLog(info: RequestInfo, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, send: (s: number, b: object) => void): void {
    const ns = info.namespace ?? '';
    const pod = this.store.get('pods', ns, info.name ?? '');
    if (!pod) return send(404, notFound('pods', '', info.name ?? '').toStatus());
    const containers = ((pod.spec as { containers?: { name: string }[] }).containers ?? []).map((c) => c.name);
    let container = query.get('container') ?? '';
    if (!container) {
      if (containers.length !== 1) {
        return send(400, failure(400, 'BadRequest', `a container name must be specified for pod ${info.name}, choose one of: [${containers.join(' ')}]`));
      }
      container = containers[0];
    }
    if (!containers.includes(container)) return send(400, failure(400, 'BadRequest', `container ${container} is not valid for pod ${info.name}`));
    if ((pod.status as { phase?: string } | undefined)?.phase === 'Pending') {
      return send(400, failure(400, 'BadRequest', `container "${container}" in pod "${info.name}" is waiting to start: ContainerCreating`));
    }
    const num = (k: string): number | undefined => (query.get(k) ? Number(query.get(k)) : undefined);
    const q = { tailLines: num('tailLines'), sinceSeconds: num('sinceSeconds'), limitBytes: num('limitBytes'), timestamps: query.get('timestamps') === 'true' };
    if (query.get('follow') !== 'true') {
      const text = this.logs.read(ns, info.name ?? '', container, q);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.flushHeaders();
    let done = false;
    const stop = this.logs.follow(ns, info.name ?? '', container, q, (chunk) => !done && res.write(chunk), () => {
      if (done) return;
      done = true;
      res.end();
    });
    req.on('close', () => {
      done = true;
      stop();
    });
  }

  private async proxy(info: RequestInfo, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, raw: Buffer, send: (s: number, b: object) => void): Promise<void> {
    const ns = info.namespace ?? '';
    const nameSpec = info.name ?? '';
    const serviceName = nameSpec.replace(/^https?:/, '').split(':')[0];
    const svc = this.store.get('services', ns, serviceName);
    if (!svc) return send(404, notFound('services', '', serviceName).toStatus());
    const ports = ((svc.spec as { ports?: { name?: string; port: number }[] }).ports ?? []);
    const resolved = resolveProxyPort(nameSpec, ports);
    if (!resolved) return send(503, failure(503, 'ServiceUnavailable', `no endpoints available for service "${nameSpec}"`));
    const handler = this.proxyHandlers.get(`${ns}/${serviceName}:${resolved.port.port}`);
    if (!handler) return send(503, failure(503, 'ServiceUnavailable', `no endpoints available for service "${serviceName}"`));
    const prefix = `/api/v1/namespaces/${ns}/services/${nameSpec}/proxy`;
    const out = await callProxyHandler(handler, { method: req.method ?? 'GET', path: info.proxyPath ?? '/', query, headers: req.headers, body: raw });
    rewriteForProxy(prefix, out);
    res.writeHead(out.status, { ...out.headers, 'Content-Length': out.body.length });
    res.end(out.body);
  }

  private metrics(info: RequestInfo, query: URLSearchParams, send: (s: number, b: object) => void): void {
    if (info.resource === 'nodes') {
      const node = { metadata: { name: 'k3s-server', creationTimestamp: new Date().toISOString() }, timestamp: new Date().toISOString(), window: '10s', usage: { cpu: '187654321n', memory: '1843200Ki' } };
      if (info.verb === 'list') return send(200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: [node] });
      return info.name === 'k3s-server' ? send(200, { kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...node }) : send(404, notFound('nodemetrics', 'metrics.k8s.io', info.name ?? '').toStatus());
    }
    if (info.resource !== 'pods' || (info.verb !== 'list' && info.verb !== 'get')) {
      return send(404, failure(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const match = parseLabelSelector(query.get('labelSelector'));
    const items: object[] = [];
    for (const pod of this.store.list('pods', info.namespace)) {
      const m = this.podMetrics.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
      if (!m || !match(pod) || (info.name && pod.metadata.name !== info.name)) continue;
      items.push({
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
        timestamp: m.timestamp,
        window: '15.045s',
        containers: m.containers.map((c) => ({ name: c.name, usage: { cpu: c.cpu, memory: c.memory } })),
      });
    }
    if (info.verb === 'get') {
      return items[0] ? send(200, { kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', ...items[0] }) : send(404, notFound('podmetrics', 'metrics.k8s.io', info.name ?? '').toStatus());
    }
    send(200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  }

  private review(body: unknown): object {
    const spec = ((body ?? {}) as { spec?: { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> } }).spec ?? {};
    const a = spec.resourceAttributes;
    const allowed = a ? !this.isDenied({ verb: a.verb ?? '', group: a.group ?? '', resource: a.resource, subresource: a.subresource ?? '', namespace: a.namespace, name: a.name }) : true;
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: allowed ? { allowed: true, reason: 'RBAC: allowed by RoleBinding "metric-vault/test" of Role "metric-vault" to User "fake-user"' } : { allowed: false },
    };
  }
}

function deleteOptions(query: URLSearchParams, body: unknown): { propagationPolicy?: PropagationPolicy; resourceVersion?: string; uid?: string } {
  const b = (body ?? {}) as { propagationPolicy?: PropagationPolicy; orphanDependents?: boolean; preconditions?: { resourceVersion?: string; uid?: string } };
  let policy = (query.get('propagationPolicy') as PropagationPolicy | null) ?? b.propagationPolicy;
  const orphan = query.get('orphanDependents') ?? (b.orphanDependents === undefined ? null : String(b.orphanDependents));
  if (!policy && orphan !== null) policy = orphan === 'true' ? 'Orphan' : 'Background';
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new StatusError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  }
  return { propagationPolicy: policy ?? undefined, resourceVersion: b.preconditions?.resourceVersion, uid: b.preconditions?.uid };
}

/** Items of a list carry no apiVersion/kind on the real server. */
function stripTypeMeta(o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new StatusError(400, 'BadRequest', `the object provided is unrecognized: ${(err as Error).message}`);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        reject(new StatusError(413, 'BadRequest', 'Request entity too large: limit is 3145728'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
