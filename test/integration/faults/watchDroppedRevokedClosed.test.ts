// Faults of the watch connection that a real API server cannot be made to produce on demand,
// injected by test/support/fakeKube: a watch the server drops (resumed from the last
// resourceVersion, bookmarks included), credentials revoked across a dropped watch (401), watches
// refused (403) while the list works, and the watch connection closed when the informer stops.
// Live changes, 403 on list and 410 after compaction are checked on the real API server
// (test/integration/cluster/watch.test.ts).
import { strict as assert } from 'node:assert';
import type { PodJson } from '../../../src/core/kube/objects';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import type { Change, ListWatch } from '../../../src/infra/kube/listWatch';
import { aPod, type FakeKube, startFakeKube } from '../../support/fakeKube';
import { waitUntil } from '../kube/waitUntil';

describe('fault: pods informer when the watch connection drops, is refused or is closed (fake API server)', () => {
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
