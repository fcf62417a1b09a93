// The Markdown report, sized for a pull-request comment: the verdict, a summary table, the
// findings, the per-endpoint table with p95 (and deltas against the baseline when there is
// one), the thresholds. Every text from the run goes through escapeMarkdown.
import type { Finding } from '../analysis/finding';
import { escapeMarkdown as e } from './escape';
import { change, metricLabel, ms, num, pct, value } from './format';
import type { ReportData } from './reportData';

const icon: Record<Finding['severity'], string> = { critical: '🔴', warning: '🟠', info: '🔵' };

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function renderMarkdown(d: ReportData): string {
  const s = d.summary;
  const worst = d.findings.some((f) => f.severity === 'critical') ? 'critical findings' : d.findings.some((f) => f.severity === 'warning') ? 'warnings' : 'no warnings';
  const lines = [
    `## Load test ${e(s.testid)}: ${s.verdict.toUpperCase()} (${worst})`,
    '',
    `${e(s.start)} → ${e(s.end)} · ${num(s.durationSeconds, 0)} s${d.baseline ? ` · baseline ${e(d.baseline.summary.testid)}` : ''}`,
    '',
    ...table(
      ['requests', 'req/s', 'errors', 'p50', 'p90', 'p95', 'p99', 'max', 'peak VUs'],
      [[String(s.requests), num(s.rps, 2), pct(s.errorRate), ms(s.latency.p50), ms(s.latency.p90), ms(s.latency.p95), ms(s.latency.p99), ms(s.latency.max), String(s.vusMax ?? '-')]],
    ),
    '',
    `### Findings (${d.findings.length})`,
    '',
  ];
  if (d.findings.length === 0) lines.push('No findings: nothing in this run needs attention.');
  for (const f of d.findings) {
    const where = [f.endpoint ? `endpoint ${e(f.endpoint)}` : '', f.pod ? `pod ${e(f.pod)}` : '', f.from ? `${e(f.from)} → ${e(f.to ?? '')}` : ''].filter(Boolean).join(' · ');
    lines.push(`- ${icon[f.severity]} **${f.severity}** \`${f.kind}\`: ${e(f.title)}${where ? ` (${where})` : ''}`, `  ${e(f.detail)}`, `  *Next:* ${e(f.nextStep)}`);
  }
  const cmp = new Map((d.baseline?.comparison.endpoints ?? []).map((c) => [c.name, c]));
  lines.push('', '### Endpoints', '');
  const header = ['endpoint', 'requests', 'req/s', 'p95', 'errors', ...(d.baseline ? ['p95 vs baseline', 'errors vs baseline'] : [])];
  lines.push(
    ...table(
      header,
      s.endpoints.map((ep) => {
        const c = cmp.get(ep.name)?.deltas;
        const delta = (m: string) => {
          const x = c?.find((y) => y.metric === m);
          return x ? `${change(x)} ${x.direction}` : '-';
        };
        return [e(ep.name), String(ep.count), num(ep.rps, 2), ms(ep.p95), pct(ep.errorRate), ...(d.baseline ? [delta('p95'), delta('errorRate')] : [])];
      }),
    ),
  );
  if (d.baseline) {
    lines.push('', `### Against baseline ${e(d.baseline.summary.testid)}`, '');
    lines.push(...table(['metric', 'this run', 'baseline', 'change', ''], d.baseline.comparison.overall.map((x) => [metricLabel(x), value(x, 'current'), value(x, 'baseline'), change(x), x.direction])));
  }
  if (s.thresholds?.length) {
    lines.push('', '### Thresholds', '');
    lines.push(...table(['threshold', 'actual', 'result'], s.thresholds.map((t) => [e(`${t.metric}: ${t.expression}`), t.actual === null ? 'no data' : num(t.actual, 3), t.ok ? '✅ passed' : '❌ failed'])));
  }
  lines.push('', `<sub>metric-vault report · ${e(d.generatedAt)}</sub>`, '');
  return lines.join('\n');
}
