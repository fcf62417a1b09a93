import { strict as assert } from 'node:assert';
import { k6Percentile, k6PercentileRanks, nearestRankArgument } from '../../../src/core/metrics/k6Percentile';

/** InfluxDB 1.x PERCENTILE(value, q): the sample at floor(N·q/100 + 0.5) − 1 of the sorted samples. */
const influxPick = (sorted: number[], q: number) => sorted[Math.floor((sorted.length * q) / 100 + 0.5) - 1];

describe("k6's percentiles from InfluxDB's nearest-rank PERCENTILE", () => {
  it('interpolates between the two ranks around p·(N−1), as k6 reports p(95)', () => {
    // 60 samples 1..60: k6's p(95) sits at rank 56.05 → 57 + 0.05·(58 − 57).
    const samples = Array.from({ length: 60 }, (_, i) => i + 1);
    const r = k6PercentileRanks(60, 95)!;
    assert.deepEqual([r.lo, r.hi], [56, 57]);
    assert.ok(Math.abs(r.weight - 0.05) < 1e-9);
    assert.ok(Math.abs(k6Percentile(samples, 95)! - 57.05) < 1e-9);
    assert.equal(k6Percentile([7], 95), 7);
    assert.equal(k6Percentile([], 95), null);
    assert.equal(k6Percentile([1, 2, 3], 50), 2);
  });

  it('the PERCENTILE argument selects exactly the wanted rank, for every rank of small and large runs', () => {
    for (const n of [1, 2, 3, 7, 60, 101, 999, 12_345, 1_000_003]) {
      const sorted = Array.from({ length: n }, (_, i) => i);
      const ranks = n > 2000 ? [0, 1, Math.floor(n / 2), n - 2, n - 1] : sorted;
      for (const r of ranks) assert.equal(influxPick(sorted, Number(nearestRankArgument(r, n))), r, `rank ${r} of ${n}`);
    }
    assert.doesNotMatch(nearestRankArgument(0, 10_000_000), /e/, 'a plain decimal InfluxQL can parse');
  });
});
