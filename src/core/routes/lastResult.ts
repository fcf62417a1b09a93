// The last result shown beside a route's lens: `p95 182 ms · 0.4 % errors · 2 h ago`. Reads a
// stored run summary defensively (the metrics area's RunSummary, or k6's own handleSummary
// JSON), preferring the numbers of the endpoint itself when the summary breaks them down, and
// the run's warning/critical findings that concern this endpoint (or the whole run).
import { type Finding, parseFindings, severityAtLeast, sortFindings } from '../analysis/finding';

export interface LastResult {
  p95Ms?: number;
  /** 0..1 */
  errorRate?: number;
  /** Epoch ms the run ended (or started). */
  at: number;
  failed: boolean;
  /** Warning and critical findings about this endpoint or the whole run, worst first. */
  findings?: Pick<Finding, 'severity' | 'kind' | 'title'>[];
}

/** The summary's warning/critical findings about `endpointKey` or about the run as a whole. */
export function readFindingsFor(summary: unknown, endpointKey: string): Finding[] {
  const list = parseFindings(obj(summary)?.findings);
  return sortFindings(list.filter((f) => severityAtLeast(f.severity, 'warning') && (f.endpoint === undefined || f.endpoint === endpointKey)));
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** p95 (ms) and error rate from a summary, for `endpointKey` when the summary has a row for it. */
export function readSummaryNumbers(summary: unknown, endpointKey: string): { p95Ms?: number; errorRate?: number } {
  const s = obj(summary);
  if (!s) return {};
  const rows = Array.isArray(s.endpoints) ? s.endpoints.map(obj) : [];
  const row = rows.find((r) => r?.name === endpointKey);
  if (row) return { p95Ms: num(row.p95), errorRate: num(row.errorRate) };
  const latency = obj(s.latency);
  if (latency || 'errorRate' in s) return { p95Ms: num(latency?.p95), errorRate: num(s.errorRate) };
  // k6's handleSummary data: metrics.http_req_duration.values['p(95)'], http_req_failed.values.rate
  const metrics = obj(s.metrics);
  const duration = obj(obj(metrics?.http_req_duration)?.values);
  const failed = obj(obj(metrics?.http_req_failed)?.values);
  return { p95Ms: num(duration?.['p(95)']), errorRate: num(failed?.rate) };
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  const d = Math.round(s / 86_400);
  return d < 60 ? `${d} d ago` : `${Math.round(d / 30)} mo ago`;
}

function percent(rate: number): string {
  const p = rate * 100;
  if (p === 0) return '0 %';
  if (p < 0.1) return '<0.1 %';
  return `${p < 10 ? p.toFixed(1).replace(/\.0$/, '') : Math.round(p)} %`;
}

function latency(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  return ms < 10 ? `${ms.toFixed(1).replace(/\.0$/, '')} ms` : `${Math.round(ms)} ms`;
}

/** `p95 182 ms · 0.4 % errors · 2 h ago`; parts that are unknown are left out. */
export function formatLastResult(r: LastResult, now: number): string {
  const parts: string[] = [];
  if (r.p95Ms !== undefined) parts.push(`p95 ${latency(r.p95Ms)}`);
  if (r.errorRate !== undefined) parts.push(`${percent(r.errorRate)} errors`);
  if (parts.length === 0) parts.push(r.failed ? 'last run failed' : 'last run');
  const findings = r.findings ?? [];
  if (findings.length > 0) {
    const icon = findings[0].severity === 'critical' ? '$(error)' : '$(warning)';
    parts.push(findings.length === 1 ? `${icon} ${findings[0].kind}` : `${icon} ${findings.length} findings`);
  }
  parts.push(ago(now - r.at));
  return parts.join(' · ');
}
