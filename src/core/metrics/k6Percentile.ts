// Percentiles as k6 computes them for its end-of-test summary and its thresholds: linear
// interpolation between the two samples around rank p·(N−1) of the N sorted samples. InfluxDB's
// PERCENTILE picks one sample (the nearest rank), which on a short run can be far from k6's
// number (60 samples: k6's p(95) 10.58 ms, InfluxDB's 10.11 ms). So the summary asks InfluxDB
// for the two samples k6 would interpolate between — by the PERCENTILE argument that selects
// each rank — and interpolates here.

export interface RankPair {
  /** 0-based ranks of the two samples k6 interpolates between (equal when p·(N−1) is whole). */
  lo: number;
  hi: number;
  /** How far between them: result = lo + (hi − lo) · weight. */
  weight: number;
}

/** The two ranks k6's p(`p`) of `count` samples interpolates between; undefined without samples. */
export function k6PercentileRanks(count: number, p: number): RankPair | undefined {
  if (!(count >= 1) || !(p >= 0 && p <= 100)) return undefined;
  const i = (p / 100) * (count - 1);
  const lo = Math.floor(i);
  return { lo, hi: Math.min(count - 1, Math.ceil(i)), weight: i - lo };
}

/**
 * The argument of InfluxDB's PERCENTILE(value, q) that selects the 0-based `rank` of `count`
 * samples. InfluxDB takes the sample at floor(N·q/100 + 0.5) − 1; q = (rank + 1)·100/N lands
 * that on rank + 0.5 before flooring, half a rank away from either neighbour, so rounding the
 * literal to 6 decimals cannot move it below 10⁸ samples.
 */
export function nearestRankArgument(rank: number, count: number): string {
  const q = ((rank + 1) * 100) / count;
  // Plain decimal: InfluxQL has no exponent notation.
  return q.toFixed(6).replace(/\.?0+$/, '');
}

export function interpolate(lo: number | null, hi: number | null, weight: number): number | null {
  if (lo === null || hi === null) return lo ?? hi;
  return lo + (hi - lo) * weight;
}

/** k6's p(`p`) of the samples, computed directly (for tests and small in-memory sets). */
export function k6Percentile(samples: readonly number[], p: number): number | null {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = k6PercentileRanks(sorted.length, p);
  return r ? interpolate(sorted[r.lo], sorted[r.hi], r.weight) : null;
}
