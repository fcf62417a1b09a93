import { strict as assert } from 'node:assert';
import { mannWhitney, median, proportionChangePoint, shiftChangePoint } from '../../../src/core/analysis/stats';

describe('analysis statistics', () => {
  it('Mann-Whitney: identical samples show no difference at all', () => {
    const a = [5, 7, 9, 9, 11, 13, 20];
    const t = mannWhitney(a, [...a]);
    assert.ok(t);
    assert.equal(t.delta, 0);
    assert.equal(t.p, 1);
  });

  it('Mann-Whitney: fully separated samples of ten are significant with Cliff delta 1 (U = 100)', () => {
    const a = Array.from({ length: 10 }, (_, i) => i + 1);
    const b = Array.from({ length: 10 }, (_, i) => i + 11);
    const t = mannWhitney(a, b);
    assert.ok(t);
    assert.equal(t.u, 100);
    assert.equal(t.delta, 1);
    // z = (100 − 50 − 0.5) / sqrt(10·10·21/12) = 3.742 → p ≈ 1.8e-4 (normal approximation)
    assert.ok(Math.abs(t.z - 3.742) < 0.001, String(t.z));
    assert.ok(t.p > 1.5e-4 && t.p < 2.1e-4, String(t.p));
    assert.ok((mannWhitney(b, a)?.z ?? 0) < 0);
  });

  it('Mann-Whitney: all values tied gives p = 1; too few values give no answer', () => {
    assert.equal(mannWhitney([3, 3, 3, 3, 3], [3, 3, 3, 3, 3])?.p, 1);
    assert.equal(mannWhitney([1, 2], [3, 4, 5, 6, 7]), undefined);
  });

  it('median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(median([]), null);
  });

  it('change points land where the proportion or the level changes', () => {
    const counts = Array.from({ length: 60 }, (_, i) => ({ n: 100, k: i < 35 ? 1 : 20 }));
    assert.equal(proportionChangePoint(counts, 3), 35);
    const levels = Array.from({ length: 40 }, (_, i) => (i < 22 ? 100 + (i % 5) : 200 + (i % 7)));
    assert.equal(shiftChangePoint(levels, 3)?.index, 22);
  });
});
