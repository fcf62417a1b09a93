// The pods informer (ListWatch) against the real API server: resourceVersions are etcd's, and a
// watch resuming from a revision that etcd compacted away gets the server's own 410 Expired —
// the informer must list again and report what changed during the gap. Live changes arrive
// without another list, and RBAC's 403 on the list is a failed state that recovers once granted.
import { strict as assert } from 'node:assert';
import type { PodJson } from '../../../src/core/kube/objects';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { type Change, clientNodeWatch, type ListWatch, type WatchStarter } from '../../../src/infra/kube/listWatch';
import { compactEtcd, type LocalCluster, serviceAccountKubeconfig, useLocalCluster } from '../../support/localCluster';
import { makeTempDir } from '../../support/tempDir';
import { waitUntil } from '../kube/waitUntil';

describe('pods informer on the real API server: watch, compaction, 410', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  let pods: ListWatch<PodJson> | undefined;
  const created: string[] = [];
  before(async function () {
    cluster = await useLocalCluster(this);
  });
  // Each test's informer is stopped after it (an open watch would keep mocha from exiting).
  afterEach(() => {
    pods?.dispose();
    pods = undefined;
  });
  after(async () => {
    for (const name of created) await cluster.api.request('DELETE', `/api/v1/namespaces/${cluster.namespace}/pods/${name}`, { gracePeriodSeconds: 0 });
  });

  const aPod = async (name: string, label: string) => {
    const res = await cluster.api.request('POST', `/api/v1/namespaces/${cluster.namespace}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { 'watch-test': label } },
      spec: { containers: [{ name: 'app', image: 'registry.local/app:1' }] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    created.push(name);
  };

  it('resumes with etcd resourceVersions; after a compaction the resumed watch gets 410 and the informer re-lists', async () => {
    const label = Date.now().toString(36);
    const opened = KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    // Every watch after the first waits at this gate, so the test decides when the informer resumes.
    const real = clientNodeWatch(cluster.kc);
    const resumes: string[] = [];
    const errors: number[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const startWatch: WatchStarter = async (path, params, onEvent, onDone) => {
      resumes.push(String(params.resourceVersion ?? ''));
      if (resumes.length > 1) await gate;
      return real(path, params, (type, obj) => {
        if (type === 'ERROR') errors.push((obj as { code?: number }).code ?? 0);
        onEvent(type, obj);
      }, onDone);
    };
    await aPod(`w1-${label}`, label);
    await aPod(`w2-${label}`, label);
    pods = opened.value.watchPods({ labelSelector: `watch-test=${label}`, watchTimeoutSeconds: 1, startWatch, backoff: { initialMs: 50, maxMs: 200 } });
    const changes: Change<PodJson>[] = [];
    pods.onDidChange((c) => changes.push(...c));
    pods.start();
    const names = () => pods!.items().map((p) => p.metadata?.name).sort().join();
    await waitUntil(() => names() === `w1-${label},w2-${label}`, 'listed', 30_000);
    const listedAt = pods.lastResourceVersion;
    assert.match(listedAt ?? '', /^\d+$/);
    // The server ends the first watch after its timeout; the informer wants to resume from its last revision.
    await waitUntil(() => resumes.length === 2, 'the informer asked to resume', 30_000);
    assert.equal(resumes[1], pods.lastResourceVersion);
    // During the gap: one pod goes, one comes, and etcd forgets the history before now.
    await cluster.api.request('DELETE', `/api/v1/namespaces/${cluster.namespace}/pods/w1-${label}`, { gracePeriodSeconds: 0 });
    await aPod(`w3-${label}`, label);
    const compactedAt = await compactEtcd();
    assert.ok(compactedAt > Number(resumes[1]));
    open();
    await waitUntil(() => names() === `w2-${label},w3-${label}`, 'the cache matches the server again after re-listing', 30_000);
    assert.deepEqual(errors, [410], 'the API server answered the resumed watch with 410 Expired');
    assert.ok(changes.some((c) => c.type === 'DELETED' && c.object.metadata?.name === `w1-${label}`));
    assert.ok(changes.some((c) => c.type === 'ADDED' && c.object.metadata?.name === `w3-${label}`));
    assert.ok(Number(pods.lastResourceVersion) >= compactedAt);
  });

  it('lists, then shows pods added, changed and deleted while watching', async () => {
    const label = `live-${Date.now().toString(36)}`;
    const opened = KubeClient.open({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    await aPod(`l1-${label}`, label);
    pods = opened.value.watchPods({ labelSelector: `watch-test=${label}`, backoff: { initialMs: 50, maxMs: 200 } });
    const changes: Change<PodJson>[] = [];
    pods.onDidChange((c) => changes.push(...c));
    pods.start();
    const names = () => pods!.items().map((p) => p.metadata?.name).sort().join();
    await waitUntil(() => pods!.state.phase === 'synced' && names() === `l1-${label}`, 'listed', 30_000);
    await aPod(`l2-${label}`, label);
    await waitUntil(() => names() === `l1-${label},l2-${label}`, 'the new pod is in the cache', 30_000);
    // kwok starts it: the status change arrives as MODIFIED.
    await waitUntil(() => pods!.get(`l2-${label}`)?.status?.phase === 'Running', 'kwok\'s status change is in the cache', 30_000);
    await cluster.api.request('DELETE', `/api/v1/namespaces/${cluster.namespace}/pods/l1-${label}`, { gracePeriodSeconds: 0 });
    await waitUntil(() => names() === `l2-${label}`, 'the deleted pod left the cache', 30_000);
    const seen = changes.map((c) => `${c.type} ${c.object.metadata?.name}`);
    for (const e of [`ADDED l1-${label}`, `ADDED l2-${label}`, `MODIFIED l2-${label}`, `DELETED l1-${label}`]) assert.ok(seen.includes(e), `${e} in ${seen.join(', ')}`);
  });

  it('reports RBAC\'s 403 on list as a failed state (forbidden), and lists once the Role allows it', async () => {
    const tmp = makeTempDir('mv-watch-rbac-');
    const sa = await serviceAccountKubeconfig(cluster, `mv-nolist-${Date.now().toString(36)}`, [], tmp.dir);
    try {
      const opened = KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } });
      if (!opened.ok) throw new Error(opened.error.message);
      pods = opened.value.watchPods({ backoff: { initialMs: 50, maxMs: 300 } });
      pods.start();
      await waitUntil(() => pods!.state.phase === 'failed', 'the list failed', 30_000);
      const s = pods.state;
      assert.equal(s.phase === 'failed' && s.error.kind, 'forbidden');
      assert.equal(s.phase === 'failed' && s.everSynced, false);
      await sa.grant([{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }]);
      await waitUntil(() => pods!.state.phase === 'synced', 'listed after the permission came', 30_000);
    } finally {
      await sa.remove();
      tmp.cleanup();
    }
  });
});
