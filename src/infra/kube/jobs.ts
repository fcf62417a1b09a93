// The cluster calls a load-test run makes, over the shared KubeClient: create its
// ConfigMap/Secret/Job, give the ConfigMap to the Job (ownerReferences), read the Job and its
// pods, watch them, follow k6's log, delete with propagationPolicy Background, and the
// pre-flight questions (does the namespace exist, may I do what the run does). Calls take the
// run's namespace, which may differ from the client's (a run started before a settings change).
import { PatchStrategy, setHeaderOptions, type V1ConfigMap, type V1Job, type V1Pod, type V1Secret, Watch } from '@kubernetes/client-node';
import { type Errorable, fail, ok } from '../../core/result';
import { type AccessCheck as SharedAccessCheck, reviewAccess } from './access';
import { type ErrorContext, toKubeError } from './errors';
import { KubeClient } from './kubeClient';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace: string;
}

export interface AccessAnswer extends AccessCheck {
  allowed: boolean;
  reason?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface Stoppable {
  stop(): void;
}

/** Whether a client-node call failed with this HTTP status. */
export const isStatus = (err: unknown, code: number) => (err as { code?: unknown }).code === code;

export class KubeRunObjects {
  constructor(readonly client: KubeClient) {}

  private ctx(verb: string, resource: string, namespace: string): ErrorContext {
    return { ...this.client.ctx(verb, resource), namespace };
  }

  private async call<T>(context: ErrorContext, fn: () => Promise<T>): Promise<Errorable<T>> {
    try {
      return ok(await fn());
    } catch (err) {
      return fail(toKubeError(err, context));
    }
  }

  private inNamespace(namespace: string): KubeClient {
    return namespace === this.client.namespace ? this.client : new KubeClient(this.client.target, namespace);
  }

  /** False only when the API server says the namespace is not there (a user who may not read namespaces gets true). */
  async namespaceExists(namespace: string): Promise<Errorable<boolean>> {
    const r = await this.inNamespace(namespace).verifyNamespace();
    if (r.ok) return ok(true);
    return r.error.kind === 'namespace-missing' ? ok(false) : r;
  }

  /** SelfSubjectAccessReviews: would the API server allow these calls? */
  async canI(checks: AccessCheck[]): Promise<Errorable<AccessAnswer[]>> {
    const byNamespace = new Map<string, AccessCheck[]>();
    for (const c of checks) byNamespace.set(c.namespace, [...(byNamespace.get(c.namespace) ?? []), c]);
    const answers: AccessAnswer[] = [];
    for (const [namespace, list] of byNamespace) {
      const shared: SharedAccessCheck[] = list.map((c) => ({ verb: c.verb, group: c.group, resource: c.resource, ...(c.subresource ? { subresource: c.subresource } : {}), feature: 'runs' }));
      const report = await reviewAccess(this.client.authz, namespace, shared);
      if (!report.ok) return report;
      for (const c of list) {
        const denied = report.value.denied.find((d) => d.verb === c.verb && d.group === c.group && d.resource === c.resource && d.subresource === c.subresource);
        answers.push({ ...c, allowed: !denied, ...(denied?.reason ? { reason: denied.reason } : {}) });
      }
    }
    return ok(answers);
  }

  async createConfigMap(namespace: string, body: V1ConfigMap): Promise<Errorable<ObjectRef>> {
    return this.call(this.ctx('create', 'configmaps', namespace), async () => ref(await this.client.core.createNamespacedConfigMap({ namespace, body }), 'v1', 'ConfigMap'));
  }

  async createSecret(namespace: string, body: V1Secret): Promise<Errorable<ObjectRef>> {
    return this.call(this.ctx('create', 'secrets', namespace), async () => ref(await this.client.core.createNamespacedSecret({ namespace, body }), 'v1', 'Secret'));
  }

  async createJob(namespace: string, body: V1Job): Promise<Errorable<ObjectRef>> {
    return this.call(this.ctx('create', 'jobs.batch', namespace), async () => ref(await this.client.batch.createNamespacedJob({ namespace, body }), 'batch/v1', 'Job'));
  }

  /** Makes `owner` own the object, so deleting the owner (Background) deletes it too. */
  async setOwner(kind: 'ConfigMap' | 'Secret', namespace: string, name: string, owner: ObjectRef & { controller?: boolean; blockOwnerDeletion?: boolean }): Promise<Errorable<void>> {
    const body = { metadata: { ownerReferences: [owner] } };
    const opts = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    return this.call(this.ctx('patch', kind === 'ConfigMap' ? 'configmaps' : 'secrets', namespace), async () => {
      if (kind === 'ConfigMap') await this.client.core.patchNamespacedConfigMap({ name, namespace, body }, opts);
      else await this.client.core.patchNamespacedSecret({ name, namespace, body }, opts);
    });
  }

  /** Deletes a Job and — through the garbage collector — its pods and owned objects. False when it was already gone. */
  async deleteJob(namespace: string, name: string): Promise<Errorable<boolean>> {
    return this.call(this.ctx('delete', 'jobs.batch', namespace), () => deleting(() => this.client.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' })));
  }

  /** Deletes a ConfigMap and, through the garbage collector, the credentials Secret it owns. */
  async deleteConfigMap(namespace: string, name: string): Promise<Errorable<boolean>> {
    return this.call(this.ctx('delete', 'configmaps', namespace), () => deleting(() => this.client.core.deleteNamespacedConfigMap({ name, namespace, propagationPolicy: 'Background' })));
  }

  async listConfigMaps(namespace: string, labelSelector: string): Promise<Errorable<V1ConfigMap[]>> {
    return this.call(this.ctx('list', 'configmaps', namespace), async () => (await this.client.core.listNamespacedConfigMap({ namespace, labelSelector })).items);
  }

  async deleteSecret(namespace: string, name: string): Promise<Errorable<boolean>> {
    return this.call(this.ctx('delete', 'secrets', namespace), () => deleting(() => this.client.core.deleteNamespacedSecret({ name, namespace })));
  }

  async getJob(namespace: string, name: string): Promise<Errorable<V1Job | undefined>> {
    return this.call(this.ctx('get', 'jobs.batch', namespace), async () => {
      try {
        return await this.client.batch.readNamespacedJob({ name, namespace });
      } catch (err) {
        if (isStatus(err, 404)) return undefined;
        throw err;
      }
    });
  }

  async listJobs(namespace: string, labelSelector: string): Promise<Errorable<V1Job[]>> {
    return this.call(this.ctx('list', 'jobs.batch', namespace), async () => (await this.client.batch.listNamespacedJob({ namespace, labelSelector })).items);
  }

  async listPods(namespace: string, labelSelector: string): Promise<Errorable<V1Pod[]>> {
    return this.call(this.ctx('list', 'pods', namespace), async () => (await this.client.core.listNamespacedPod({ namespace, labelSelector })).items);
  }

  /**
   * Watches a collection (e.g. `/apis/batch/v1/namespaces/test/jobs`) by label selector and
   * calls `onEvent` per change; `onEnd` once when the stream ends for any reason (the caller
   * looks again and re-watches — it never assumes a watch lasts).
   */
  async watch(path: string, labelSelector: string, onEvent: (type: WatchEventType, obj: unknown) => void, onEnd: (err?: unknown) => void): Promise<Errorable<Stoppable>> {
    let ended = false;
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    return this.call({ ...this.client.ctx('watch', path.split('/').pop() ?? path) }, async () => {
      const controller = await new Watch(this.client.kc).watch(path, { labelSelector, allowWatchBookmarks: true }, (type, obj) => onEvent(type as WatchEventType, obj), (err: unknown) => end(err));
      return {
        stop: () => {
          ended = true;
          controller.abort();
        },
      };
    });
  }

  /** Follows a container's log line by line from its start until the container ends. */
  async followLog(namespace: string, pod: string, container: string, onLine: (line: string) => void, onEnd: (err?: unknown) => void): Promise<Errorable<Stoppable>> {
    let pending = '';
    const r = await this.inNamespace(namespace).followPodLog(pod, container, (text) => {
      const parts = (pending + text).split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    });
    if (!r.ok) return r;
    let stopped = false;
    void r.value.done.then((d) => {
      if (pending) onLine(pending);
      pending = '';
      if (!stopped) onEnd(d.ok ? undefined : d.error);
    });
    return ok({
      stop: () => {
        stopped = true;
        r.value.stop();
      },
    });
  }
}

export function ref(o: { metadata?: { name?: string; uid?: string } }, apiVersion: string, kind: string): ObjectRef {
  return { apiVersion, kind, name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '' };
}

async function deleting(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (isStatus(err, 404)) return false;
    throw err;
  }
}
