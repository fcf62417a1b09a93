// The built results-panel bundle (dist/webview/results.js + .css) in headless chromium,
// with what a VS Code webview provides around it: acquireVsCodeApi() (postMessage,
// getState/setState) and the theme's --vscode-* CSS variables on the document.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { PanelState, ResourceMessage, WindowPoint } from '../../src/core/panelProtocol';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const dist = path.resolve(__dirname, '../../dist/webview');

/** A subset of VS Code's Dark Modern theme variables. */
export const darkTheme: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

export interface WebviewPage {
  page: Page;
  /** Delivers a host message the way VS Code does (a window `message` event). */
  post(message: unknown): Promise<void>;
  /** Messages the panel posted to the host so far. */
  posted(): Promise<unknown[]>;
  /** What the panel last stored with setState. */
  storedState(): Promise<unknown>;
  /** Reloads the page as VS Code does when a hidden panel is shown again, keeping setState's value. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

function html(runId: string, theme: Record<string, string>, width: number): string {
  const vars = Object.entries(theme)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  return `<!DOCTYPE html><html style="${vars}"><head><meta charset="utf-8"><style>body { width: ${width}px; }</style></head>
<body class="vscode-dark" data-run-id="${runId}"><div id="app"></div></body></html>`;
}

export async function openWebviewPage(options: { runId: string; theme?: Record<string, string>; width?: number; browser?: Browser } = { runId: 'mv-1' }): Promise<WebviewPage> {
  const js = path.join(dist, 'results.js');
  if (!fs.existsSync(js)) throw new Error(`${js} is missing: run "node esbuild.mjs" first`);
  const browser = options.browser ?? (await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs }));
  const width = options.width ?? 1200;
  const page = await browser.newPage({ viewport: { width: width + 40, height: 1400 } });
  let stored: unknown = undefined;
  // Page-side code is passed as strings: tsx would otherwise wrap these functions in
  // helpers (__name) that do not exist in the page.
  const load = async () => {
    await page.setContent(html(options.runId, options.theme ?? darkTheme, width));
    await page.evaluate(`(() => {
      window.__posted = [];
      window.__state = ${JSON.stringify(stored ?? null)} ?? undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      });
    })()`);
    await page.addStyleTag({ path: path.join(dist, 'results.css') });
    await page.addScriptTag({ path: js });
  };
  await load();
  return {
    page,
    async post(message) {
      await page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(message)} }))`);
    },
    posted: () => page.evaluate('window.__posted') as Promise<unknown[]>,
    storedState: () => page.evaluate('window.__state'),
    async reload() {
      // setState is debounced by the panel; let it land first.
      await page.waitForTimeout(700);
      stored = await page.evaluate('window.__state');
      await load();
    },
    async close() {
      await page.close();
      if (!options.browser) await browser.close();
    },
  };
}


/** A plausible live window: load rising, a latency bump, a few errors. */
export function aWindowPoint(t: number, i: number): WindowPoint {
  const rps = 80 + 20 * Math.sin(i / 30);
  const p50 = 20 + 5 * Math.sin(i / 10);
  return {
    t,
    requests: rps,
    failed: i % 17 === 0 ? 3 : 0,
    rps,
    errorRate: i % 17 === 0 ? 3 / rps : 0,
    p50,
    p90: p50 * 2.1,
    p95: p50 * 2.8,
    p99: p50 * 4 + (i % 50 === 0 ? 200 : 0),
    max: p50 * 6,
    vus: Math.min(20, 1 + Math.floor(i / 10)),
    sentPerSec: rps * 110,
    receivedPerSec: rps * 620,
  };
}

export function aResourceMessage(pod: string, ts: number, i: number, predicted = false): ResourceMessage {
  const cpu = 180 + 120 * Math.sin(i / 8);
  const mem = 210 + i * 0.8;
  return {
    pod,
    ts,
    usage: { cpu_percent: (cpu / 500) * 100, memory_percent: (mem / 512) * 100, cpu_is_predicted: predicted, memory_is_predicted: predicted },
    actual_usage: { cpu_millicores: cpu, memory_mb: mem },
    specs: { cpu_request_millicores: 250, cpu_limit_millicores: 500, memory_request_mb: 256, memory_limit_mb: 512 },
  };
}

export function aPanelState(points: number, over: Partial<PanelState> = {}): PanelState {
  const start = Date.UTC(2026, 0, 15, 10, 0, 0);
  const series = Array.from({ length: points }, (_, i) => aWindowPoint(start + i * 1000, i));
  const resources: ResourceMessage[] = [];
  for (let i = 0; i * 5 < points; i++) {
    resources.push(aResourceMessage('petstore-7d9f-abc12', start + i * 5000, i, i === 7));
  }
  return {
    run: { id: 'mv-20260115-0001', state: 'running', engine: 'job', scriptPath: 'loadtests/pets.js', target: 'petstore.test.svc', startedAt: start },
    live: 'live',
    windowMs: 1000,
    series,
    endpoints: {
      rows: [
        { name: 'GET /pets', count: 4200, rps: 42, p95: 61.2, errorRate: 0 },
        { name: 'GET /pets/{petId}', count: 2500, rps: 25, p95: 33.9, errorRate: 0.004 },
        { name: 'POST /pets', count: 1300, rps: 13, p95: 210.5, errorRate: 0.02 },
      ],
      p95WindowSeconds: 30,
    },
    resources,
    ...over,
  };
}
