// The results panel's exports: a chart as PNG, the summary as JSON or CSV, and a report of
// the run (Markdown, HTML, JUnit XML or JSON; format picked by the user) rendered from what
// the panel shows — no query needed. Saved where the user says, never overwritten silently.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type BaselineComparison, type RunResults, type RunSummary, summaryToCsv } from '../../app/metrics/index';
import { pngBytesFromDataUrl, type WebviewMessage } from '../../core/panelProtocol';
import { renderReport, type ReportData, type ReportFormat } from '../../core/reports/index';

const reportChoices: (vscode.QuickPickItem & { format: ReportFormat })[] = [
  { label: 'Markdown', description: 'for a pull-request comment', format: 'md' },
  { label: 'HTML', description: 'one self-contained file with charts', format: 'html' },
  { label: 'JUnit XML', description: 'for a CI test tab', format: 'junit' },
  { label: 'JSON', description: 'summary, findings, baseline and series', format: 'json' },
];

export interface ExportSource {
  model?: RunResults;
  comparison?: BaselineComparison;
  baselineSummary?: RunSummary;
}

const noSummary = 'There is no summary yet: it is computed when the run ends.';

/** Export Report: the format picked by the user; a string says why there is nothing to save. */
async function reportFile(runId: string, src: ExportSource): Promise<{ bytes: Uint8Array; name: string } | string> {
  const summary = src.model?.summary;
  if (!src.model || !summary) return noSummary;
  const picked = await vscode.window.showQuickPick(reportChoices, { title: `Export a report of run ${runId}`, placeHolder: 'Format' });
  if (!picked) return 'Export cancelled.';
  const state = src.model.state();
  const data: ReportData = {
    summary,
    findings: summary.findings ?? [],
    ...(src.comparison && src.baselineSummary ? { baseline: { summary: src.baselineSummary, comparison: src.comparison } } : {}),
    series: state.series,
    windowMs: state.windowMs,
    generatedAt: new Date().toISOString(),
  };
  const ext = picked.format === 'junit' ? 'xml' : picked.format;
  return { bytes: new TextEncoder().encode(renderReport(picked.format, data)), name: `${runId}-report.${ext}` };
}

export async function exportRunFile(runId: string, m: Extract<WebviewMessage, { type: 'export' }>, src: ExportSource): Promise<{ ok: boolean; message: string }> {
  const reply = (ok: boolean, message: string) => ({ ok, message });
  let bytes: Uint8Array;
  let name: string;
  if (m.what === 'png') {
    bytes = pngBytesFromDataUrl(m.dataUrl);
    if (bytes[0] !== 0x89 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return reply(false, 'The chart image was not a PNG.');
    name = `${runId}-${m.chart}.png`;
  } else if (m.what === 'report') {
    const report = await reportFile(runId, src);
    if (typeof report === 'string') return reply(false, report);
    ({ bytes, name } = report);
  } else {
    const summary = src.model?.summary;
    if (!summary) return reply(false, noSummary);
    bytes = new TextEncoder().encode(m.what === 'json' ? JSON.stringify(summary, null, 2) + '\n' : summaryToCsv(summary));
    name = `${runId}-summary.${m.what}`;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const ext = path.extname(name).slice(1);
  const filters: Record<string, string[]> = m.what === 'png' ? { 'PNG image': ['png'] } : { [ext.toUpperCase()]: [ext] };
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters, saveLabel: 'Export', title: `Export ${name}` });
  if (!target) return reply(false, 'Export cancelled.');
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
  } catch (err) {
    return reply(false, `Could not save ${path.basename(target.fsPath)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return reply(true, `Saved ${path.basename(target.fsPath)}`);
}
