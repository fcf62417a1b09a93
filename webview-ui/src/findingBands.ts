// A small Chart.js plugin of our own: shades the time range of each finding behind the lines
// (from/to on the x axis), in the theme's error/warning/info colour, so a finding is seen
// where it happened on every chart.
import type { Chart, Plugin } from 'chart.js';

export interface Band {
  /** x axis values (ms since the run's start). */
  from: number;
  to: number;
  color: string;
}

const bandsOf = new WeakMap<Chart, readonly Band[]>();

export function setBands(chart: Chart, bands: readonly Band[]): void {
  bandsOf.set(chart, bands);
}

export const findingBandsPlugin: Plugin = {
  id: 'metricVaultFindingBands',
  beforeDatasetsDraw(chart) {
    const bands = bandsOf.get(chart);
    const x = chart.scales.x;
    if (!bands?.length || !x) return;
    const { top, bottom, left, right } = chart.chartArea;
    const g = chart.ctx;
    g.save();
    for (const b of bands) {
      const a = Math.max(left, x.getPixelForValue(b.from));
      const z = Math.min(right, x.getPixelForValue(b.to));
      if (!(z > a - 2)) continue;
      g.globalAlpha = 0.16;
      g.fillStyle = b.color;
      g.fillRect(a, top, Math.max(2, z - a), bottom - top);
      g.globalAlpha = 0.7;
      g.fillRect(a, top, 2, bottom - top);
    }
    g.restore();
  },
};
