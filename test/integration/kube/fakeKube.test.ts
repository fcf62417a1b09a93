// The fake API server, driven by @kubernetes/client-node through a real kubeconfig file:
// it must answer as a real API server does, or tests built on it prove nothing.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { AuthorizationV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, Log, Metrics, Watch, type V1Pod } from '@kubernetes/client-node';
import { aPod, aService, type FakeKube, startFakeKube } from '../../support/fakeKube';

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

describe('fake Kubernetes API server (via @kubernetes/client-node)', () => {
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

  it('serves pods created in the cluster over TLS with the kubeconfig token, lists without item type meta', async () => {
    fake.objects.create('pods', aPod('web-1'));
    const list = await core.listNamespacedPod({ namespace: 'test' });
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].metadata?.name, 'web-1');
    assert.equal(list.items[0].status?.phase, 'Running');
    assert.ok(Number(list.metadata?.resourceVersion) >= Number(list.items[0].metadata?.resourceVersion));
    assert.equal(kc.getContextObject(kc.getCurrentContext())?.namespace, 'test');
    assert.ok(fake.url.startsWith('https://127.0.0.1:'));
    assert.equal(fake.requests.at(-1)?.verb, 'list');
  });

  it('creates with 201, refuses duplicates with 409 AlreadyExists, unknown names with 404 NotFound', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'test', body: { metadata: { name: 'script' }, data: { 'test.js': 'export default () => {}' } } });
    assert.ok(created.metadata?.uid);
    await assert.rejects(core.createNamespacedConfigMap({ namespace: 'test', body: { metadata: { name: 'script' } } }), (err) => {
      const e = apiError(err);
      return e.code === 409 && e.body.reason === 'AlreadyExists' && /configmaps "script" already exists/.test(e.body.message ?? '');
    });
    await assert.rejects(core.readNamespacedPod({ namespace: 'test', name: 'nope' }), (err) => apiError(err).code === 404 && apiError(err).body.message === 'pods "nope" not found');
  });

  it('lists an unknown namespace as empty (as the real server does) but refuses to create in it', async () => {
    assert.deepEqual((await core.listNamespacedPod({ namespace: 'ghost' })).items, []);
    await assert.rejects(core.createNamespacedPod({ namespace: 'ghost', body: aPod('x') as V1Pod }), (err) => apiError(err).code === 404 && apiError(err).body.message === 'namespaces "ghost" not found');
    await assert.rejects(core.readNamespace({ name: 'ghost' }), (err) => apiError(err).code === 404);
  });

  it('streams ADDED, MODIFIED, DELETED with increasing resourceVersions', async () => {
    fake.objects.create('pods', aPod('web-1'));
    const { events } = await collect(kc, '/api/v1/namespaces/test/pods', {}, (ev) => ev.some((e) => e.type === 'DELETED'), () => {
      fake.objects.create('pods', aPod('web-2'));
      fake.objects.modify('pods', 'web-2', (p) => ((p.status as { phase: string }).phase = 'Failed'));
      fake.objects.delete('pods', 'web-2');
    });
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED web-1', 'ADDED web-2', 'MODIFIED web-2', 'DELETED web-2']);
    const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
    assert.deepEqual([...rvs].sort((a, b) => a - b), rvs);
  });

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

  it('serves metrics.k8s.io pod metrics while metrics-server is present, 404 when it is not', async () => {
    fake.objects.create('pods', aPod('web-1'));
    fake.setPodMetrics('web-1', [{ name: 'app', cpu: '12345678n', memory: '65536Ki' }]);
    const m = await new Metrics(kc).getPodMetrics('test');
    assert.equal(m.items[0].containers[0].usage.cpu, '12345678n');
    assert.ok((await kc.makeApiClient(CustomObjectsApi).getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' })).resources.some((r) => r.name === 'pods'));
    fake.setMetricsServer(false);
    await assert.rejects(new Metrics(kc).getPodMetrics('test'), (err) => (err as { code: number }).code === 404);
  });

  it('serves the k6.io TestRun CRD only when switched on', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    await assert.rejects(custom.getAPIResources({ group: 'k6.io', version: 'v1alpha1' }), (err) => apiError(err).code === 404);
    fake.setK6Operator(true);
    assert.ok((await custom.getAPIResources({ group: 'k6.io', version: 'v1alpha1' })).resources.some((r) => r.name === 'testruns'));
    const body = { apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', metadata: { name: 'run-1' }, spec: { parallelism: 2, script: { configMap: { name: 's', file: 'test.js' } } } };
    await custom.createNamespacedCustomObject({ group: 'k6.io', version: 'v1alpha1', namespace: 'test', plural: 'testruns', body });
    const list = (await custom.listNamespacedCustomObject({ group: 'k6.io', version: 'v1alpha1', namespace: 'test', plural: 'testruns' })) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['run-1']);
    await custom.deleteNamespacedCustomObject({ group: 'k6.io', version: 'v1alpha1', namespace: 'test', plural: 'testruns', name: 'run-1' });
    assert.equal(fake.objects.list('testruns').length, 0);
  });

  it('follows a pod log until the container ends', async () => {
    fake.objects.create('pods', aPod('k6-run-0', { containers: [{ name: 'k6' }] }));
    fake.appendPodLog('k6-run-0', 'starting\n');
    let text = '';
    const finished = new Promise<void>((resolve) => {
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          text += chunk.toString();
          if (text.includes('starting') && !text.includes('running')) {
            fake.appendPodLog('k6-run-0', 'running\n');
            fake.objects.modify('pods', 'k6-run-0', (p) => ((p.status as { phase: string }).phase = 'Succeeded'));
          }
          cb();
        },
      });
      sink.on('finish', () => resolve());
      void new Log(kc).log('test', 'k6-run-0', 'k6', sink, { follow: true });
    });
    await finished;
    assert.equal(text, 'starting\nrunning\n');
  });

  it('deletes a Job with propagationPolicy Background together with its pods; without one it orphans them', async () => {
    const batch = kc.makeApiClient(BatchV1Api);
    const jobBody = { metadata: { name: 'run-1' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'k6', image: 'grafana/k6' }] } } } };
    const job = await batch.createNamespacedJob({ namespace: 'test', body: jobBody });
    assert.equal(job.spec?.template.metadata?.labels?.['batch.kubernetes.io/job-name'], 'run-1');
    const owner = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'run-1', uid: job.metadata?.uid ?? '', controller: true }];
    fake.objects.create('pods', aPod('run-1-abcde', { ownerReferences: owner }));
    const pods = await collect(kc, '/api/v1/namespaces/test/pods', { resourceVersion: String(fake.resourceVersion) }, (ev) => ev.some((e) => e.type === 'DELETED'), () => {
      void batch.deleteNamespacedJob({ namespace: 'test', name: 'run-1', body: { propagationPolicy: 'Background' } });
    });
    assert.equal(pods.events.at(-1)?.object.metadata?.name, 'run-1-abcde');

    const job2 = await batch.createNamespacedJob({ namespace: 'test', body: { ...jobBody, metadata: { name: 'run-2' } } });
    fake.objects.create('pods', aPod('run-2-abcde', { ownerReferences: [{ ...owner[0], name: 'run-2', uid: job2.metadata?.uid ?? '' }] }));
    await batch.deleteNamespacedJob({ namespace: 'test', name: 'run-2' });
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.objects.get('pods', 'run-2-abcde')?.metadata.ownerReferences, undefined);
  });

  it('proxies to a service port: 404 unknown service, 503 without endpoints, forwards and rewrites HTML links', async () => {
    const backend = http.createServer((req, res) => {
      if (req.url === '/docs') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<link href="/static/ui.css"><script src="./init.js"></script>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ openapi: '3.0.0', auth: req.headers.authorization ?? null }));
      }
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    try {
      const opts: { headers?: Record<string, string>; agent?: http.Agent } = {};
      await kc.applyToHTTPSOptions(opts);
      const get = (p: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const r = (fake.url.startsWith('https') ? https : http).get(fake.url + p, { headers: opts.headers, agent: opts.agent }, (res: http.IncomingMessage) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          r.on('error', reject);
        });
      assert.equal((await get('/api/v1/namespaces/test/services/api:80/proxy/openapi.json')).status, 404);
      fake.objects.create('services', aService('api'));
      assert.equal((await get('/api/v1/namespaces/test/services/api:80/proxy/openapi.json')).status, 503);
      fake.setProxyHandler('api', 80, `http://127.0.0.1:${(backend.address() as AddressInfo).port}`);
      const doc = await get('/api/v1/namespaces/test/services/api:http/proxy/openapi.json');
      assert.deepEqual(JSON.parse(doc.body), { openapi: '3.0.0', auth: null });
      const page = await get('/api/v1/namespaces/test/services/api:80/proxy/docs');
      assert.equal(page.body, '<link href="/api/v1/namespaces/test/services/api:80/proxy/static/ui.css"><script src="./init.js"></script>');
      fake.setProxyHandler('api', 80, (req) => ({ body: { path: req.path, q: req.query.get('x') } }));
      assert.deepEqual(JSON.parse((await get('/api/v1/namespaces/test/services/api/proxy/a/b?x=1')).body), { path: '/a/b', q: '1' });
    } finally {
      backend.close();
    }
  });

  it('lets a simulated controller react to created objects', async () => {
    fake.onCreate('jobs', (job, store) => {
      store.create('pods', aPod(`${job.metadata.name}-xyz12`, { phase: 'Pending', containers: [{ name: 'k6' }] }), job.metadata.namespace);
    });
    await kc.makeApiClient(BatchV1Api).createNamespacedJob({ namespace: 'test', body: { metadata: { name: 'load' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'k6', image: 'grafana/k6' }] } } } } });
    assert.deepEqual(fake.objects.list('pods').map((p) => p.metadata.name), ['load-xyz12']);
  });

  it('serves discovery documents (/api, /apis) and rejects invalid objects with 422', async () => {
    const groups = (await kc.makeApiClient((await import('@kubernetes/client-node')).ApisApi).getAPIVersions()).groups.map((g) => g.name);
    assert.ok(groups.includes('batch') && groups.includes('metrics.k8s.io') && !groups.includes('k6.io'));
    await assert.rejects(core.createNamespacedService({ namespace: 'test', body: { metadata: { name: 'Bad_Name' } } }), (err) => apiError(err).code === 422 && apiError(err).body.reason === 'Invalid');
  });
});
