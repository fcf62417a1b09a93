import { strict as assert } from 'node:assert';
import { baselineKeys, baselineLookupKeys, compareSummaries, metricDelta } from '../../../src/core/metrics/compare';
import type { RunSummary } from '../../../src/core/metrics/types';
import { fmtDelta } from '../../../webview-ui/src/format';
import { applyHostMessage } from '../../../webview-ui/src/model';
import type { PanelState } from '../../../src/core/panelProtocol';

function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    testid: 'mv-x',
    start: '2026-01-01T12:00:00.000Z',
    end: '2026-01-01T12:01:40.000Z',
    durationSeconds: 100,
    requests: 1000,
    rps: 10,
    latency: { p50: 20, p90: 80, p95: 100, p99: 200, max: 400, avg: 30 },
    errorRate: 0.01,
    vusMax: 10,
    iterations: 1000,
    dataSent: 1,
    dataReceived: 1,
    endpoints: [
      { name: 'GET /pets', count: 600, rps: 6, p95: 90, errorRate: 0 },
      { name: 'POST /pets', count: 400, rps: 4, p95: 120, errorRate: 0.025 },
    ],
    verdict: 'passed',
    ...over,
  };
}

const byMetric = (c: ReturnType<typeof compareSummaries>) => Object.fromEntries(c.overall.map((d) => [d.metric, d]));

describe('baseline comparison', () => {
  it('slower latency is worse, higher throughput is better, with absolute and relative deltas', () => {
    const c = compareSummaries(summary({ rps: 12, latency: { p50: 20, p90: 80, p95: 112, p99: 150, max: 400, avg: 30 } }), summary(), 'mv-base');
    const d = byMetric(c);
    assert.equal(c.baselineRunId, 'mv-base');
    assert.deepEqual([d.p95.absolute, d.p95.relative, d.p95.direction], [12, 0.12, 'worse']);
    // Throughput counts successful requests: 1 % of both runs' requests failed.
    assert.equal(d.rps.direction, 'better');
    assert.ok(Math.abs((d.rps.absolute ?? 0) - 1.98) < 1e-9);
    assert.ok(Math.abs((d.rps.relative ?? 0) - 0.2) < 1e-9);
    assert.deepEqual([d.p99.absolute, d.p99.relative, d.p99.direction], [-50, -0.25, 'better']);
    assert.deepEqual([d.p50.absolute, d.p50.direction], [0, 'same']);
    assert.equal(d.errorRate.direction, 'same');
  });

  it('more requests per second is not better when the extra ones fail: throughput of successful requests decides', () => {
    // 10 → 12 req/s, but 30 % now fail: 9.9 → 8.4 successful req/s.
    const c = compareSummaries(summary({ rps: 12, errorRate: 0.3 }), summary(), 'mv-base');
    const d = byMetric(c);
    assert.equal(d.rps.direction, 'worse');
    assert.ok(Math.abs((d.rps.current ?? 0) - 8.4) < 1e-9);
    assert.equal(d.errorRate.direction, 'worse');
    // Per endpoint too: POST /pets at the same rate with 2.5 % → 50 % errors is worse, not same.
    const post = compareSummaries(
      summary({ endpoints: [{ name: 'POST /pets', count: 400, rps: 4, p95: 120, errorRate: 0.5 }] }),
      summary(),
      'mv-base',
    ).endpoints[0].deltas.find((x) => x.metric === 'rps')!;
    assert.equal(post.direction, 'worse');
    assert.equal(fmtDelta(post), 'Successful req/s 2 (−49 % worse)');
  });

  it('changes within the tolerance are "same"; error rates use percentage points', () => {
    assert.equal(metricDelta('p95', 101, 100).direction, 'same');
    assert.equal(metricDelta('p95', 103, 100).direction, 'worse');
    assert.equal(metricDelta('rps', 9.9, 10).direction, 'same');
    assert.equal(metricDelta('rps', 9, 10).direction, 'worse');
    assert.equal(metricDelta('errorRate', 0.0005, 0).direction, 'same');
    const fromZero = metricDelta('errorRate', 0.05, 0);
    assert.deepEqual([fromZero.absolute, fromZero.relative, fromZero.direction], [0.05, null, 'worse']);
    assert.equal(metricDelta('errorRate', 0, 0.05).direction, 'better');
  });

  it('a missing value on either side gives no delta rather than a wrong one', () => {
    const d = metricDelta('p95', null, 100);
    assert.deepEqual([d.current, d.baseline, d.absolute, d.relative, d.direction], [null, 100, null, null, 'same']);
    assert.equal(metricDelta('p99', 100, Number.NaN).absolute, null);
  });

  it('compares only endpoints present in both runs, in this run\'s order', () => {
    const current = summary({
      endpoints: [
        { name: 'DELETE /pets/{id}', count: 10, rps: 1, p95: 10, errorRate: 0 },
        { name: 'POST /pets', count: 400, rps: 4, p95: 180, errorRate: 0.1 },
        { name: 'GET /pets', count: 600, rps: 6, p95: 90, errorRate: 0 },
      ],
    });
    const c = compareSummaries(current, summary(), 'mv-base');
    assert.deepEqual(c.endpoints.map((e) => e.name), ['POST /pets', 'GET /pets']);
    const post = Object.fromEntries(c.endpoints[0].deltas.map((d) => [d.metric, d]));
    assert.deepEqual([post.p95.absolute, post.p95.relative, post.p95.direction], [60, 0.5, 'worse']);
    assert.equal(post.errorRate.direction, 'worse');
    assert.ok(c.endpoints[1].deltas.every((d) => d.direction === 'same'));
  });

  it('a run is a baseline for its script and every endpoint; lookups go script first', () => {
    const run = { scriptPath: 'loadtests/pets.js', endpoints: ['GET /pets', 'GET /pets/{petId}'] };
    assert.deepEqual(baselineKeys(run), ['script:loadtests/pets.js', 'GET /pets', 'GET /pets/{petId}']);
    assert.deepEqual(baselineLookupKeys(run), ['script:loadtests/pets.js', 'GET /pets']);
    assert.deepEqual(baselineLookupKeys({ scriptPath: 'a.js', endpoints: [] }), ['script:a.js']);
  });

  it('the panel words each delta as the user reads it', () => {
    assert.equal(fmtDelta(metricDelta('p95', 182, 162.5)), 'p95 182.0 ms (+12 % worse)');
    assert.equal(fmtDelta(metricDelta('p50', 9.9, 10)), 'p50 9.90 ms (−1.0 % same)');
    assert.equal(fmtDelta(metricDelta('rps', 12, 10)), 'Successful req/s 12 (+20 % better)');
    assert.equal(fmtDelta(metricDelta('errorRate', 0.055, 0)), 'Errors 5.50 % (+5.50 pp worse)');
    assert.equal(fmtDelta(metricDelta('p99', 50, 0)), 'p99 50.0 ms (+50.0 ms worse)');
    assert.equal(fmtDelta(metricDelta('p99', 50, null)), 'p99 50.0 ms (no baseline value)');
  });

  it('the panel keeps the comparison it is sent and drops it when told the baseline is gone', () => {
    const state = { run: { id: 'mv-next' }, series: [], resources: [], endpoints: { rows: [] }, live: 'finished', windowMs: 1000 } as unknown as PanelState;
    const comparison = compareSummaries(summary(), summary(), 'mv-base');
    const withIt = applyHostMessage(state, { type: 'comparison', comparison });
    assert.equal(withIt?.comparison?.baselineRunId, 'mv-base');
    assert.equal(applyHostMessage(withIt, { type: 'summary', summary: summary() })?.comparison?.baselineRunId, 'mv-base');
    assert.equal(applyHostMessage(withIt, { type: 'comparison' })?.comparison, undefined);
  });
});
