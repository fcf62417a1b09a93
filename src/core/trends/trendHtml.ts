// The Show Trend and Compare Runs pages: static HTML (no script at all; CSP `default-src
// 'none'`, the one style block allowed by its nonce), charts as inline SVG, every text escaped.
import { compareSummaries } from '../metrics/compare';
import type { RunSummary, WindowPoint } from '../metrics/types';
import { escapeHtml as h } from '../reports/escape';
import { change, ms, num, pct } from '../reports/format';
import { type ChartBand, svgLineChart } from '../reports/svgChart';
import { fmtSpecs, type TrendPoint } from './runTrend';

const palette = ['#3794ff', '#e5a00d', '#4caf50', '#e53935', '#ab47bc'];

const style = `body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:8px 16px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid var(--vscode-panel-border,#8886);padding:2px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.changed{color:var(--vscode-editorWarning-foreground)}.muted{color:var(--vscode-descriptionForeground)}
svg text:not([fill]){fill:var(--vscode-foreground)}figure{margin:6px 0}figcaption{font-weight:600}.better{color:var(--vscode-charts-green)}.worse{color:var(--vscode-charts-red)}`;

function page(title: string, nonce: string, body: string[]): string {
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${h(nonce)}'">`,
    `<title>${h(title)}</title><style nonce="${h(nonce)}">${style}</style></head><body>`,
    `<h1>${h(title)}</h1>`,
    ...body,
    '</body></html>',
  ].join('\n');
}

const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

export function trendHtml(title: string, points: readonly TrendPoint[], nonce: string): string {
  if (points.length === 0) return page(title, nonce, ['<p>No finished run with a summary yet.</p>']);
  const span = { start: points[0].at, end: Math.max(points[points.length - 1].at, points[0].at + 1) };
  const marks: ChartBand[] = points.filter((p) => p.changed.length).map((p) => ({ from: p.at, to: p.at, color: '#e5a00d', label: `${p.runId}: ${p.changed.join(' and ')} changed` }));
  const line = (label: string, color: string, v: (p: TrendPoint) => number | null) => ({ label, color, points: points.map((p) => ({ t: p.at, v: v(p) })) });
  const rows = points.map((p) => [
    h(p.runId),
    h(day(p.at)),
    `<span class="${p.changed.includes('commit') ? 'changed' : ''}">${h(p.commit?.slice(0, 10) ?? '-')}</span>`,
    `<span class="${p.changed.includes('specs') ? 'changed' : ''}">${h(fmtSpecs(p.specs))}</span>`,
    h(ms(p.p95)),
    num(p.rps, 2),
    h(pct(p.errorRate)),
    String(p.findings),
  ]);
  return page(title, nonce, [
    `<p class="muted">${points.length} runs, oldest first. Marked (orange) where the git commit or the target's requests/limits changed from the run before.</p>`,
    svgLineChart('p95 over runs', 'ms', [line('p95', palette[0], (p) => p.p95)], marks, span, day),
    svgLineChart('Throughput over runs', 'req/s', [line('req/s', palette[2], (p) => p.rps)], marks, span, day),
    svgLineChart('Error rate over runs', '%', [line('errors', palette[3], (p) => p.errorRate * 100)], marks, span, day),
    table(['run', 'started (UTC)', 'commit', 'target requests/limits', 'p95', 'req/s', 'errors', 'findings'], rows),
  ]);
}

function table(header: string[], rows: string[][]): string {
  return `<table><thead><tr>${header.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export interface ComparedRun {
  summary: RunSummary;
  series: readonly WindowPoint[];
}

/** 2–5 runs overlaid on a relative time axis (seconds since each run's start), deltas against the first. */
export function compareHtml(runs: readonly ComparedRun[], nonce: string): string {
  const title = `Compare ${runs.map((r) => r.summary.testid).join(', ')}`;
  const rel = runs.map((r) => {
    const t0 = Date.parse(r.summary.start);
    return r.series.map((p) => ({ ...p, t: p.t - t0 }));
  });
  const end = Math.max(1000, ...rel.map((s) => (s.length ? s[s.length - 1].t : 0)));
  const overlay = (pick: (p: WindowPoint) => number | null) => runs.map((r, i) => ({ label: r.summary.testid, color: palette[i % palette.length], points: rel[i].map((p) => ({ t: p.t, v: pick(p) })) }));
  const [first, ...rest] = runs;
  const deltaRows = rest.flatMap((r) =>
    compareSummaries(r.summary, first.summary, first.summary.testid).overall.map((d) => [
      h(r.summary.testid),
      h(d.metric),
      d.metric === 'rps' ? num(d.current, 2) : d.metric === 'errorRate' ? h(pct(d.current)) : h(ms(d.current)),
      d.metric === 'rps' ? num(d.baseline, 2) : d.metric === 'errorRate' ? h(pct(d.baseline)) : h(ms(d.baseline)),
      `<span class="${d.direction}">${h(change(d))} ${h(d.direction)}</span>`,
    ]),
  );
  return page(title, nonce, [
    `<p class="muted">Series overlaid from each run's start; deltas against ${h(first.summary.testid)}.</p>`,
    svgLineChart('p95', 'ms', overlay((p) => p.p95), [], { start: 0, end }),
    svgLineChart('Throughput', 'req/s', overlay((p) => p.rps), [], { start: 0, end }),
    svgLineChart('Error rate', '%', overlay((p) => (p.errorRate === null ? null : p.errorRate * 100)), [], { start: 0, end }),
    table(['run', 'metric', 'this run', first.summary.testid, 'change'], deltaRows),
  ]);
}
