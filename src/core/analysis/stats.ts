// Small statistics for the findings: medians, the Mann-Whitney U test (normal approximation
// with tie correction) and a change-point search. Pure and deterministic.

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface MannWhitney {
  /** U of the second sample (`b`): how often a value of `b` beats one of `a`. */
  u: number;
  /** Positive when `b` tends to be larger than `a`. */
  z: number;
  /** Two-sided. */
  p: number;
  /** Cliff's delta in [-1, 1]: P(b > a) − P(b < a), the effect size. */
  delta: number;
}

/**
 * Mann-Whitney U of `b` against `a`. Undefined when either sample is too small for the
 * normal approximation to mean anything (fewer than `minEach` values).
 */
export function mannWhitney(a: readonly number[], b: readonly number[], minEach = 5): MannWhitney | undefined {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < minEach || n2 < minEach) return undefined;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1].v === all[i].v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k].g === 1) rankSumB += rank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const delta = (2 * u) / (n1 * n2) - 1;
  if (variance <= 0) return { u, z: 0, p: 1, delta };
  const diff = u - mean;
  const corrected = diff === 0 ? 0 : diff - Math.sign(diff) * 0.5;
  const z = corrected / Math.sqrt(variance);
  return { u, z, p: z === 0 ? 1 : Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), delta };
}

/** Two-proportion z statistic (pooled): positive when the second rate is higher. */
export function proportionZ(fail1: number, n1: number, fail2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 0;
  const pooled = (fail1 + fail2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 0;
  return (fail2 / n2 - fail1 / n1) / se;
}

/**
 * The split of a count series into [0, i) and [i, n) where the failure proportion changes the
 * most (largest binomial log-likelihood ratio); each side keeps at least `minSide` items.
 */
export function proportionChangePoint(items: readonly { n: number; k: number }[], minSide: number): number | undefined {
  const N = items.reduce((s, x) => s + x.n, 0);
  const K = items.reduce((s, x) => s + x.k, 0);
  const ll = (k: number, n: number) => {
    if (n <= 0) return 0;
    const p = k / n;
    return (k > 0 ? k * Math.log(p) : 0) + (n - k > 0 ? (n - k) * Math.log(1 - p) : 0);
  };
  let best: number | undefined;
  let bestScore = 0;
  let n1 = 0;
  let k1 = 0;
  for (let i = 1; i < items.length; i++) {
    n1 += items[i - 1].n;
    k1 += items[i - 1].k;
    if (i < minSide || items.length - i < minSide) continue;
    const score = ll(k1, n1) + ll(K - k1, N - n1) - ll(K, N);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** The split of `values` into [0, i) and [i, n) where Mann-Whitney's z (after vs before) is largest. */
export function shiftChangePoint(values: readonly number[], minSide: number): { index: number; test: MannWhitney } | undefined {
  let best: { index: number; test: MannWhitney } | undefined;
  for (let i = minSide; i <= values.length - minSide; i++) {
    const test = mannWhitney(values.slice(0, i), values.slice(i), minSide);
    if (test && (!best || test.z > best.test.z)) best = { index: i, test };
  }
  return best;
}

/** Centered moving median over `width` items (odd), shrinking at the edges. */
export function movingMedian(values: readonly number[], width = 3): number[] {
  const half = width >> 1;
  return values.map((_, i) => median(values.slice(Math.max(0, i - half), i + half + 1)) ?? 0);
}
