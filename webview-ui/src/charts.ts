// The panel's charts: Chart.js with no animation, pre-parsed {x, y} data (`parsing: false`)
// on linear axes with numeric timestamps, and min-max decimation, so thousands of points per
// series redraw within a frame. Colours come from the VS Code theme.
import {
  Chart,
  type ChartDataset,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ScriptableContext,
  Tooltip,
} from 'chart.js';
import type { ChartId, Finding, ResourceMessage, WindowPoint } from '../../src/core/panelProtocol';
import { findingBandsPlugin, setBands } from './findingBands';
import { cappedMax, k6Charts, seriesStyle, timeAxis, valueGrace } from './chartSpec';
import { fmtElapsed } from './format';
import type { ThemeColors } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation);

interface XY {
  x: number;
  y: number | null;
  /** Resource samples that were filled in, not measured. */
  predicted?: boolean;
}

/** First index whose x is at or after `from`. */
function lowerBound(arr: readonly XY[], from: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid].x < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type LineDataset = ChartDataset<'line', XY[]>;

export class Charts {
  private readonly charts = new Map<ChartId, Chart<'line', XY[]>>();
  /** The full data of each k6 series (what decimation samples from). */
  private readonly k6Data = new Map<ChartId, XY[][]>();
  /** What the CPU and memory charts were last built from (rebuilt on a theme change). */
  private resources: readonly ResourceMessage[] = [];
  private findings: readonly Finding[] = [];
  private origin = 0;

  constructor(
    canvases: Record<ChartId, HTMLCanvasElement>,
    private theme: ThemeColors,
  ) {
    for (const def of k6Charts) {
      this.k6Data.set(def.id, def.series.map(() => []));
      this.charts.set(def.id, this.create(canvases[def.id], def.y, def.y1, def.series.map((s) => this.dataset(s.label, s.color, s.axis, false, s.emphasis))));
    }
    this.charts.set('cpu', this.create(canvases.cpu, 'millicores', undefined, []));
    this.charts.set('memory', this.create(canvases.memory, 'MiB', undefined, []));
  }

  /**
   * x values are milliseconds since this instant (the run's start), so the axis puts its
   * ticks at round elapsed times. Call before setSeries/setResources.
   */
  setOrigin(t: number): void {
    this.origin = t;
  }

  /** Replaces all k6 series. */
  setSeries(points: readonly WindowPoint[]): void {
    for (const def of k6Charts) {
      const arrays = def.series.map((s) => points.map((p) => ({ x: p.t - this.origin, y: s.value(p) })));
      this.k6Data.set(def.id, arrays);
    }
    this.pushK6();
  }

  /** Replaces every point at or after `from` (one live tick). */
  mergeSeries(from: number, points: readonly WindowPoint[]): void {
    for (const def of k6Charts) {
      const arrays = this.k6Data.get(def.id) ?? [];
      this.k6Data.set(
        def.id,
        def.series.map((s, i) => {
          const old = arrays[i] ?? [];
          return old.slice(0, lowerBound(old, from - this.origin)).concat(points.map((p) => ({ x: p.t - this.origin, y: s.value(p) })));
        }),
      );
    }
    this.pushK6();
  }

  /** Shades each finding's time range on every chart. Call after setOrigin. */
  setFindings(findings: readonly Finding[]): void {
    this.findings = findings;
    const bands = findings
      .filter((f) => f.from && f.to)
      .map((f) => ({ from: Date.parse(f.from as string) - this.origin, to: Date.parse(f.to as string) - this.origin, color: this.theme.severity[f.severity] }))
      .filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to));
    for (const chart of this.charts.values()) {
      setBands(chart, bands);
      chart.update('none');
    }
  }

  /** Rebuilds the CPU and memory charts: one line per pod, request and limit lines, predicted points marked. */
  setResources(messages: readonly ResourceMessage[]): void {
    this.resources = messages;
    const pods = [...new Set(messages.map((m) => m.pod))].sort();
    const build = (
      chartId: 'cpu' | 'memory',
      used: (m: ResourceMessage) => number | null,
      predicted: (m: ResourceMessage) => boolean,
      request: (m: ResourceMessage) => number | null,
      limit: (m: ResourceMessage) => number | null,
    ) => {
      const datasets: LineDataset[] = pods.map((pod, i) => {
        const ds = this.dataset(pods.length > 1 ? pod : 'usage', i % this.theme.series.length, undefined, true);
        ds.data = messages.filter((m) => m.pod === pod).map((m) => ({ x: m.ts - this.origin, y: used(m), predicted: predicted(m) }));
        return ds;
      });
      const specLine = (label: string, color: string, pick: (m: ResourceMessage) => number | null) => {
        const byTs = new Map<number, number>();
        for (const m of messages) {
          const v = pick(m);
          if (v !== null) byTs.set(m.ts, Math.max(byTs.get(m.ts) ?? 0, v));
        }
        if (byTs.size === 0) return;
        const ds = this.dataset(label, 0);
        ds.borderColor = color;
        ds.backgroundColor = color;
        ds.borderDash = [6, 4];
        ds.stepped = true;
        ds.data = [...byTs].sort((a, b) => a[0] - b[0]).map(([ts, y]) => ({ x: ts - this.origin, y }));
        datasets.push(ds);
      };
      specLine('request', this.theme.request, request);
      specLine('limit', this.theme.limit, limit);
      const chart = this.charts.get(chartId)!;
      chart.data.datasets = datasets;
      this.setTimeStep(chart, datasets.map((d) => d.data));
      chart.update('none');
    };
    build('cpu', (m) => m.actual_usage.cpu_millicores, (m) => m.usage.cpu_is_predicted, (m) => m.specs.cpu_request_millicores, (m) => m.specs.cpu_limit_millicores);
    build('memory', (m) => m.actual_usage.memory_mb, (m) => m.usage.memory_is_predicted, (m) => m.specs.memory_request_mb, (m) => m.specs.memory_limit_mb);
  }

  applyTheme(theme: ThemeColors): void {
    this.theme = theme;
    for (const chart of this.charts.values()) this.style(chart);
    for (const def of k6Charts) {
      const chart = this.charts.get(def.id)!;
      chart.data.datasets.forEach((ds, i) => {
        const s = def.series[i];
        if (s) ds.borderColor = ds.backgroundColor = theme.series[s.color % theme.series.length];
      });
      chart.update('none');
    }
    // Pod, request and limit lines take their colours when built; so do the finding shades.
    this.setResources(this.resources);
    this.setFindings(this.findings);
  }

  /** The chart as a PNG on the theme's background (a transparent canvas exports badly). */
  toPng(id: ChartId): string {
    const chart = this.charts.get(id)!;
    const src = chart.canvas;
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height;
    const g = out.getContext('2d')!;
    g.fillStyle = this.theme.background;
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(src, 0, 0);
    return out.toDataURL('image/png');
  }

  /** For the benchmark: redraws every chart without animation. */
  updateAll(): void {
    for (const chart of this.charts.values()) chart.update('none');
  }

  private pushK6(): void {
    for (const def of k6Charts) {
      const chart = this.charts.get(def.id)!;
      const arrays = this.k6Data.get(def.id)!;
      // Assign, never mutate: with decimation on, `data` is a setter for the full array.
      chart.data.datasets.forEach((ds, i) => {
        ds.data = arrays[i];
      });
      this.setTimeStep(chart, arrays);
      const y = chart.options.scales?.y;
      if (y && def.yCap !== undefined) y.max = cappedMax(arrays.flatMap((a) => a.map((p) => p.y)), def.yCap);
      chart.update('none');
    }
  }

  private setTimeStep(chart: Chart<'line', XY[]>, arrays: readonly (readonly XY[])[]): void {
    const x = chart.options.scales?.x;
    if (!x?.ticks) return;
    const axis = timeAxis(arrays);
    x.min = axis.min;
    x.max = axis.max;
    (x.ticks as { stepSize?: number }).stepSize = axis.stepSize;
  }

  private dataset(label: string, color: number, axis?: 'y1', markPredicted = false, emphasis = false): LineDataset {
    const c = this.theme.series[color % this.theme.series.length];
    return {
      label,
      data: [],
      borderColor: c,
      backgroundColor: c,
      ...seriesStyle(emphasis),
      yAxisID: axis ?? 'y',
      // Predicted (filled-in) resource samples are drawn as hollow triangles.
      pointRadius: markPredicted ? (ctx: ScriptableContext<'line'>) => ((ctx.raw as XY | undefined)?.predicted ? 4 : 0) : 0,
      pointStyle: markPredicted ? 'triangle' : 'circle',
      pointBackgroundColor: 'transparent',
      pointHoverRadius: 3,
      // A percentile has no value in a window without responses (a slow endpoint with think time
      // completes requests every other second): the line joins across those windows. (Windows
      // missing while metrics are delayed are absent, not null, and join either way.)
      spanGaps: !markPredicted,
      tension: 0,
    };
  }

  private create(canvas: HTMLCanvasElement, y: string, y1: string | undefined, datasets: LineDataset[]): Chart<'line', XY[]> {
    const empty = timeAxis([]);
    const chart = new Chart<'line', XY[]>(canvas, {
      type: 'line',
      data: { datasets },
      plugins: [findingBandsPlugin],
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          decimation: { enabled: true, algorithm: 'min-max' },
          // Legend in series order (p50 p90 p95 p99), though p95 is drawn last.
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
          tooltip: { callbacks: { title: (items) => (items[0] ? fmtElapsed(items[0].parsed.x ?? 0) : '') } },
        },
        scales: {
          // Ticks only on whole steps (not at the data's edges), so no two labels read the same.
          x: { type: 'linear', min: empty.min, max: empty.max, ticks: { stepSize: empty.stepSize, maxRotation: 0, autoSkipPadding: 16, includeBounds: false, callback: (v) => fmtElapsed(Number(v)) } },
          y: { type: 'linear', beginAtZero: true, grace: valueGrace, title: { display: true, text: y } },
          ...(y1 ? { y1: { type: 'linear' as const, position: 'right' as const, beginAtZero: true, grace: valueGrace, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: y1 } } } : {}),
        },
      },
    });
    this.style(chart);
    return chart;
  }

  private style(chart: Chart<'line', XY[]>): void {
    const t = this.theme;
    const o = chart.options;
    o.color = t.foreground;
    o.font = { family: t.fontFamily };
    for (const scale of Object.values(o.scales ?? {})) {
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: t.muted };
      scale.grid = { ...scale.grid, color: t.grid };
      if ('title' in scale && scale.title) scale.title.color = t.muted;
    }
    if (o.plugins?.legend?.labels) o.plugins.legend.labels.color = t.foreground;
  }
}
