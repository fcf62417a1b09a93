// Numbers as reports print them (plain text; the caller escapes).
import type { MetricDelta } from '../metrics/compare';

export const ms = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
export const pct = (r: number | null | undefined): string => (r === null || r === undefined || !Number.isFinite(r) ? '-' : `${(r * 100).toFixed(2)} %`);
export const num = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));

const labels: Record<MetricDelta['metric'], string> = { rps: 'req/s', p50: 'p50', p95: 'p95', p99: 'p99', errorRate: 'errors' };

export const metricLabel = (d: MetricDelta): string => labels[d.metric];

export function value(d: MetricDelta, which: 'current' | 'baseline'): string {
  const v = d[which];
  return d.metric === 'rps' ? num(v, 2) : d.metric === 'errorRate' ? pct(v) : ms(v);
}

/** `+12.0 %`, `-0.50 pp` for error rates; `-` without a baseline value. */
export function change(d: MetricDelta): string {
  if (d.absolute === null) return '-';
  const sign = d.absolute > 0 ? '+' : d.absolute < 0 ? '-' : '±';
  if (d.metric === 'errorRate') return `${sign}${Math.abs(d.absolute * 100).toFixed(2)} pp`;
  if (d.relative === null) return `${sign}${Math.abs(d.absolute).toFixed(2)}`;
  return `${sign}${Math.abs(d.relative * 100).toFixed(1)} %`;
}
