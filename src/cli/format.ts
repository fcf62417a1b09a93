import type { Finding } from '../core/analysis/finding';

/** Left-aligned columns separated by two spaces, as kubectl prints them. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** A finding's one-line headline in CLI output: `[WARNING] kind: title (endpoint)`. */
export function findingHeadline(f: Pick<Finding, 'severity' | 'kind' | 'title' | 'endpoint'>): string {
  return `[${f.severity.toUpperCase()}] ${f.kind}: ${f.title}${f.endpoint ? ` (${f.endpoint})` : ''}`;
}
