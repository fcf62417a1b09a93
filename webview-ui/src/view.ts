// The panel's DOM: header, banner, summary, chart cards and the endpoint table, built with
// @vscode-elements/elements. Text from the host is only ever set through textContent.
import type { BaselineComparison, Banner, ChartId, EndpointTable, Explanation, Finding, LiveState, MetricDelta, PanelFilter, PanelRun, ResourceProblem, RunSummary } from '../../src/core/panelProtocol';
import { fmtDelta, fmtElapsed, fmtMs, fmtNumber, fmtPercent } from './format';
import { emptyEndpointsText, liveLabel } from './model';

type Attrs = Record<string, string | boolean>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Attrs, ...children: (Node | string)[]): HTMLElement;
function el(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children);
  return e;
}

const chartTitles: Record<ChartId, string> = {
  throughput: 'Throughput and VUs',
  latency: 'Response time percentiles',
  errors: 'Error rate',
  data: 'Data sent and received',
  cpu: 'CPU against request and limit',
  memory: 'Memory against request and limit',
};

export interface ViewHandlers {
  onFilter(filter: PanelFilter): void;
  onExport(what: 'json' | 'csv' | 'report'): void;
  onExportPng(chart: ChartId): void;
  onOpenScript(): void;
}

export class PanelView {
  readonly canvases = {} as Record<ChartId, HTMLCanvasElement>;
  private readonly notes = {} as Record<ChartId, HTMLElement>;
  private readonly root: HTMLElement;
  private readonly runTitle = el('span', { class: 'run-id' });
  private readonly stateBadge = el('vscode-badge', { class: 'state' });
  private readonly liveText = el('span', { class: 'live' });
  private readonly elapsed = el('span');
  private readonly target = el('span');
  private readonly engine = el('span');
  private readonly script = el('span', { class: 'script' });
  private readonly reason = el('div', { class: 'reason', hidden: true });
  private readonly banner = el('div', { class: 'banner', role: 'status', hidden: true });
  private readonly summary = el('section', { class: 'summary', hidden: true, 'aria-label': 'Run summary' });
  private readonly comparison = el('section', { class: 'comparison', hidden: true, 'aria-label': 'Compared with the baseline run' });
  private readonly findings = el('section', { class: 'findings', hidden: true, 'aria-label': 'Findings' });
  private readonly explanation = el('section', { class: 'explanation', hidden: true, 'aria-label': 'Explanation by a language model', 'aria-live': 'polite' });
  private readonly tableBody = el('vscode-table-body', { slot: 'body' });
  private readonly p95Header = el('vscode-table-header-cell', {}, 'p95');
  private readonly emptyTable = el('p', { class: 'empty' }, 'No requests yet.');
  private readonly toast = el('div', { class: 'toast', role: 'status', 'aria-live': 'polite' });
  private readonly exportButtons: HTMLElement[] = [];
  private readonly filterSelect: HTMLElement & { value: string };
  private run?: PanelRun;
  private clock?: ReturnType<typeof setInterval>;

  constructor(container: HTMLElement, handlers: ViewHandlers) {
    this.filterSelect = el(
      'vscode-single-select',
      { 'aria-label': 'Show', class: 'filter' },
      el('vscode-option', { value: 'all' }, 'All'),
      el('vscode-option', { value: 'k6' }, 'k6 only'),
      el('vscode-option', { value: 'resources' }, 'Resources only'),
    ) as HTMLElement & { value: string };
    this.filterSelect.addEventListener('change', () => {
      const v = this.filterSelect.value;
      if (v === 'all' || v === 'k6' || v === 'resources') handlers.onFilter(v);
    });
    const button = (label: string, onClick: () => void, title: string) => {
      const b = el('vscode-button', { secondary: true, title }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const json = button('Export JSON', () => handlers.onExport('json'), 'Save the run summary as JSON');
    const csv = button('Export CSV', () => handlers.onExport('csv'), 'Save the run summary as CSV');
    const report = button('Export Report…', () => handlers.onExport('report'), 'Save a report of this run: Markdown (pull request), HTML, JUnit XML or JSON');
    this.exportButtons.push(json, csv, report);
    for (const b of this.exportButtons) b.setAttribute('disabled', '');
    const header = el(
      'header',
      { class: 'header' },
      el('div', { class: 'title' }, el('h1', {}, 'Run ', this.runTitle), this.stateBadge, this.liveText),
      el(
        'div',
        { class: 'meta' },
        el('span', {}, 'Elapsed ', this.elapsed),
        el('span', {}, 'Target ', this.target),
        el('span', {}, 'Engine ', this.engine),
        el('span', {}, 'Script ', this.script),
      ),
      el('div', { class: 'actions' }, this.filterSelect, json, csv, report, button('Open Script', handlers.onOpenScript, 'Open the k6 script of this run')),
    );
    const cards = (Object.keys(chartTitles) as ChartId[]).map((id) => {
      const canvas = el('canvas', { role: 'img', 'aria-label': chartTitles[id] });
      const note = el('div', { class: 'note', hidden: true });
      this.canvases[id] = canvas;
      this.notes[id] = note;
      const png = button('PNG', () => handlers.onExportPng(id), `Save "${chartTitles[id]}" as a PNG image`);
      const group = id === 'cpu' || id === 'memory' ? 'resources' : 'k6';
      return el('div', { class: 'card', 'data-group': group, 'data-chart': id }, el('div', { class: 'card-head' }, el('h2', {}, chartTitles[id]), png), el('div', { class: 'canvas-box' }, canvas, note));
    });
    const table = el(
      'vscode-table',
      { zebra: true, 'bordered-rows': true, 'aria-label': 'Endpoints' },
      el(
        'vscode-table-header',
        { slot: 'header' },
        el('vscode-table-header-cell', {}, 'Endpoint'),
        el('vscode-table-header-cell', {}, 'Requests'),
        el('vscode-table-header-cell', {}, 'Req/s'),
        this.p95Header,
        el('vscode-table-header-cell', {}, 'Errors'),
      ),
      this.tableBody,
    );
    this.root = el(
      'main',
      { class: 'panel', 'data-filter': 'all' },
      header,
      this.reason,
      this.banner,
      this.summary,
      this.comparison,
      this.findings,
      this.explanation,
      el('section', { class: 'charts' }, ...cards),
      el('section', { class: 'endpoints', 'data-group': 'k6' }, el('h2', {}, 'Endpoints'), this.emptyTable, table),
      this.toast,
    );
    container.replaceChildren(this.root);
  }

  setFilter(filter: PanelFilter): void {
    this.root.dataset.filter = filter;
    if (this.filterSelect.value !== filter) this.filterSelect.value = filter;
  }

  setRun(run: PanelRun): void {
    this.run = run;
    this.runTitle.textContent = run.id;
    this.stateBadge.textContent = run.state;
    this.stateBadge.dataset.state = run.state;
    this.target.textContent = run.target ?? '–';
    this.engine.textContent = run.engine;
    this.script.textContent = run.scriptPath;
    this.reason.textContent = run.reason ?? '';
    this.reason.hidden = !run.reason;
    this.emptyTable.textContent = emptyEndpointsText(run);
    this.tickClock();
    const active = run.state === 'queued' || run.state === 'starting' || run.state === 'running';
    if (active && !this.clock) this.clock = setInterval(() => this.tickClock(), 1000);
    if (!active && this.clock) {
      clearInterval(this.clock);
      this.clock = undefined;
    }
  }

  setLive(run: PanelRun, live: LiveState): void {
    this.liveText.textContent = liveLabel(run, live);
    this.liveText.dataset.live = this.liveText.textContent ? live : 'finished';
  }

  setBanner(banner: Banner | undefined): void {
    this.banner.hidden = !banner;
    this.banner.textContent = banner?.message ?? '';
    this.banner.dataset.kind = banner?.kind ?? '';
  }

  setResourceProblem(problem: ResourceProblem | undefined, hasData: boolean): void {
    for (const id of ['cpu', 'memory'] as const) {
      const show = !!problem && !hasData;
      this.notes[id].hidden = !show;
      this.notes[id].textContent = show ? problem.message : '';
      // The message takes the chart's place rather than lying over its axis labels.
      this.canvases[id].style.visibility = show ? 'hidden' : '';
    }
  }

  setEndpoints(table: EndpointTable): void {
    this.p95Header.textContent = table.p95WindowSeconds ? `p95 (last ${table.p95WindowSeconds} s)` : 'p95 (whole run)';
    this.emptyTable.hidden = table.rows.length > 0;
    if (this.run) this.emptyTable.textContent = emptyEndpointsText(this.run);
    this.tableBody.replaceChildren(
      ...table.rows.map((r) =>
        el(
          'vscode-table-row',
          {},
          el('vscode-table-cell', {}, r.name),
          el('vscode-table-cell', {}, fmtNumber(r.count, 0)),
          el('vscode-table-cell', {}, fmtNumber(r.rps, 2)),
          el('vscode-table-cell', {}, fmtMs(r.p95)),
          el('vscode-table-cell', { class: r.errorRate > 0 ? 'bad' : '' }, fmtPercent(r.errorRate)),
        ),
      ),
    );
  }

  setSummary(s: RunSummary | undefined): void {
    for (const b of this.exportButtons) {
      if (s) b.removeAttribute('disabled');
      else b.setAttribute('disabled', '');
    }
    this.summary.hidden = !s;
    if (!s) return;
    const stat = (label: string, value: string, cls = '') => el('div', { class: `stat ${cls}` }, el('div', { class: 'stat-label' }, label), el('div', { class: 'stat-value' }, value));
    const verdict = el('div', { class: `verdict verdict-${s.verdict}` }, s.verdict === 'passed' ? 'Passed' : s.verdict === 'failed' ? 'Failed' : 'No verdict');
    const stats = el(
      'div',
      { class: 'stats' },
      stat('Requests', fmtNumber(s.requests, 0)),
      stat('Req/s', fmtNumber(s.rps, 2)),
      stat('p50', fmtMs(s.latency.p50)),
      stat('p90', fmtMs(s.latency.p90)),
      stat('p95', fmtMs(s.latency.p95)),
      stat('p99', fmtMs(s.latency.p99)),
      stat('Max', fmtMs(s.latency.max)),
      stat('Errors', fmtPercent(s.errorRate), s.errorRate > 0 ? 'bad' : ''),
      stat('Peak VUs', fmtNumber(s.vusMax, 0)),
      stat('Duration', fmtElapsed(s.durationSeconds * 1000)),
    );
    const thresholds = (s.thresholds ?? []).map((t) =>
      el('li', { class: t.ok ? 'ok' : 'bad' }, `${t.ok ? '✓' : '✗'} ${t.metric}: ${t.expression}`, el('span', { class: 'actual' }, ` (actual ${fmtNumber(t.actual, 3)})`)),
    );
    this.summary.replaceChildren(
      el('div', { class: 'summary-head' }, el('h2', {}, 'Summary'), verdict),
      stats,
      ...(thresholds.length ? [el('h3', {}, 'Thresholds'), el('ul', { class: 'thresholds' }, ...thresholds)] : []),
    );
  }

  /** The analysis step's findings, worst first, each with its evidence and next step. */
  setFindings(list: readonly Finding[] | undefined, live = false): void {
    this.findings.hidden = list === undefined;
    if (!list) {
      this.findings.replaceChildren();
      return;
    }
    const items = list.map((f) =>
      el(
        'li',
        { class: `finding finding-${f.severity}`, 'data-kind': f.kind },
        el('div', { class: 'finding-head' }, el('span', { class: 'severity' }, f.severity), ' ', el('strong', { class: 'finding-title' }, f.title), ...(f.endpoint ? [' · ', el('code', {}, f.endpoint)] : []), ...(f.pod ? [' · pod ', el('code', {}, f.pod)] : [])),
        el('div', { class: 'finding-detail' }, f.detail),
        el('div', { class: 'finding-next' }, 'Next: ', f.nextStep),
      ),
    );
    this.findings.replaceChildren(
      el('h2', {}, live ? `Findings so far (${list.length})` : `Findings (${list.length})`),
      list.length ? el('ul', { class: 'finding-list' }, ...items) : el('p', { class: 'empty' }, live ? 'Nothing found so far.' : 'No findings: nothing in this run needs attention.'),
    );
  }

  /** "Explain This Run": the model's answer as plain text (never parsed as markup). */
  setExplanation(x: Explanation | undefined): void {
    this.explanation.hidden = !x;
    if (!x) return;
    const heading = x.status === 'pending' ? 'Explaining…' : x.status === 'error' ? 'No explanation' : 'Explanation';
    this.explanation.dataset.status = x.status;
    this.explanation.replaceChildren(
      el('h2', {}, heading),
      ...(x.model ? [el('div', { class: 'explanation-model' }, `by ${x.model} — a language model; check it against the numbers above`)] : []),
      el('div', { class: 'explanation-text' }, x.text),
    );
  }

  /** The "vs baseline" line under the summary, coloured by whether each change is better or worse. */
  setComparison(c: BaselineComparison | undefined): void {
    this.comparison.hidden = !c;
    if (!c) {
      this.comparison.replaceChildren();
      return;
    }
    const deltas = (list: MetricDelta[]) => list.flatMap((d, i) => [...(i ? [' · '] : []), el('span', { class: `delta delta-${d.direction}`, 'data-metric': d.metric }, fmtDelta(d))]);
    const endpoints = c.endpoints.map((e) => el('li', {}, el('span', { class: 'endpoint-name' }, e.name), ': ', ...deltas(e.deltas)));
    this.comparison.replaceChildren(
      el('div', { class: 'comparison-line' }, el('strong', {}, `vs baseline ${c.baselineRunId}`), ': ', ...deltas(c.overall)),
      ...(endpoints.length ? [el('details', {}, el('summary', {}, `Endpoints in both runs (${endpoints.length})`), el('ul', { class: 'comparison-endpoints' }, ...endpoints))] : []),
    );
  }

  showToast(text: string): void {
    this.toast.textContent = text;
    this.toast.classList.add('visible');
    setTimeout(() => this.toast.classList.remove('visible'), 4000);
  }

  private tickClock(): void {
    const r = this.run;
    if (!r?.startedAt) {
      this.elapsed.textContent = '–';
      return;
    }
    this.elapsed.textContent = fmtElapsed((r.finishedAt ?? Date.now()) - r.startedAt);
  }
}
