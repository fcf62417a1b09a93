// The fake API server's fault injection, used by the other tests in this folder: what it injects
// must look as a real API server's answer does (real Status bodies and codes through
// @kubernetes/client-node, a watch ended by the server, bookmarks, a revoked token's 401, an RBAC
// 403 with a denying access review), or the fault tests prove nothing. These are the faults a real
// server cannot be made to produce on demand; everything else is tested on the real control plane
// (test/integration/cluster/).
import { strict as assert } from 'node:assert';
import { AuthorizationV1Api, BatchV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { aPod, type FakeKube, startFakeKube } from '../../support/fakeKube';

interface WatchLine {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string };
}

/** Collects watch events until `until` is satisfied, then stops the watch. */
async function collect(kc: KubeConfig, path: string, params: Record<string, string | boolean | number>, until: (events: WatchLine[]) => boolean, act?: () => void): Promise<{ events: WatchLine[]; ended: boolean }> {
  const events: WatchLine[] = [];
  let ended = false;
  let controller: AbortController | undefined;
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (until(events)) resolve();
    };
    void new Watch(kc)
      .watch(path, params, (type, object) => {
        events.push({ type, object });
        check();
      }, (err: unknown) => {
        ended = true;
        if (err && !(err instanceof Error && err.name === 'AbortError')) reject(err instanceof Error ? err : new Error(String(err)));
        else check();
        resolve();
      })
      .then((c) => {
        controller = c;
        act?.();
      });
  });
  controller?.abort();
  return { events, ended };
}

function apiError(err: unknown): { code: number; body: { reason?: string; message?: string; kind?: string } } {
  const e = err as { code: number; body: unknown };
  const body = typeof e.body === 'string' ? (JSON.parse(e.body) as object) : ((e.body ?? {}) as object);
  return { code: e.code, body: body as { reason?: string; message?: string; kind?: string } };
}

describe('fault injection of the fake API server answers as a real server would (500, dropped watch, revoked token, denied verb)', () => {
  let fake: FakeKube;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeEach(async () => {
    fake = await startFakeKube();
    kc = new KubeConfig();
    kc.loadFromFile(fake.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(async () => fake.close());

  it('resumes a watch from a resourceVersion, answers 410 Expired once compacted, and sends bookmarks', async () => {
    fake.objects.create('pods', aPod('a'));
    const rv = String(fake.resourceVersion);
    fake.objects.create('pods', aPod('b'));
    const resumed = await collect(kc, '/api/v1/namespaces/test/pods', { resourceVersion: rv }, (ev) => ev.length >= 1);
    assert.deepEqual(resumed.events.map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED b']);

    fake.compact();
    const gone = await collect(kc, '/api/v1/namespaces/test/pods', { resourceVersion: rv }, (ev) => ev.length >= 1);
    assert.equal(gone.events[0].type, 'ERROR');
    assert.equal(gone.events[0].object.code, 410);
    assert.equal(gone.events[0].object.reason, 'Expired');

    const marks = await collect(kc, '/api/v1/namespaces/test/pods', { resourceVersion: String(fake.resourceVersion), allowWatchBookmarks: true }, (ev) => ev.some((e) => e.type === 'BOOKMARK'), () => fake.sendBookmarks());
    assert.equal(marks.events.at(-1)?.object.metadata?.resourceVersion, String(fake.resourceVersion));
  });

  it('ends open watches when told (server restart) and filters by label selector, turning relabels into ADDED/DELETED', async () => {
    fake.objects.create('pods', aPod('web-1', { labels: { app: 'web' } }));
    const { events } = await collect(kc, '/api/v1/namespaces/test/pods', { labelSelector: 'app=web' }, (ev) => ev.length >= 3, () => {
      fake.objects.modify('pods', 'web-1', (p) => (p.metadata.labels = { app: 'other' }));
      fake.objects.modify('pods', 'web-1', (p) => (p.metadata.labels = { app: 'web' }));
    });
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED', 'ADDED']);
    const dropped = await collect(kc, '/api/v1/namespaces/test/pods', {}, () => false, () => setImmediate(() => fake.dropWatches()));
    assert.equal(dropped.ended, true);
  });

  it('fails the next matching calls with real Statuses (401, 403, 404, 409, 500)', async () => {
    for (const status of [401, 403, 404, 409, 500] as const) {
      fake.failNext({ method: 'GET', path: /\/pods$/, status });
      // client-node drops the body of a 401; every other code carries the server's Status.
      await assert.rejects(core.listNamespacedPod({ namespace: 'test' }), (err) => apiError(err).code === status && (status === 401 || apiError(err).body.kind === 'Status'));
    }
    assert.equal((await core.listNamespacedPod({ namespace: 'test' })).items.length, 0);
    fake.failNext({ path: /watch=true/, status: 500, times: 2 });
    await assert.rejects(collect(kc, '/api/v1/namespaces/test/pods', {}, () => false), (err) => (err as { statusCode?: number }).statusCode === 500);
  });

  it('answers 401 to an old token and 403 (plus a denying access review) to a denied verb', async () => {
    fake.deny({ verb: 'list', resource: 'pods' });
    await assert.rejects(core.listNamespacedPod({ namespace: 'test' }), (err) => {
      const e = apiError(err);
      return e.code === 403 && /pods is forbidden: User "fake-user" cannot list resource "pods" in API group "" in the namespace "test"/.test(e.body.message ?? '');
    });
    const authz = kc.makeApiClient(AuthorizationV1Api);
    const review = (verb: string) => authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { namespace: 'test', verb, resource: 'pods' } } } });
    assert.equal((await review('list')).status?.allowed, false);
    assert.equal((await review('watch')).status?.allowed, true);
    fake.setToken('rotated');
    await assert.rejects(core.listNamespacedService({ namespace: 'test' }), (err) => apiError(err).code === 401);
  });

  it('lets a simulated controller react to created objects', async () => {
    fake.onCreate('jobs', (job, store) => {
      store.create('pods', aPod(`${job.metadata.name}-xyz12`, { phase: 'Pending', containers: [{ name: 'k6' }] }), job.metadata.namespace);
    });
    await kc.makeApiClient(BatchV1Api).createNamespacedJob({ namespace: 'test', body: { metadata: { name: 'load' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'k6', image: 'grafana/k6' }] } } } } });
    assert.deepEqual(fake.objects.list('pods').map((p) => p.metadata.name), ['load-xyz12']);
  });
});
