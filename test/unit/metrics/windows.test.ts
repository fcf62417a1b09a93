import { strict as assert } from 'node:assert';
import type { WindowAggregate } from '../../../src/core/metrics/aggregates';
import { EndpointAccumulator, mergeSeries, planTick, toWindowPoint } from '../../../src/core/metrics/windows';

const agg = (t: number, over: Partial<WindowAggregate> = {}): WindowAggregate => ({
  t, requests: 10, failed: 1, p50: 5, p90: 9, p95: 10, p99: 12, max: 13, vus: 2, dataSent: 1000, dataReceived: 4000, ...over,
});
const opts = { windowMs: 1000, settleMs: 3000, recentSeconds: 30 };

describe('live metric windows', () => {
  it('plans a tick from the first incomplete window through the window holding now, plus the settle margin', () => {
    const p = planTick(10_000, 15_400, opts);
    assert.deepEqual(p.range, { start: 10_000, end: 19_000 });
    assert.equal(p.completeUntil, 12_000, 'windows ending 3 s before now are complete');
    assert.deepEqual(p.recentRange, { start: -11_000, end: 19_000 });
  });

  it('keeps asking for the same start until a window is complete, then moves on', () => {
    const first = planTick(10_000, 11_000, opts);
    assert.equal(first.completeUntil, 10_000);
    const second = planTick(first.completeUntil, 16_000, opts);
    assert.equal(second.range.start, 10_000);
    assert.equal(second.completeUntil, 13_000);
    assert.equal(planTick(second.completeUntil, 21_000, opts).range.start, 13_000);
  });

  it('the span of a tick does not depend on how long the run has been going', () => {
    const early = planTick(10_000, 15_000, opts);
    const late = planTick(10_000 + 3_600_000, 15_000 + 3_600_000, opts);
    assert.equal(late.range.end - late.range.start, early.range.end - early.range.start);
  });

  it('turns window sums into rates, and an empty window into "no error rate" rather than 0 %', () => {
    const p = toWindowPoint(agg(0, { requests: 50, failed: 5, dataSent: 5000 }), 5000);
    assert.equal(p.rps, 10);
    assert.equal(p.errorRate, 0.1);
    assert.equal(p.sentPerSec, 1000);
    assert.equal(toWindowPoint(agg(0, { requests: 0, failed: 0 }), 1000).errorRate, null);
  });

  it('merges a tick by replacing every point at or after its start', () => {
    const old = [0, 1000, 2000, 3000].map((t) => toWindowPoint(agg(t), 1000));
    const fresh = [2000, 3000, 4000].map((t) => toWindowPoint(agg(t, { requests: 20 }), 1000));
    const merged = mergeSeries(old, fresh, 2000);
    assert.deepEqual(merged.map((p) => [p.t, p.requests]), [[0, 10], [1000, 10], [2000, 20], [3000, 20], [4000, 20]]);
    assert.deepEqual(mergeSeries(old, [], 2000).map((p) => p.t), [0, 1000], 'a window that lost its points is dropped');
  });

  it('counts endpoint requests exactly across ticks: complete windows are folded, open ones replaced', () => {
    const acc = new EndpointAccumulator();
    acc.apply([{ t: 0, name: 'GET /a', requests: 3, failed: 0 }, { t: 1000, name: 'GET /a', requests: 1, failed: 1 }], 0, 1000);
    // The second tick re-reads window 1000 (late points arrived) and adds window 2000.
    acc.apply([{ t: 1000, name: 'GET /a', requests: 4, failed: 1 }, { t: 2000, name: 'POST /b', requests: 2, failed: 2 }], 1000, 2000);
    acc.setRecentP95({ 'GET /a': 12.5 }, 30);
    const table = acc.table(3);
    assert.deepEqual(table.rows, [
      { name: 'GET /a', count: 7, rps: 7 / 3, p95: 12.5, errorRate: 1 / 7 },
      { name: 'POST /b', count: 2, rps: 2 / 3, p95: null, errorRate: 1 },
    ]);
    assert.equal(table.p95WindowSeconds, 30);
  });
});
