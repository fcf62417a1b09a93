// The cluster calls a load-test run makes: create its ConfigMap/Secret/Job, give the
// ConfigMap to the Job (ownerReferences), read the Job and its pods, follow k6's log, delete
// with propagationPolicy Background, and the pre-flight questions (does the namespace exist,
// may I create Jobs). Every call returns an Errorable: a failed call is a value to show.
import {
  AuthorizationV1Api,
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  Log,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Job,
  type V1Pod,
  type V1Secret,
  Watch,
} from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { type Errorable, fail, type KubeError, kubeError, ok } from '../../core/result';

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

/** A failed API call in the user's terms, with the server's own message when it gave one. */
export function kubeErrorFrom(err: unknown, what: string): KubeError {
  const e = err as { code?: unknown; body?: unknown; message?: string; cause?: { code?: string } };
  const status = typeof e.code === 'number' ? e.code : undefined;
  let serverMessage: string | undefined;
  try {
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as { message?: string }) : (e.body as { message?: string } | undefined);
    serverMessage = body?.message;
  } catch {
    serverMessage = undefined;
  }
  const detail = serverMessage ? `: ${serverMessage}` : '';
  switch (status) {
    case 401:
      return kubeError('unauthorized', `The cluster did not accept your credentials when ${what}${detail}.`, 'Refresh the token in your kubeconfig, or select another context.', 401);
    case 403:
      return kubeError('forbidden', `You are not allowed to ${what}${detail}.`, 'Ask a cluster admin for a Role that allows it in this namespace.', 403);
    case 404:
      return kubeError('not-found', `Not found when ${what}${detail}.`, undefined, 404);
    case 409:
      return kubeError('conflict', `Conflict when ${what}${detail}.`, undefined, 409);
    case undefined: {
      const code = e.cause?.code ?? (err as { code?: string }).code;
      return kubeError('unreachable', `The cluster could not be reached when ${what} (${String(code ?? e.message ?? err)}).`, 'Check that the cluster is up and that your kubeconfig points at it.');
    }
    default:
      return kubeError('server', `The API server failed when ${what} (HTTP ${status})${detail}.`, undefined, status);
  }
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<Errorable<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return fail(kubeErrorFrom(err, what));
  }
}

export class KubeRunObjects {
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly authz: AuthorizationV1Api;

  constructor(readonly kc: KubeConfig) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.batch = kc.makeApiClient(BatchV1Api);
    this.authz = kc.makeApiClient(AuthorizationV1Api);
  }

  namespaceExists(namespace: string): Promise<Errorable<boolean>> {
    return call(`reading namespace "${namespace}"`, async () => {
      try {
        await this.core.readNamespace({ name: namespace });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 404) return false;
        throw err;
      }
    });
  }

  /** SelfSubjectAccessReviews: would the API server allow these calls? */
  async canI(checks: AccessCheck[]): Promise<Errorable<AccessAnswer[]>> {
    const answers: AccessAnswer[] = [];
    for (const c of checks) {
      const r = await call(`checking permission to ${c.verb} ${c.resource}`, () =>
        this.authz.createSelfSubjectAccessReview({ body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: c.verb, group: c.group, resource: c.resource, namespace: c.namespace } } } }),
      );
      if (!r.ok) return r;
      answers.push({ ...c, allowed: r.value.status?.allowed === true, reason: r.value.status?.reason || undefined });
    }
    return ok(answers);
  }

  createConfigMap(namespace: string, body: V1ConfigMap): Promise<Errorable<ObjectRef>> {
    return call(`creating ConfigMap "${body.metadata?.name}" in "${namespace}"`, async () => ref(await this.core.createNamespacedConfigMap({ namespace, body }), 'v1', 'ConfigMap'));
  }

  createSecret(namespace: string, body: V1Secret): Promise<Errorable<ObjectRef>> {
    return call(`creating Secret "${body.metadata?.name}" in "${namespace}"`, async () => ref(await this.core.createNamespacedSecret({ namespace, body }), 'v1', 'Secret'));
  }

  createJob(namespace: string, body: V1Job): Promise<Errorable<ObjectRef>> {
    return call(`creating Job "${body.metadata?.name}" in "${namespace}"`, async () => ref(await this.batch.createNamespacedJob({ namespace, body }), 'batch/v1', 'Job'));
  }

  /** Makes `owner` own the object, so deleting the owner (Background) deletes it too. */
  setOwner(kind: 'ConfigMap' | 'Secret', namespace: string, name: string, owner: ObjectRef & { controller?: boolean; blockOwnerDeletion?: boolean }): Promise<Errorable<void>> {
    const body = { metadata: { ownerReferences: [owner] } };
    const opts = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    return call(`giving ${kind} "${name}" to ${owner.kind} "${owner.name}"`, async () => {
      if (kind === 'ConfigMap') await this.core.patchNamespacedConfigMap({ name, namespace, body }, opts);
      else await this.core.patchNamespacedSecret({ name, namespace, body }, opts);
    });
  }

  /** Deletes a Job and — through the garbage collector — its pods and owned objects. False when it was already gone. */
  deleteJob(namespace: string, name: string): Promise<Errorable<boolean>> {
    return call(`deleting Job "${name}"`, () => deleting(() => this.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' })));
  }

  deleteConfigMap(namespace: string, name: string): Promise<Errorable<boolean>> {
    return call(`deleting ConfigMap "${name}"`, () => deleting(() => this.core.deleteNamespacedConfigMap({ name, namespace })));
  }

  deleteSecret(namespace: string, name: string): Promise<Errorable<boolean>> {
    return call(`deleting Secret "${name}"`, () => deleting(() => this.core.deleteNamespacedSecret({ name, namespace })));
  }

  getJob(namespace: string, name: string): Promise<Errorable<V1Job | undefined>> {
    return call(`reading Job "${name}"`, async () => {
      try {
        return await this.batch.readNamespacedJob({ name, namespace });
      } catch (err) {
        if ((err as { code?: number }).code === 404) return undefined;
        throw err;
      }
    });
  }

  listJobs(namespace: string, labelSelector: string): Promise<Errorable<V1Job[]>> {
    return call(`listing Jobs in "${namespace}"`, async () => (await this.batch.listNamespacedJob({ namespace, labelSelector })).items);
  }

  listPods(namespace: string, labelSelector: string): Promise<Errorable<V1Pod[]>> {
    return call(`listing pods in "${namespace}"`, async () => (await this.core.listNamespacedPod({ namespace, labelSelector })).items);
  }

  /**
   * Watches a collection (e.g. `/apis/batch/v1/namespaces/test/jobs`) by label selector and
   * calls `onEvent` per change; `onEnd` when the stream ends for any reason (the caller
   * re-lists and watches again — it never assumes a watch lasts).
   */
  async watch(path: string, labelSelector: string, onEvent: (type: WatchEventType, obj: unknown) => void, onEnd: (err?: unknown) => void): Promise<Errorable<Stoppable>> {
    let ended = false;
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    return call(`watching ${path}`, async () => {
      const controller = await new Watch(this.kc).watch(path, { labelSelector, allowWatchBookmarks: true }, (type, obj) => onEvent(type as WatchEventType, obj), (err: unknown) => end(err));
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
    let ended = false;
    const flush = () => {
      if (pending) onLine(pending);
      pending = '';
    };
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        const parts = (pending + chunk.toString('utf8')).split(/\r?\n/);
        pending = parts.pop() ?? '';
        for (const p of parts) onLine(p);
        done();
      },
      final(done) {
        flush();
        done();
      },
    });
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      flush();
      onEnd(err);
    };
    sink.on('finish', () => end());
    return call(`following the log of pod "${pod}"`, async () => {
      const controller = await new Log(this.kc).log(namespace, pod, container, sink, (err: unknown) => end(err ?? undefined), { follow: true });
      return {
        stop: () => {
          ended = true;
          controller.abort();
        },
      };
    });
  }
}

function ref(o: { metadata?: { name?: string; uid?: string } }, apiVersion: string, kind: string): ObjectRef {
  return { apiVersion, kind, name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '' };
}

async function deleting(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}
