// Runs view → Show Trend (a script's or one endpoint's p95, req/s and error rate over its runs,
// with the commit and the target's requests/limits marked where they changed) and Compare
// Runs (2–5 finished runs overlaid on a relative time axis, with deltas). Both pages are
// static HTML: no script runs in them, so there are no messages to trust.
import * as vscode from 'vscode';
import { finishedRunSeries, type MetricsDialect, storedSummary } from '../../app/metrics/index';
import type { RunRecord } from '../../core/model';
import { makeNonce } from '../results/html';
import { type ComparedRun, compareHtml, trendHtml } from '../../core/trends/trendHtml';
import { runTrend, type TargetSpecs, type TrendRun } from '../../core/trends/runTrend';
import type { Ctx } from '../context';

const runOf = (arg: unknown): RunRecord | undefined => (arg as { run?: RunRecord } | undefined)?.run;

function trendRunsOf(ctx: Ctx, scriptPath: string): TrendRun[] {
  const out: TrendRun[] = [];
  for (const r of ctx.store.runs.list(500)) {
    if (r.scriptPath !== scriptPath) continue;
    const summary = storedSummary(ctx.store.summaries.get(r.id));
    if (!summary) continue;
    const target = ctx.store.samples.listForRun(r.id).find((s) => (s.role ?? 'target') === 'target');
    const specs: TargetSpecs | undefined = target && {
      cpuRequestMillicores: target.cpuRequestMillicores,
      cpuLimitMillicores: target.cpuLimitMillicores,
      memoryRequestMb: target.memoryRequestMb,
      memoryLimitMb: target.memoryLimitMb,
    };
    out.push({ runId: r.id, at: r.startedAt ?? r.createdAt, summary, ...(r.gitCommit ? { commit: r.gitCommit } : {}), ...(specs ? { specs } : {}) });
  }
  return out;
}

function showPage(viewType: string, title: string, html: (nonce: string) => string): void {
  const panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [] });
  panel.webview.html = html(makeNonce());
}

export async function showTrend(ctx: Ctx, arg: unknown): Promise<void> {
  let scriptPath = runOf(arg)?.scriptPath;
  if (!scriptPath) {
    const scripts = [...new Set(ctx.store.runs.list(500).map((r) => r.scriptPath))];
    if (scripts.length === 0) {
      void vscode.window.showInformationMessage('Metric Vault: no runs yet, so no trend. Run a load test first.');
      return;
    }
    scriptPath = await vscode.window.showQuickPick(scripts, { title: 'Metric Vault: Show Trend', placeHolder: 'The script whose runs to follow' });
    if (!scriptPath) return;
  }
  const runs = trendRunsOf(ctx, scriptPath);
  const endpoints = [...new Set(runs.flatMap((r) => r.summary.endpoints.map((e) => e.name)))].sort();
  const whole = `Whole script ${scriptPath}`;
  const scope = endpoints.length > 1 ? await vscode.window.showQuickPick([whole, ...endpoints], { title: 'Metric Vault: Show Trend', placeHolder: 'The whole script or one endpoint' }) : whole;
  if (!scope) return;
  const endpoint = scope === whole ? undefined : scope;
  const title = `Trend: ${endpoint ?? scriptPath}`;
  showPage('metricVault.trend', title, (nonce) => trendHtml(title, runTrend(runs, endpoint), nonce));
}

export async function compareRuns(ctx: Ctx, dialect: MetricsDialect): Promise<void> {
  const finished = ctx.store.runs.list(200).filter((r) => storedSummary(ctx.store.summaries.get(r.id)));
  if (finished.length < 2) {
    void vscode.window.showInformationMessage('Metric Vault: Compare Runs needs at least two finished runs with a summary.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    finished.map((r) => ({ label: r.id, description: `${r.state} · ${r.scriptPath}`, detail: r.startedAt ? new Date(r.startedAt).toLocaleString() : undefined })),
    { title: 'Metric Vault: Compare Runs (pick 2 to 5; the earliest is the reference)', canPickMany: true },
  );
  if (!picked) return;
  if (picked.length < 2 || picked.length > 5) {
    void vscode.window.showWarningMessage(`Metric Vault: pick 2 to 5 runs to compare (you picked ${picked.length}).`);
    return;
  }
  const compared: ComparedRun[] = [];
  const problems: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the runs to compare' }, async () => {
    // Oldest first: every delta reads as "what changed since the earliest picked run".
    const byStart = picked.map((p) => ctx.store.runs.get(p.label)).filter((r) => r !== undefined).sort((a, b) => (a.startedAt ?? a.createdAt) - (b.startedAt ?? b.createdAt));
    for (const run of byStart) {
      const summary = storedSummary(ctx.store.summaries.get(run.id));
      if (!summary) continue;
      const series = await finishedRunSeries(dialect, summary.testid, { start: Date.parse(summary.start), end: Date.parse(summary.end) + 1000 }, 600);
      if (!series.ok) problems.push(`${summary.testid}: ${series.error.message}`);
      compared.push({ summary, series: series.ok ? series.value.points : [] });
    }
  });
  if (problems.length) void vscode.window.showWarningMessage(`Metric Vault: some series could not be read (the table still compares the summaries): ${problems.join('; ')}`);
  showPage('metricVault.compare', `Compare ${compared.length} runs`, (nonce) => compareHtml(compared, nonce));
}
