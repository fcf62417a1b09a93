import { strict as assert } from 'node:assert';
import { analyzeRun } from '../../../src/core/analysis/analyzeRun';
import { baselineFindings, type EndpointLatencyWindow } from '../../../src/core/analysis/baselineFindings';
import { aSeries, aSummary } from '../../support/builders';
import { prng } from '../../support/k6Seed';

/** Per-window p95 of two endpoints with noise; `factor` scales one endpoint's latency. */
function endpointWindows(seed: number, factor: Record<string, number> = {}, failRate: Record<string, number> = {}): EndpointLatencyWindow[] {
  const rand = prng(seed);
  const out: EndpointLatencyWindow[] = [];
  for (let i = 0; i < 40; i++) {
    for (const [name, base] of [['GET /pets', 90], ['POST /pets', 120]] as const) {
      const requests = 20 + Math.floor(rand() * 5);
      let failed = 0;
      for (let r = 0; r < requests; r++) if (rand() < (failRate[name] ?? 0.01)) failed++;
      out.push({ t: 1_700_000_000_000 + i * 1000, name, requests, failed, p95: base * (factor[name] ?? 1) * (0.85 + 0.3 * rand()) });
    }
  }
  return out;
}

describe('regression and improvement against the baseline, per endpoint', () => {
  it('a run compared with itself reports nothing', () => {
    const w = endpointWindows(1);
    assert.deepEqual(baselineFindings({ baselineRunId: 'mv-base', current: w, baseline: w }), []);
  });

  it('a run compared with an equal run (same distribution, other samples) reports nothing', () => {
    for (const seed of [2, 3, 4, 5, 6, 7]) {
      assert.deepEqual(baselineFindings({ baselineRunId: 'mv-base', current: endpointWindows(seed), baseline: endpointWindows(seed + 100) }), [], `seed ${seed}`);
    }
  });

  it('a slower endpoint is a regression on that endpoint only; a faster one an improvement', () => {
    const found = baselineFindings({ baselineRunId: 'mv-base', current: endpointWindows(8, { 'GET /pets': 1.3, 'POST /pets': 0.7 }), baseline: endpointWindows(9) });
    assert.deepEqual(found.map((f) => [f.kind, f.endpoint, f.severity]), [
      ['regression', 'GET /pets', 'warning'],
      ['improvement', 'POST /pets', 'info'],
    ]);
    assert.match(found[0].title, /GET \/pets is slower than baseline mv-base: p95 \+\d\d %/);
    assert.match(found[0].detail, /Mann-Whitney p (< 0\.0001|= 0\.00\d+), Cliff's delta 0\.\d\d/);
    assert.equal(found[0].from, undefined, 'a comparison concerns the whole run: nothing to shade');
  });

  it('a small slowdown (5 %) is below the minimum effect and is not reported', () => {
    assert.deepEqual(baselineFindings({ baselineRunId: 'mv-base', current: endpointWindows(10, { 'GET /pets': 1.05 }), baseline: endpointWindows(11) }), []);
  });

  it('an endpoint failing clearly more than in the baseline is a regression', () => {
    const found = baselineFindings({ baselineRunId: 'mv-base', current: endpointWindows(12, {}, { 'POST /pets': 0.12 }), baseline: endpointWindows(13) });
    assert.deepEqual(found.map((f) => [f.kind, f.endpoint]), [['regression', 'POST /pets']]);
    assert.match(found[0].title, /fails more than baseline/);
  });

  it('analyzeRun never compares a run with itself, even when asked', () => {
    const w = endpointWindows(14, { 'GET /pets': 2 });
    const summary = aSummary({ testid: 'mv-same' });
    assert.deepEqual(analyzeRun({ summary, series: aSeries(40), windowMs: 1000, baseline: { runId: 'mv-same', current: w, baseline: endpointWindows(15) } }), []);
  });
});
