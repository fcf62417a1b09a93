// The fake's etcd: objects by resource and namespace, one cluster-wide resourceVersion
// counter, an event history that watches replay from, compaction (what makes an old
// resourceVersion answer 410), garbage collection through ownerReferences, and hooks that
// simulated controllers (a Job controller, a kubelet) plug into.
import { randomUUID } from 'node:crypto';
import { applyDefaults, generatedName, type KubeObject, type ResourceName, resourceTypes, validate } from './resources';
import { alreadyExists, conflict, notFound, StatusError } from './status';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change as the store recorded it; watches turn these into watch events. */
export interface StoredEvent {
  rv: number;
  resource: ResourceName;
  namespace?: string;
  type: ChangeType;
  object: KubeObject;
  /** The object before a MODIFIED change (selector-filtered watches need it). */
  previous?: KubeObject;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  /** Only delete when the object still has this resourceVersion (else 409 Conflict). */
  resourceVersion?: string;
  uid?: string;
}

/** A controller reacting to a change. It may read and write the store; it runs after the change is recorded. */
export type ObjectHook = (object: KubeObject, store: ObjectStore, previous?: KubeObject) => void;

const clone = <T>(v: T): T => structuredClone(v);

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private rv = 1000;
  private compactedBefore = 0;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  private history: StoredEvent[] = [];
  private readonly listeners = new Set<(e: StoredEvent) => void>();
  private readonly hooks: Record<'create' | 'update' | 'delete', Map<ResourceName, Set<ObjectHook>>> = {
    create: new Map(),
    update: new Map(),
    delete: new Map(),
  };

  constructor(private readonly onHookError: (err: unknown) => void = () => undefined) {
    for (const name of Object.keys(resourceTypes) as ResourceName[]) this.objects.set(name, new Map());
  }

  /** The newest resourceVersion in the cluster. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumableVersion(): number {
    return this.compactedBefore;
  }

  private table(resource: ResourceName): Map<string, KubeObject> {
    const t = this.objects.get(resource);
    if (!t) throw new Error(`unknown resource ${resource}`);
    return t;
  }

  hasNamespace(namespace: string): boolean {
    return this.table('namespaces').has(key(undefined, namespace));
  }

  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.table(resource).get(key(resourceTypes[resource].namespaced ? namespace : undefined, name));
    return o && clone(o);
  }

  /** Objects of a resource, in one namespace or all, ordered by namespace and name like the real server. */
  list(resource: ResourceName, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.table(resource).values()) {
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(clone(o));
    }
    return out.sort((a, b) => key(a.metadata.namespace, a.metadata.name ?? '').localeCompare(key(b.metadata.namespace, b.metadata.name ?? '')));
  }

  /** Creates the object, as POST does: defaults, validation, 409 when it exists, 404 when the namespace does not. */
  create(resource: ResourceName, input: KubeObject, namespace?: string, opts: { dryRun?: boolean } = {}): KubeObject {
    const t = resourceTypes[resource];
    const obj = clone(input);
    obj.metadata ??= {};
    if (t.namespaced) {
      const ns = namespace ?? obj.metadata.namespace;
      if (!ns) throw new StatusError(400, 'BadRequest', 'an empty namespace may not be set during creation');
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new StatusError(400, 'BadRequest', `the namespace of the provided object does not match the namespace sent on the request`);
      }
      if (!this.hasNamespace(ns)) throw notFound('namespaces', '', ns);
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generatedName(obj.metadata.generateName);
    const name = obj.metadata.name ?? '';
    if (name && this.table(resource).has(key(obj.metadata.namespace, name))) throw alreadyExists(resource, t.group, name);
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.resourceVersion;
    applyDefaults(t, obj);
    validate(t, obj);
    if (opts.dryRun) return clone(obj);
    obj.metadata.resourceVersion = String(++this.rv);
    this.table(resource).set(key(obj.metadata.namespace, name), obj);
    this.record({ rv: this.rv, resource, namespace: obj.metadata.namespace, type: 'ADDED', object: clone(obj) });
    this.runHooks('create', resource, obj);
    return clone(obj);
  }

  /**
   * Replaces an object, as PUT does. With `checkVersion`, a stale resourceVersion is a 409.
   * `part` says what may change: the whole object but its status (the main resource), or
   * only the status (the `/status` subresource).
   */
  replace(resource: ResourceName, input: KubeObject, opts: { checkVersion?: boolean; part?: 'all' | 'main' | 'status' } = {}): KubeObject {
    const t = resourceTypes[resource];
    const name = input.metadata?.name ?? '';
    const k = key(t.namespaced ? input.metadata.namespace : undefined, name);
    const current = this.table(resource).get(k);
    if (!current) throw notFound(resource, t.group, name);
    if (opts.checkVersion && input.metadata.resourceVersion && input.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(resource, t.group, name);
    }
    const part = opts.part ?? 'all';
    let next: KubeObject;
    if (part === 'status') next = { ...clone(current), status: clone(input.status) };
    else {
      next = clone(input);
      if (part === 'main' && current.status !== undefined) next.status = clone(current.status);
    }
    // Identity and bookkeeping fields cannot be changed by a client.
    next.metadata = {
      ...next.metadata,
      name,
      namespace: current.metadata.namespace,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: current.metadata.generation,
    };
    if (next.metadata.namespace === undefined) delete next.metadata.namespace;
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    if (JSON.stringify(next.spec) !== JSON.stringify(current.spec)) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    validate(t, next);
    if (JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: undefined } }) === JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: undefined } })) {
      // A no-op write does not bump the resourceVersion or send an event (as etcd3 storage does).
      return clone(current);
    }
    next.metadata.resourceVersion = String(++this.rv);
    this.table(resource).set(k, next);
    this.record({ rv: this.rv, resource, namespace: next.metadata.namespace, type: 'MODIFIED', object: clone(next), previous: clone(current) });
    this.runHooks('update', resource, next, current);
    return clone(next);
  }

  /** Changes an object in place (tests and simulated controllers): read, mutate, write. */
  modify(resource: ResourceName, namespace: string | undefined, name: string, mutate: (o: KubeObject) => void): KubeObject {
    const current = this.get(resource, namespace, name);
    if (!current) throw notFound(resource, resourceTypes[resource].group, name);
    mutate(current);
    return this.replace(resource, current, { part: 'all' });
  }

  /** Deletes as DELETE does, then collects dependents by the propagation policy. Returns the deleted object. */
  delete(resource: ResourceName, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const t = resourceTypes[resource];
    const k = key(t.namespaced ? namespace : undefined, name);
    const current = this.table(resource).get(k);
    if (!current) throw notFound(resource, t.group, name);
    if (opts.resourceVersion && opts.resourceVersion !== current.metadata.resourceVersion) throw conflict(resource, t.group, name);
    if (opts.uid && opts.uid !== current.metadata.uid) throw conflict(resource, t.group, name);
    const policy = opts.propagationPolicy ?? t.defaultPropagation;
    const uid = current.metadata.uid ?? '';
    if (policy === 'Foreground') this.collectDependents(uid, 'Foreground');
    if (policy === 'Orphan') this.orphanDependents(uid);
    this.table(resource).delete(k);
    const deleted = clone(current);
    deleted.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    deleted.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, resource, namespace: current.metadata.namespace, type: 'DELETED', object: clone(deleted) });
    if (resource === 'namespaces') this.deleteNamespaceContents(name);
    this.runHooks('delete', resource, deleted);
    // The garbage collector removes dependents after the owner is gone, asynchronously.
    if (policy === 'Background') setImmediate(() => this.collectDependents(uid, 'Background'));
    return deleted;
  }

  private dependentsOf(uid: string): [ResourceName, KubeObject][] {
    const out: [ResourceName, KubeObject][] = [];
    for (const [resource, table] of this.objects) {
      for (const o of table.values()) if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push([resource, o]);
    }
    return out;
  }

  private collectDependents(uid: string, policy: PropagationPolicy): void {
    for (const [resource, o] of this.dependentsOf(uid)) {
      if (this.table(resource).has(key(o.metadata.namespace, o.metadata.name ?? ''))) this.delete(resource, o.metadata.namespace, o.metadata.name ?? '', { propagationPolicy: policy });
    }
  }

  private orphanDependents(uid: string): void {
    for (const [resource, o] of this.dependentsOf(uid)) {
      this.modify(resource, o.metadata.namespace, o.metadata.name ?? '', (d) => {
        d.metadata.ownerReferences = d.metadata.ownerReferences?.filter((r) => r.uid !== uid);
        if (d.metadata.ownerReferences?.length === 0) delete d.metadata.ownerReferences;
      });
    }
  }

  private deleteNamespaceContents(namespace: string): void {
    for (const [resource, table] of this.objects) {
      if (!resourceTypes[resource].namespaced) continue;
      for (const o of [...table.values()]) if (o.metadata.namespace === namespace) this.delete(resource, namespace, o.metadata.name ?? '', { propagationPolicy: 'Orphan' });
    }
  }

  private record(e: StoredEvent): void {
    this.history.push(e);
    for (const l of [...this.listeners]) l(e);
  }

  private runHooks(kind: 'create' | 'update' | 'delete', resource: ResourceName, obj: KubeObject, previous?: KubeObject): void {
    for (const hook of [...(this.hooks[kind].get(resource) ?? [])]) {
      try {
        hook(clone(obj), this, previous && clone(previous));
      } catch (err) {
        this.onHookError(err);
      }
    }
  }

  /** Registers a controller hook; returns a function that removes it. */
  on(kind: 'create' | 'update' | 'delete', resource: ResourceName, hook: ObjectHook): () => void {
    let set = this.hooks[kind].get(resource);
    if (!set) this.hooks[kind].set(resource, (set = new Set()));
    set.add(hook);
    return () => set.delete(hook);
  }

  /** Every change after `rv`, or 'expired' when history that old was compacted away. */
  eventsSince(rv: number): StoredEvent[] | 'expired' {
    if (rv < this.compactedBefore) return 'expired';
    return this.history.filter((e) => e.rv > rv);
  }

  /** Listens to every change from now on. */
  subscribe(listener: (e: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the history (as etcd compaction does): watches from an older resourceVersion now get 410. */
  compact(): void {
    this.compactedBefore = this.rv;
    this.history = [];
  }
}
