// One self-contained HTML file: styles inline, charts as inline SVG, no script and nothing
// loaded from the network (its CSP says so too). Every text from the run is escaped.
import type { Finding } from '../analysis/finding';
import { escapeHtml as h } from './escape';
import { change, metricLabel, ms, num, pct, value } from './format';
import type { ReportData } from './reportData';
import { type ChartBand, svgLineChart } from './svgChart';

const severityColor: Record<Finding['severity'], string> = { critical: '#d32f2f', warning: '#ef6c00', info: '#1976d2' };

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;background:#fff;max-width:960px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
.finding{border-left:4px solid;padding:4px 10px;margin:8px 0}.critical{border-color:#d32f2f}.warning{border-color:#ef6c00}.info{border-color:#1976d2}
.sev{font-weight:600;text-transform:uppercase;font-size:11px}.muted{color:#666}figure{margin:8px 0}figcaption{font-weight:600}
.better{color:#2e7d32}.worse{color:#c62828}`;

function tableHtml(header: readonly string[], rows: readonly string[][]): string {
  return `<table><thead><tr>${header.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function charts(d: ReportData): string {
  const series = d.series ?? [];
  if (series.length === 0) return '<p class="muted">No series for charts.</p>';
  const windowMs = d.windowMs ?? 1000;
  const span = { start: series[0].t, end: series[series.length - 1].t + windowMs };
  const bands: ChartBand[] = d.findings
    .filter((f) => f.from && f.to)
    .map((f) => ({ from: Date.parse(f.from as string), to: Date.parse(f.to as string), color: severityColor[f.severity], label: `${f.kind}: ${f.title}` }));
  const line = (label: string, color: string, v: (p: (typeof series)[number]) => number | null) => ({ label, color, points: series.map((p) => ({ t: p.t, v: v(p) })) });
  return [
    svgLineChart('Throughput', 'req/s', [line('req/s', '#1976d2', (p) => p.rps), line('failed/s', '#d32f2f', (p) => p.failed / (windowMs / 1000))], bands, span),
    svgLineChart('Response time', 'ms', [line('p50', '#2e7d32', (p) => p.p50), line('p95', '#ef6c00', (p) => p.p95), line('p99', '#6a1b9a', (p) => p.p99)], bands, span),
    svgLineChart('Error rate', '%', [line('errors', '#d32f2f', (p) => (p.errorRate === null ? null : p.errorRate * 100))], bands, span),
    svgLineChart('Virtual users', 'VUs', [line('VUs', '#455a64', (p) => p.vus)], bands, span),
  ].join('\n');
}

export function renderHtml(d: ReportData): string {
  const s = d.summary;
  const findings = d.findings.length
    ? d.findings
        .map(
          (f) =>
            `<div class="finding ${f.severity}"><span class="sev" style="color:${severityColor[f.severity]}">${f.severity}</span> <code>${h(f.kind)}</code> <strong>${h(f.title)}</strong>` +
            `${f.endpoint ? ` · endpoint <code>${h(f.endpoint)}</code>` : ''}${f.pod ? ` · pod <code>${h(f.pod)}</code>` : ''}` +
            `<div>${h(f.detail)}</div>${f.from ? `<div class="muted">${h(f.from)} → ${h(f.to ?? '')}</div>` : ''}<div><em>Next:</em> ${h(f.nextStep)}</div></div>`,
        )
        .join('\n')
    : '<p>No findings: nothing in this run needs attention.</p>';
  const cmp = new Map((d.baseline?.comparison.endpoints ?? []).map((c) => [c.name, c]));
  const delta = (name: string, metric: string) => {
    const x = cmp.get(name)?.deltas.find((y) => y.metric === metric);
    return x ? `<span class="${x.direction}">${h(change(x))}</span>` : '-';
  };
  const endpointRows = s.endpoints.map((e) => [h(e.name), String(e.count), num(e.rps, 2), h(ms(e.p95)), h(pct(e.errorRate)), ...(d.baseline ? [delta(e.name, 'p95'), delta(e.name, 'errorRate')] : [])]);
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`Load test ${s.testid}`)}</title><style>${style}</style></head><body>`,
    `<h1>Load test ${h(s.testid)}: ${h(s.verdict.toUpperCase())}</h1>`,
    `<p class="muted">${h(s.start)} → ${h(s.end)} · ${num(s.durationSeconds, 0)} s${d.baseline ? ` · baseline ${h(d.baseline.summary.testid)}` : ''} · generated ${h(d.generatedAt)}</p>`,
    '<h2>Summary</h2>',
    tableHtml(['requests', 'req/s', 'errors', 'p50', 'p90', 'p95', 'p99', 'max', 'peak VUs'], [[String(s.requests), num(s.rps, 2), h(pct(s.errorRate)), h(ms(s.latency.p50)), h(ms(s.latency.p90)), h(ms(s.latency.p95)), h(ms(s.latency.p99)), h(ms(s.latency.max)), String(s.vusMax ?? '-')]]),
    `<h2>Findings (${d.findings.length})</h2>`,
    findings,
    '<h2>Charts</h2>',
    charts(d),
    '<h2>Endpoints</h2>',
    tableHtml(['endpoint', 'requests', 'req/s', 'p95', 'errors', ...(d.baseline ? ['p95 vs baseline', 'errors vs baseline'] : [])], endpointRows),
  ];
  if (d.baseline) {
    parts.push(`<h2>Against baseline ${h(d.baseline.summary.testid)}</h2>`, tableHtml(['metric', 'this run', 'baseline', 'change', ''], d.baseline.comparison.overall.map((x) => [h(metricLabel(x)), h(value(x, 'current')), h(value(x, 'baseline')), h(change(x)), `<span class="${x.direction}">${x.direction}</span>`])));
  }
  if (s.thresholds?.length) {
    parts.push('<h2>Thresholds</h2>', tableHtml(['threshold', 'actual', 'result'], s.thresholds.map((t) => [h(`${t.metric}: ${t.expression}`), t.actual === null ? 'no data' : num(t.actual, 3), t.ok ? 'passed' : '<strong class="worse">failed</strong>'])));
  }
  parts.push('</body></html>', '');
  return parts.join('\n');
}
