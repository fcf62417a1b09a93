// The results panel in the webview: restores its last state at once (getState), says
// `ready`, then applies what the host posts. It never runs host-provided code or markup.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import type { HostMessage, PanelFilter, PanelState, WebviewMessage } from '../../src/core/panelProtocol';
import { Charts } from './charts';
import { applyHostMessage, fromPersisted, toPersisted } from './model';
import { onThemeChange, readTheme } from './theme';
import { PanelView } from './view';
import './results.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const runId = document.body.dataset.runId ?? '';
const restored = fromPersisted(vscode.getState());
const initialFilter = document.body.dataset.filter;
let filter: PanelFilter =
  restored?.runId === runId ? restored.filter : initialFilter === 'k6' || initialFilter === 'resources' ? initialFilter : 'all';
let state: PanelState | undefined = restored?.runId === runId ? restored.state : undefined;

const view = new PanelView(document.getElementById('app') ?? document.body, {
  onFilter(f) {
    filter = f;
    view.setFilter(f);
    persist();
    vscode.postMessage({ type: 'filter', filter: f });
  },
  onExport: (what) => vscode.postMessage({ type: 'export', what }),
  onExportPng: (chart) => vscode.postMessage({ type: 'export', what: 'png', chart, dataUrl: charts.toPng(chart) }),
  onOpenScript: () => vscode.postMessage({ type: 'openScript' }),
});
const charts = new Charts(view.canvases, readTheme());
onThemeChange(() => charts.applyTheme(readTheme()));

let persistTimer: ReturnType<typeof setTimeout> | undefined;
function persist(): void {
  persistTimer ??= setTimeout(() => {
    persistTimer = undefined;
    vscode.setState(toPersisted(runId, filter, state));
  }, 500);
}

/** Where the x axes start: the run's start, or its first window before it has started. */
const originOf = (s: PanelState) => s.run.startedAt ?? s.series[0]?.t ?? 0;
let origin = 0;

function drawCharts(s: PanelState): void {
  origin = originOf(s);
  charts.setOrigin(origin);
  charts.setSeries(s.series);
  charts.setResources(s.resources);
  charts.setFindings(s.summary?.findings ?? s.liveFindings ?? []);
}

/** The summary's findings once the run has ended; before that, those its windows already show. */
function showFindings(s: PanelState): void {
  const live = !s.summary && (s.liveFindings?.length ?? 0) > 0;
  view.setFindings(s.summary ? s.summary.findings : live ? s.liveFindings : undefined, live);
  charts.setFindings(s.summary?.findings ?? s.liveFindings ?? []);
}

function renderAll(s: PanelState): void {
  view.setRun(s.run);
  view.setLive(s.run, s.live);
  view.setBanner(s.banner);
  view.setSummary(s.summary);
  view.setComparison(s.summary ? s.comparison : undefined);
  showFindings(s);
  view.setExplanation(s.explanation);
  view.setEndpoints(s.endpoints);
  view.setResourceProblem(s.resourceProblem, s.resources.length > 0);
  drawCharts(s);
}

function handle(m: HostMessage): void {
  state = applyHostMessage(state, m);
  if (m.type === 'exported') {
    view.showToast(m.message);
    return;
  }
  if (!state) return;
  switch (m.type) {
    case 'state':
      renderAll(state);
      break;
    case 'series':
      view.setLive(state.run, state.live);
      if (originOf(state) !== origin) drawCharts(state);
      else charts.mergeSeries(m.from, m.points);
      break;
    case 'endpoints':
      view.setEndpoints(state.endpoints);
      break;
    case 'resources':
      charts.setResources(state.resources);
      view.setResourceProblem(state.resourceProblem, state.resources.length > 0);
      break;
    case 'run':
      view.setRun(state.run);
      view.setLive(state.run, state.live);
      if (originOf(state) !== origin) drawCharts(state);
      break;
    case 'live':
      view.setLive(state.run, state.live);
      break;
    case 'summary':
      view.setLive(state.run, state.live);
      view.setSummary(state.summary);
      view.setComparison(state.summary ? state.comparison : undefined);
      showFindings(state);
      view.setEndpoints(state.endpoints);
      break;
    case 'comparison':
      view.setComparison(state.summary ? state.comparison : undefined);
      break;
    case 'banner':
      view.setBanner(state.banner);
      break;
    case 'explanation':
      view.setExplanation(state.explanation);
      break;
    case 'liveFindings':
      showFindings(state);
      break;
  }
  persist();
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data as Partial<HostMessage> | null;
  if (m && typeof m === 'object' && typeof m.type === 'string') handle(m as HostMessage);
});

view.setFilter(filter);
if (state) renderAll(state);
vscode.postMessage({ type: 'ready' });
