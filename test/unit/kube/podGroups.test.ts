import { strict as assert } from 'node:assert';
import { ageRefreshMs, groupPods, isFinishedLoadTestPod } from '../../../src/core/kube/podGroups';

const k6 = { 'app.kubernetes.io/managed-by': 'metric-vault', testid: 'mv-1' };

describe('Pods view layout', () => {
  it('folds the pods of ended load tests away from the service pods', () => {
    const pods = [
      { labels: { app: 'shop-api' }, phase: 'Running' },
      { labels: k6, phase: 'Succeeded' },
      { labels: k6, phase: 'Running' },
      { labels: k6, phase: 'Failed' },
      { labels: { app: 'batch' }, phase: 'Succeeded' },
    ];
    assert.deepEqual(groupPods(pods), { current: [0, 2, 4], finishedLoadTests: [1, 3] });
    assert.equal(isFinishedLoadTestPod({ labels: k6, phase: 'Pending' }), false);
    assert.equal(isFinishedLoadTestPod({ labels: { app: 'batch' }, phase: 'Failed' }), false, "someone else's finished pod stays in view");
  });

  it('ages tick each second while a pod is under two minutes old, every 30 s after', () => {
    const now = 1_000_000_000;
    assert.equal(ageRefreshMs([now - 5000, now - 3_600_000], now), 1000);
    assert.equal(ageRefreshMs([now - 600_000, now - 3_600_000], now), 30_000);
    assert.equal(ageRefreshMs([undefined], now), undefined);
  });
});
