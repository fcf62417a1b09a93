// The pods/services informer against the fake API server: live changes, resumption from the
// last resourceVersion, re-listing on 410, and errors surfaced as states with backoff.
import { strict as assert } from 'node:assert';
import type { PodJson } from '../../../src/core/kube/objects';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import type { Change, ListWatch } from '../../../src/infra/kube/listWatch';
import { aPod, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { waitUntil } from './waitUntil';

describe('ListWatch (pods informer against the fake API server)', () => {
  let fake: FakeKube;
  let client: KubeClient;
  let pods: ListWatch<PodJson>;
  let changes: Change<PodJson>[];
  const names = () => pods.items().map((p) => p.metadata?.name);
  const watchRequests = () => fake.requests.filter((r) => r.watch);
  const listRequests = () => fake.requests.filter((r) => r.verb === 'list' && r.resource === 'pods');

  beforeEach(async () => {
    fake = await startFakeKube();
    const opened = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    client = opened.value;
    changes = [];
  });
  afterEach(async () => {
    pods?.dispose();
    await fake.close();
  });

  function start(): void {
    pods = client.watchPods({ backoff: { initialMs: 5, maxMs: 20 } });
    pods.onDidChange((c) => changes.push(...c));
    pods.start();
  }

  it('lists, then shows a pod added mid-watch without another list', async () => {
    fake.objects.create('pods', aPod('api-1'));
    start();
    await waitUntil(() => pods.state.phase === 'synced' && fake.openWatches === 1, 'synced with an open watch');
    assert.deepEqual(names(), ['api-1']);
    fake.objects.create('pods', aPod('api-2'));
    await waitUntil(() => names().length === 2, 'the new pod is in the cache');
    fake.objects.modify('pods', 'api-1', (p) => ((p.status as { phase: string }).phase = 'Failed'));
    await waitUntil(() => pods.get('api-1')?.status?.phase === 'Failed', 'the change is in the cache');
    fake.objects.delete('pods', 'api-2');
    await waitUntil(() => names().length === 1, 'the deleted pod left the cache');
    assert.deepEqual(changes.map((c) => `${c.type} ${c.object.metadata?.name}`), ['ADDED api-1', 'ADDED api-2', 'MODIFIED api-1', 'DELETED api-2']);
    assert.equal(listRequests().length, 1);
    assert.equal(watchRequests()[0].query.allowWatchBookmarks, 'true');
  });

  it('resumes from the last resourceVersion (bookmarks included) when the server ends the watch', async () => {
    start();
    await waitUntil(() => fake.openWatches === 1, 'the watch is open');
    fake.objects.create('pods', aPod('api-1'));
    await waitUntil(() => names().length === 1, 'api-1 arrived');
    fake.objects.create('configmaps', { metadata: { name: 'unrelated' } }); // advances the cluster's resourceVersion
    fake.sendBookmarks();
    await waitUntil(() => pods.lastResourceVersion === String(fake.resourceVersion), 'the bookmark advanced the resourceVersion');
    const resumeFrom = pods.lastResourceVersion;
    fake.dropWatches();
    fake.objects.create('pods', aPod('api-2')); // created while no watch is open
    await waitUntil(() => names().length === 2, 'the pod created during the gap arrived');
    assert.equal(watchRequests().at(-1)?.query.resourceVersion, resumeFrom);
    assert.equal(listRequests().length, 1, 'resumed without re-listing');
  });

  it('re-lists on 410 Expired and reports what changed during the gap', async () => {
    fake.objects.create('pods', aPod('api-1'));
    fake.objects.create('pods', aPod('api-2'));
    start();
    await waitUntil(() => names().length === 2 && fake.openWatches === 1, 'synced');
    // While disconnected: api-1 is deleted, api-3 appears, and history is compacted.
    fake.failNext({ path: /watch=true/, status: 500 });
    fake.dropWatches();
    fake.objects.delete('pods', 'api-1');
    fake.objects.create('pods', aPod('api-3'));
    fake.compact();
    await waitUntil(() => names().join() === 'api-2,api-3', 'the cache matches the server again');
    assert.equal(listRequests().length, 2, 'the 410 made it list again');
    assert.deepEqual(changes.slice(2).map((c) => `${c.type} ${c.object.metadata?.name}`).sort(), ['ADDED api-3', 'DELETED api-1']);
    await waitUntil(() => pods.state.phase === 'synced', 'synced again');
  });

  it('reports 403 on list as a failed state with the forbidden error, and recovers when allowed', async () => {
    const undo = fake.deny({ verb: 'list', resource: 'pods' });
    fake.objects.create('pods', aPod('api-1'));
    start();
    await waitUntil(() => pods.state.phase === 'failed', 'the list failed');
    const s = pods.state;
    assert.equal(s.phase === 'failed' && s.error.kind, 'forbidden');
    assert.equal(s.phase === 'failed' && s.everSynced, false);
    undo();
    await waitUntil(() => names().length === 1, 'listed after the permission came back');
    assert.equal(pods.state.phase, 'synced');
  });

  it('reports 401 while watching (credentials revoked) as unauthorized, keeping the last known pods', async () => {
    fake.objects.create('pods', aPod('api-1'));
    start();
    await waitUntil(() => fake.openWatches === 1, 'watching');
    fake.setToken('rotated');
    fake.dropWatches();
    await waitUntil(() => pods.state.phase === 'failed', 'the reconnect failed');
    const s = pods.state;
    assert.equal(s.phase === 'failed' && s.error.kind, 'unauthorized');
    assert.equal(s.phase === 'failed' && s.everSynced, true);
    assert.deepEqual(names(), ['api-1']);
  });

  it('backs off while watches fail with 403 and resumes when it is allowed again', async () => {
    start();
    await waitUntil(() => fake.openWatches === 1, 'watching');
    const undo = fake.deny({ verb: 'watch', resource: 'pods' });
    fake.dropWatches();
    await waitUntil(() => pods.state.phase === 'failed', 'the watch was refused');
    assert.equal(pods.state.phase === 'failed' && pods.state.error.kind, 'forbidden');
    undo();
    fake.objects.create('pods', aPod('api-9'));
    await waitUntil(() => names().includes('api-9'), 'watching again');
    assert.equal(pods.state.phase, 'synced');
  });

  it('stops its watch when stopped', async () => {
    start();
    await waitUntil(() => fake.openWatches === 1, 'watching');
    pods.stop();
    await waitUntil(() => fake.openWatches === 0, 'the watch closed');
    assert.equal(pods.state.phase, 'stopped');
  });
});
