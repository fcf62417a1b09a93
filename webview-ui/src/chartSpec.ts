// The charts as plain data — which series each k6 chart draws, its axes and line styles — so
// what a reader sees (tick labels, where a line sits, which line stands out) is decided here
// and unit-tested without a canvas.
import type { ChartId, WindowPoint } from '../../src/core/panelProtocol';

export interface SeriesDef {
  label: string;
  value: (p: WindowPoint) => number | null;
  color: number;
  axis?: 'y1';
  /** The line a reader should see first (p95: what thresholds check). */
  emphasis?: boolean;
}

export interface K6ChartDef {
  id: ChartId;
  y: string;
  /** The most the y axis can show (a rate in %): headroom stops there. */
  yCap?: number;
  y1?: string;
  series: SeriesDef[];
}

/** The k6 charts and the series each one draws from the window points. */
export const k6Charts: K6ChartDef[] = [
  {
    id: 'throughput',
    y: 'requests/s',
    y1: 'VUs',
    series: [
      { label: 'requests/s', value: (p) => p.rps, color: 0 },
      { label: 'VUs', value: (p) => p.vus, color: 5, axis: 'y1' },
    ],
  },
  {
    id: 'latency',
    y: 'ms',
    series: [
      { label: 'p50', value: (p) => p.p50, color: 1 },
      { label: 'p90', value: (p) => p.p90, color: 2 },
      { label: 'p95', value: (p) => p.p95, color: 0, emphasis: true },
      { label: 'p99', value: (p) => p.p99, color: 4 },
    ],
  },
  { id: 'errors', y: '% failed', yCap: 100, series: [{ label: 'error rate %', value: (p) => (p.errorRate === null ? null : p.errorRate * 100), color: 4 }] },
  {
    id: 'data',
    y: 'KB/s',
    series: [
      { label: 'sent KB/s', value: (p) => p.sentPerSec / 1024, color: 0 },
      { label: 'received KB/s', value: (p) => p.receivedPerSec / 1024, color: 1 },
    ],
  },
];

const second = 1000;
const minute = 60 * second;
const steps = [1, 2, 5, 10, 15, 30].map((n) => n * second).concat([1, 2, 5, 10, 15, 30, 60, 120, 240].map((n) => n * minute));

/** What an empty chart's time axis spans (and the least a short run's does): 0:00 … 1:00. */
export const emptySpanMs = minute;
/** The least span of a chart with data, so a few seconds of a new run do not stretch into sub-second ticks. */
export const minSpanMs = 10 * second;

/** A step for elapsed-time ticks (whole seconds or minutes) giving at most ~8 labels. */
export function timeStep(spanMs: number): number {
  return steps.find((s) => spanMs / s <= 8) ?? steps[steps.length - 1];
}

export interface TimeAxis {
  min: number;
  max: number;
  stepSize: number;
}

/**
 * The x axis (ms since the run's start) for series whose x values are sorted: from the run's
 * start (or an earlier first window) to the last point, ticks on whole steps. With no data it
 * spans the first minute, so it never labels itself "0:00 0:00 …".
 */
export function timeAxis(arrays: readonly (readonly { x: number }[])[]): TimeAxis {
  let first = Infinity;
  let last = -Infinity;
  for (const a of arrays) {
    if (a.length === 0) continue;
    first = Math.min(first, a[0].x);
    last = Math.max(last, a[a.length - 1].x);
  }
  if (first === Infinity) return { min: 0, max: emptySpanMs, stepSize: timeStep(emptySpanMs) };
  const min = Math.min(0, first);
  const stepSize = timeStep(Math.max(last, min + minSpanMs) - min);
  // The end on a whole step: Chart.js spreads ticks evenly (0:05, 0:11, 0:16 …) when the span is not a multiple of the step.
  const max = min + Math.ceil((Math.max(last, min + minSpanMs) - min) / stepSize) * stepSize;
  return { min, max, stepSize };
}

/** Headroom above the highest value, so a flat line (constant VUs) does not sit on the chart's top border. */
export const valueGrace = '10%';

export interface SeriesStyle {
  borderWidth: number;
  /** Chart.js draws higher `order` first: the lowest is drawn last, on top of the others. */
  order: number;
}

/** The emphasised series (p95, what thresholds check) is wider and drawn above the rest. */
export function seriesStyle(emphasis: boolean): SeriesStyle {
  return emphasis ? { borderWidth: 3, order: -1 } : { borderWidth: 1.5, order: 0 };
}

/**
 * The colour without its alpha: some themes define `charts.*` colours as translucent
 * (`#d1861680`), which makes a 1.5 px line nearly invisible on the editor background.
 */
export function opaque(color: string): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) return hex[1].length === 4 ? c.slice(0, 4) : hex[1].length === 8 ? c.slice(0, 7) : c;
  const rgba = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*[\d.]+%?)?\s*\)$/i.exec(c);
  return rgba ? `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})` : c;
}

/** The y axis maximum: Chart.js's own (with headroom) unless that would pass the chart's cap. */
export function cappedMax(values: readonly (number | null)[], cap: number | undefined): number | undefined {
  if (cap === undefined) return undefined;
  const top = Math.max(0, ...values.map((v) => v ?? 0));
  return top * 1.1 >= cap ? cap : undefined;
}
