import { strict as assert } from 'node:assert';
import { formatAge, percentOf, selectsPod, summarizePod, type PodObjectLike } from '../../../src/core/kube/podSummary';

function pod(over: Partial<PodObjectLike> = {}): PodObjectLike {
  return {
    metadata: { name: 'api-7d9f', namespace: 'test', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'api' } },
    spec: {
      nodeName: 'k3s-server',
      containers: [
        { name: 'api', image: 'api:1', resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } } },
        { name: 'log', image: 'fluent:2', resources: { requests: { cpu: '50m', memory: '64Mi' } } },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'api', ready: true, restartCount: 2, state: { running: {} } },
        { name: 'log', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    },
    ...over,
  };
}

describe('summarizePod', () => {
  it('shows ready x/y, restarts, node and the most telling status', () => {
    const s = summarizePod(pod());
    assert.equal(s.status, 'CrashLoopBackOff');
    assert.equal(s.phase, 'Running');
    assert.deepEqual([s.ready, s.total, s.restarts, s.node], [1, 2, 3, 'k3s-server']);
    assert.equal(s.createdAt, Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(s.containers[1].state, 'waiting (CrashLoopBackOff)');
    assert.equal(s.lastRestartReason, undefined, 'no container said why it ended');
  });

  it('names why the most recent restart happened (the newest lastState.terminated)', () => {
    const base = pod();
    base.status!.containerStatuses = [
      { name: 'api', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'Error', finishedAt: '2026-01-01T00:05:00Z' } } },
      { name: 'log', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', finishedAt: '2026-01-01T00:09:00Z' } } },
    ];
    const s = summarizePod(base);
    assert.deepEqual([s.restarts, s.lastRestartReason], [3, 'OOMKilled']);
  });

  it('computes usage from metrics-server and the percentage of the limit, else of the request', () => {
    const s = summarizePod(pod(), {
      metadata: { name: 'api-7d9f' },
      containers: [
        { name: 'api', usage: { cpu: '500000000n', memory: '262144Ki' } },
        { name: 'log', usage: { cpu: '25m', memory: '32Mi' } },
      ],
    });
    assert.deepEqual(s.usage, { cpuMillicores: 525, memoryMb: 288 });
    // The log container has no limits, so the pod has none: percentages are of the requests (300m, 320Mi).
    assert.deepEqual(s.cpuPercent, { value: 175, of: 'request' });
    assert.deepEqual(s.memoryPercent, { value: 90, of: 'request' });
    assert.deepEqual(s.containers[0].usage, { cpuMillicores: 500, memoryMb: 256 });
  });

  it('has no usage when metrics-server did not report the pod', () => {
    const s = summarizePod(pod());
    assert.equal(s.usage, undefined);
    assert.equal(s.cpuPercent, undefined);
  });

  it('shows Terminating, Completed and init progress as kubectl does', () => {
    assert.equal(summarizePod(pod({ metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } })).status, 'Terminating');
    assert.equal(summarizePod(pod({ status: { phase: 'Succeeded', containerStatuses: [{ name: 'api', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] } })).status, 'Completed');
    assert.equal(summarizePod(pod({ status: { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { running: {} } }] } })).status, 'Init:0/1');
    assert.equal(summarizePod(pod({ status: { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', state: { waiting: { reason: 'ImagePullBackOff' } } }] } })).status, 'Init:ImagePullBackOff');
  });
});

describe('pod helpers', () => {
  it('percentOf prefers the limit, falls back to the request, and gives nothing without either', () => {
    assert.deepEqual(percentOf(50, 200, 100), { value: 25, of: 'limit' });
    assert.deepEqual(percentOf(50, null, 100), { value: 50, of: 'request' });
    assert.equal(percentOf(50, null, null), undefined);
    assert.equal(percentOf(null, 100, 100), undefined);
  });

  it('formatAge prints like kubectl', () => {
    const s = 1000;
    assert.deepEqual([45 * s, 150 * s, 12 * 60 * s, 5 * 3600 * s + 3 * 60 * s, 30 * 3600 * s, 3 * 86400 * s + 4 * 3600 * s, 20 * 86400 * s, 800 * 86400 * s].map(formatAge), ['45s', '2m30s', '12m', '5h3m', '30h', '3d4h', '20d', '2y']);
  });

  it('selectsPod matches a service selector against pod labels; an empty selector selects nothing', () => {
    assert.equal(selectsPod({ app: 'api' }, { app: 'api', tier: 'web' }), true);
    assert.equal(selectsPod({ app: 'api', tier: 'db' }, { app: 'api', tier: 'web' }), false);
    assert.equal(selectsPod({}, { app: 'api' }), false);
  });
});
