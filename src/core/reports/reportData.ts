// What a report shows, whatever its format: one run's summary and findings, the baseline
// comparison when there is a baseline, and the run's series for the charts.
import type { Finding } from '../analysis/finding';
import type { BaselineComparison } from '../metrics/compare';
import type { RunSummary, WindowPoint } from '../metrics/types';

export interface ReportData {
  summary: RunSummary;
  findings: Finding[];
  baseline?: { summary: RunSummary; comparison: BaselineComparison };
  series?: WindowPoint[];
  windowMs?: number;
  /** ISO 8601. */
  generatedAt: string;
}

export const reportFormats = ['md', 'junit', 'html', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function isReportFormat(v: string): v is ReportFormat {
  return (reportFormats as readonly string[]).includes(v);
}
