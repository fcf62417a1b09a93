import { strict as assert } from 'node:assert';
import { analyzeRun } from '../../../src/core/analysis/analyzeRun';
import { earlyFailures, errorRateIncrease, latencyIncrease, throughputPlateau } from '../../../src/core/analysis/loadFindings';
import { aSeries, aSummary } from '../../support/builders';
import { prng } from '../../support/k6Seed';

const start = 1_700_000_000_000;
const at = (i: number) => new Date(start + i * 1000).toISOString();
const indexOf = (iso: string | undefined) => (Date.parse(iso ?? '') - start) / 1000;

/** Binomial-ish failures: `rate` of `n`, jittered by the PRNG. */
function failures(rand: () => number, n: number, rate: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < rate) k++;
  return k;
}

/** A closed-model ramp: 2 → 61 VUs, 10 req/s per VU with 100 ms latency until the service caps at `cap` req/s. */
function rampSeries(cap: number, seed = 1) {
  const rand = prng(seed);
  return aSeries(60, (i) => {
    const vus = 2 + i;
    const rps = Math.round(Math.min(vus * 10, cap) * (0.95 + 0.1 * rand()));
    // Little's law: latency = VUs / throughput (no think time).
    const p95 = Math.max(100, (vus / rps) * 1000 * 1.1) * (0.95 + 0.1 * rand());
    return { vus, requests: rps, rps, failed: failures(rand, rps, 0.005), p95 };
  });
}

function steadySeries(n: number, shape: (i: number, rand: () => number) => { errorRate?: number; p95?: number } = () => ({}), seed = 7) {
  const rand = prng(seed);
  return aSeries(n, (i) => {
    const s = shape(i, rand);
    const requests = 45 + Math.floor(rand() * 10);
    return { vus: 10, requests, failed: failures(rand, requests, s.errorRate ?? 0.02), p95: s.p95 ?? 95 + rand() * 15 };
  });
}

describe('findings from the run\'s windows', () => {
  it('throughput plateau: found where req/s stops growing, with the plateau and the VUs at the knee', () => {
    const f = throughputPlateau(rampSeries(200), 1000);
    assert.ok(f, 'plateau expected');
    assert.equal(f.kind, 'throughput-plateau');
    assert.equal(f.severity, 'warning');
    // 10 req/s per VU reaches 200 req/s at 20 VUs = window 18.
    assert.ok(Math.abs(indexOf(f.from) - 18) <= 3, `starts at window ${indexOf(f.from)}`);
    const plateau = Number(/about (\d+(?:\.\d+)?) req\/s/.exec(f.title)?.[1]);
    assert.ok(plateau > 185 && plateau < 215, f.title);
    const knee = Number(/from (\d+) VUs/.exec(f.title)?.[1]);
    assert.ok(knee >= 17 && knee <= 23, f.title);
    assert.match(f.detail, /Little's law/);
  });

  it('throughput plateau: a ramp the service keeps up with is not one', () => {
    assert.equal(throughputPlateau(rampSeries(100_000), 1000), undefined);
    assert.equal(throughputPlateau(steadySeries(60), 1000), undefined);
  });

  it('error-rate increase: found near where it starts, from the start\'s level', () => {
    const f = errorRateIncrease(steadySeries(60, (i) => ({ errorRate: i < 34 ? 0.01 : 0.15 })), 1000);
    assert.ok(f);
    assert.ok(Math.abs(indexOf(f.from) - 34) <= 2, `starts at window ${indexOf(f.from)}`);
    assert.equal(f.to, at(60));
    assert.match(f.title, /Errors rose from 1\.\d % to 1\d %/);
    assert.equal(f.severity, 'warning');
  });

  it('error-rate increase: a steady 5 % error rate with noise is not one', () => {
    for (const seed of [1, 2, 3, 4, 5]) assert.equal(errorRateIncrease(steadySeries(60, () => ({ errorRate: 0.05 }), seed), 1000), undefined, `seed ${seed}`);
  });

  it('early failures: most of the first requests failing is critical, and then no "increase" is reported', () => {
    const series = steadySeries(60, () => ({ errorRate: 0.9 }));
    const f = earlyFailures(series, 1000);
    assert.ok(f);
    assert.equal(f.severity, 'critical');
    assert.equal(f.from, at(0));
    const kinds = analyzeRun({ summary: aSummary(), series, windowMs: 1000 }).map((x) => x.kind);
    assert.deepEqual(kinds, ['early-failures']);
    assert.equal(earlyFailures(steadySeries(60), 1000), undefined);
  });

  it('latency increase at steady load: found near where it starts', () => {
    const f = latencyIncrease(steadySeries(60, (i, rand) => ({ p95: i < 40 ? 95 + rand() * 15 : 190 + rand() * 30 })), 1000);
    assert.ok(f);
    assert.ok(Math.abs(indexOf(f.from) - 40) <= 2, `starts at window ${indexOf(f.from)}`);
    assert.match(f.title, /p95 rose from 1\d\d ms to 2\d\d ms at steady load/);
  });

  it('latency increase: noise, or latency that grows only while VUs grow, is not one', () => {
    for (const seed of [11, 12, 13]) assert.equal(latencyIncrease(steadySeries(60, undefined, seed), 1000), undefined);
    assert.equal(latencyIncrease(rampSeries(200), 1000), undefined);
  });

  it('a healthy run reports no warning', () => {
    for (const seed of [21, 22, 23, 24]) {
      const found = analyzeRun({ summary: aSummary(), series: steadySeries(120, undefined, seed), windowMs: 1000 });
      assert.deepEqual(found.filter((f) => f.severity !== 'info'), [], `seed ${seed}`);
    }
    assert.deepEqual(analyzeRun({ summary: aSummary(), series: rampSeries(100_000), windowMs: 1000 }), []);
  });
});
