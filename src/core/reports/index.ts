// Reports of a run in four formats, from one ReportData.
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import type { ReportData, ReportFormat } from './reportData';

export { isReportFormat, reportFormats, type ReportData, type ReportFormat } from './reportData';

export function renderReport(format: ReportFormat, d: ReportData): string {
  switch (format) {
    case 'md':
      return renderMarkdown(d);
    case 'junit':
      return renderJunit(d);
    case 'html':
      return renderHtml(d);
    case 'json':
      return JSON.stringify(d, null, 2) + '\n';
  }
}
