import { strict as assert } from 'node:assert';
import type { TickResult } from '../../../src/app/metrics/liveSession';
import { RunResults } from '../../../src/app/metrics/runResults';
import { buildSummary } from '../../../src/core/metrics/summary';
import type { WindowPoint } from '../../../src/core/metrics/types';
import { aRun } from '../../support/builders';

const point = (t: number, requests = 10): WindowPoint => ({
  t, requests, failed: 0, rps: requests, errorRate: 0, p50: 1, p90: 2, p95: 3, p99: 4, max: 5, vus: 1, sentPerSec: 0, receivedPerSec: 0,
});
const live = (from: number, points: WindowPoint[]): TickResult => ({
  at: from + 5000, status: 'live', series: { from, points }, endpoints: { rows: [{ name: 'GET /x', count: points.length, rps: 1, p95: 3, errorRate: 0 }], p95WindowSeconds: 30 },
});

describe('a run\'s results model (what the panel is sent)', () => {
  it('accumulates live ticks, re-read windows replacing what was there', () => {
    const m = new RunResults(aRun({ id: 'mv-1', state: 'running' }));
    assert.equal(m.state().live, 'waiting');
    const first = m.applyTick(live(0, [point(0), point(1000)]), 5);
    assert.deepEqual(first.map((x) => x.type), ['series', 'endpoints']);
    m.applyTick(live(1000, [point(1000, 20), point(2000)]), 5);
    assert.deepEqual(m.state().series.map((p) => [p.t, p.requests]), [[0, 10], [1000, 20], [2000, 10]]);
    assert.equal(m.state().live, 'live');
  });

  it('while the run goes, findings the windows already show are sent once, when they change', () => {
    const m = new RunResults(aRun({ id: 'mv-1', state: 'running' }));
    const failing = (t: number): WindowPoint => ({ ...point(t, 20), failed: 19, errorRate: 0.95 });
    const healthy = m.applyTick(live(0, [point(0, 20), point(1000, 20), point(2000, 20)]), 5);
    assert.equal(healthy.filter((x) => x.type === 'liveFindings').length, 0, 'nothing found, nothing sent');
    const m2 = new RunResults(aRun({ id: 'mv-2', state: 'running' }));
    const msgs = m2.applyTick(live(0, [failing(0), failing(1000), failing(2000)]), 5);
    const found = msgs.find((x) => x.type === 'liveFindings');
    assert.ok(found && found.type === 'liveFindings');
    assert.deepEqual(found.findings.map((f) => [f.kind, f.severity]), [['early-failures', 'critical']]);
    assert.deepEqual(m2.state().liveFindings?.map((f) => f.kind), ['early-failures']);
    assert.equal(m2.applyTick(live(3000, [failing(3000)]), 5).filter((x) => x.type === 'liveFindings').length, 0, 'the same findings are not sent again');
  });

  it('raises "metrics delayed" once while InfluxDB is unreachable and clears it when data flows', () => {
    const m = new RunResults(aRun({ state: 'running' }));
    m.applyTick(live(0, [point(0)]), 5);
    const down: TickResult = { at: 1, status: 'delayed', error: { kind: 'unreachable', message: 'InfluxDB at http://127.0.0.1:8086 is unreachable (ECONNREFUSED).' }, endpoints: { rows: [] } };
    const msgs = m.applyTick(down, 5);
    const banner = msgs.find((x) => x.type === 'banner');
    assert.ok(banner && banner.type === 'banner');
    assert.equal(banner.banner?.kind, 'delayed');
    assert.match(banner.banner?.message ?? '', /^Metrics delayed: InfluxDB at .* unreachable .* Retrying every 5 s; the charts catch up with no gap/);
    assert.equal(m.applyTick(down, 5).filter((x) => x.type === 'banner').length, 0, 'not repeated');
    assert.deepEqual(m.state().series.map((p) => p.t), [0], 'the series stays as it was');
    const back = m.applyTick(live(0, [point(0), point(1000)]), 5);
    assert.deepEqual(back.filter((x) => x.type === 'banner'), [{ type: 'banner' }]);
    assert.equal(m.state().banner, undefined);
  });

  it('keeps the whole-run endpoint table once the summary is in', () => {
    const m = new RunResults(aRun({ id: 'mv-1', state: 'running' }));
    const summary = buildSummary('mv-1', { extent: { start: 0, end: 10_000 }, requests: 5, failed: 0, iterations: 5, dataSent: 0, dataReceived: 0, latency: { p50: 1, p90: 1, p95: 1, p99: 1, max: 1, avg: 1 }, vusMax: 1, endpoints: [{ name: 'GET /x', requests: 5, failed: 0, p95: 1 }] });
    assert.deepEqual(m.setSummary(summary).map((x) => x.type), ['summary']);
    assert.equal(m.state().live, 'finished');
    assert.equal(m.state().endpoints.p95WindowSeconds, undefined);
    assert.equal(m.applyTick(live(0, [point(0)]), 5).some((x) => x.type === 'endpoints'), false);
    assert.equal(m.state().endpoints.rows[0].count, 5);
  });

  it('passes resource samples and their problem through', () => {
    const m = new RunResults(aRun({ state: 'running' }));
    const problem = { kind: 'metrics-server-missing' as const, message: 'metrics-server not found' };
    const msgs = m.applyTick({ ...live(0, []), resources: { messages: [], problem } }, 5);
    assert.deepEqual(msgs.find((x) => x.type === 'resources'), { type: 'resources', messages: [], problem });
    assert.deepEqual(m.state().resourceProblem, problem);
  });
});
