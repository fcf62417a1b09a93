// Numbers as the panel shows them.
import type { ComparedMetric, MetricDelta } from '../../src/core/panelProtocol';

export function fmtNumber(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function fmtPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)} %`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Elapsed time as h:mm:ss or m:ss; less than a second before the start is still 0:00, never "-0:00". */
export function fmtElapsed(ms: number): string {
  if (ms <= -1000) return `-${fmtElapsed(-ms)}`;
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function fmtBytesPerSec(b: number): string {
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MB/s`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KB/s`;
  return `${b.toFixed(0)} B/s`;
}

const metricLabels: Record<ComparedMetric, string> = { rps: 'Successful req/s', p50: 'p50', p95: 'p95', p99: 'p99', errorRate: 'Errors' };

const signed = (n: number, text: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${text}`;

/** One compared metric, e.g. `p95 182 ms (+12 % worse)`; error rates change in percentage points. */
export function fmtDelta(d: MetricDelta): string {
  const label = metricLabels[d.metric];
  const value = d.metric === 'rps' ? fmtNumber(d.current, 2) : d.metric === 'errorRate' ? fmtPercent(d.current) : fmtMs(d.current);
  if (d.absolute === null) return `${label} ${value} (no baseline value)`;
  let change: string;
  if (d.metric === 'errorRate') change = signed(d.absolute, `${Math.abs(d.absolute * 100).toFixed(2)} pp`);
  else if (d.relative !== null) {
    const pct = Math.abs(d.relative * 100);
    change = signed(d.absolute, `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`);
  } else change = signed(d.absolute, d.metric === 'rps' ? fmtNumber(Math.abs(d.absolute), 2) : fmtMs(Math.abs(d.absolute)));
  return `${label} ${value} (${change} ${d.direction})`;
}
