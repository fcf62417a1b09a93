// Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3m`, `128974848`, ...) to the units the
// PLOG guide uses: CPU in millicores (`500m` → 500, `1` → 1000) and memory in MiB
// (`512Mi` → 512, `1Gi` → 1024). Arithmetic is done on the decimal digits and powers of two,
// so `0.3` cores is exactly 300 millicores, not 300.00000000000006.

export class QuantityError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a Kubernetes quantity: ${reason}`);
  }
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

// sign, digits[.digits], optional decimal exponent, optional suffix. `1E` is one exa, `1E3` is a
// thousand: the exponent needs digits. `1e3m` (exponent and suffix) is accepted as the PLOG
// guide's parser does (it reads the number before the suffix as a float).
const pattern = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

interface Parsed {
  negative: boolean;
  /** The significant digits with the decimal point removed. */
  digits: string;
  /** Power of ten to apply to `digits`. */
  exp10: number;
  /** Power of two to apply (binary suffixes). */
  exp2: number;
}

function parse(q: string | number): Parsed {
  const input = typeof q === 'number' ? String(q) : q;
  if (typeof input !== 'string') throw new QuantityError(String(input), 'expected a string');
  const text = input.trim();
  if (text === '') throw new QuantityError(input, 'it is empty');
  const m = pattern.exec(text);
  if (!m) throw new QuantityError(input, 'expected a number with an optional suffix (n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei)');
  const [, sign, number, exponent, suffix = ''] = m;
  const [whole, fraction = ''] = number.split('.');
  let exp10 = Number(exponent ?? 0) - fraction.length;
  let exp2 = 0;
  if (suffix in binarySuffixes) exp2 = binarySuffixes[suffix];
  else exp10 += decimalSuffixes[suffix];
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  if (!Number.isFinite(exp10) || Math.abs(exp10) > 400) throw new QuantityError(input, 'the exponent is out of range');
  return { negative: sign === '-', digits, exp10, exp2 };
}

function value(p: Parsed, extraExp10: number, extraExp2: number): number {
  const n = Number(`${p.digits}e${p.exp10 + extraExp10}`) * 2 ** (p.exp2 + extraExp2);
  return p.negative ? -n : n;
}

function nonNegative(input: string | number, n: number): number {
  if (n < 0) throw new QuantityError(String(input), 'a resource amount cannot be negative');
  if (!Number.isFinite(n)) throw new QuantityError(String(input), 'it is too large');
  return n === 0 ? 0 : n;
}

/** CPU in millicores: `500m` → 500, `1` → 1000, `0.5` → 500, `100n` → 0.0001, `1e3m` → 1000. */
export function parseCpuMillicores(q: string | number): number {
  return nonNegative(q, value(parse(q), 3, 0));
}

/** Memory in MiB: `512Mi` → 512, `1Gi` → 1024, `1G` → 953.67…, `134217728` → 128. */
export function parseMemoryMiB(q: string | number): number {
  return nonNegative(q, value(parse(q), 0, -20));
}

/** Bytes: `1Ki` → 1024, `1k` → 1000. */
export function parseBytes(q: string | number): number {
  return nonNegative(q, value(parse(q), 0, 0));
}

/** Whether `q` is a valid quantity (for validating settings such as the k6 pod's CPU). */
export function isQuantity(q: string): boolean {
  try {
    parse(q);
    return true;
  } catch {
    return false;
  }
}

/** `250m`, `1.5` (cores) — short, as kubectl top prints CPU. */
export function formatMillicores(m: number): string {
  if (m >= 10_000) return `${trim(m / 1000, 1)}`;
  if (m >= 1 || m === 0) return `${Math.round(m)}m`;
  return `${trim(m, 2)}m`;
}

/** `512Mi`, `1.5Gi`, `980Ki`. */
export function formatMiB(mb: number): string {
  if (mb >= 1024) return `${trim(mb / 1024, 2)}Gi`;
  if (mb >= 1 || mb === 0) return `${trim(mb, mb >= 100 ? 0 : 1)}Mi`;
  return `${Math.round(mb * 1024)}Ki`;
}

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}
