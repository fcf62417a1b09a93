// The built results-panel bundle (dist/webview/results.js + .css) in headless chromium,
// with what a VS Code webview provides around it: acquireVsCodeApi() (postMessage,
// getState/setState) and the theme's --vscode-* CSS variables on the document.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { PanelState, ResourceMessage, WindowPoint } from '../../src/core/panelProtocol';
import { makeNonce, renderPanelHtml } from '../../src/vscode/results/html';

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
  /** Messages the panel posted to the host so far (since the last load). */
  posted(): Promise<unknown[]>;
  /** What the panel last stored with setState. */
  storedState(): Promise<unknown>;
  /** Reloads the page as VS Code does when a hidden panel is shown again, keeping setState's value. */
  reload(): Promise<void>;
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Serves the panel's real HTML shell (with its CSP and nonce) and the built bundle on
 * loopback, so the bundle runs under the same policy as in VS Code. acquireVsCodeApi is
 * installed before any page script, its state kept in sessionStorage across reloads.
 */
export async function openWebviewPage(options: { runId: string; theme?: Record<string, string>; width?: number; browser?: Browser; filter?: string }): Promise<WebviewPage> {
  const js = path.join(dist, 'results.js');
  if (!fs.existsSync(js)) throw new Error(`${js} is missing: run "node esbuild.mjs" first`);
  const width = options.width ?? 1200;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const page = renderPanelHtml({ cspSource: origin, scriptUri: `${origin}/results.js`, styleUri: `${origin}/results.css`, nonce: makeNonce(), runId: options.runId, filter: options.filter });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(page);
      return;
    }
    const files: Record<string, string> = { '/results.js': 'results.js', '/results.css': 'results.css' };
    const file = files[url.pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
    res.end(fs.readFileSync(path.join(dist, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = options.browser ?? (await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs }));
  const page = await browser.newPage({ viewport: { width: width + 40, height: 1400 } });
  // Page-side code is passed as strings: tsx would otherwise wrap these functions in helpers
  // (__name) that do not exist in the page.
  // VS Code sets the theme's variables on <html> and a theme class on <body> from script
  // (CSSOM, which the panel's CSP allows), so does this.
  await page.addInitScript(`(() => {
    const theme = ${JSON.stringify(options.theme ?? darkTheme)};
    const apply = () => {
      const html = document.documentElement;
      if (html && !html.dataset.themed) {
        html.dataset.themed = '1';
        for (const [k, v] of Object.entries(theme)) html.style.setProperty(k, v);
      }
      if (document.body && !document.body.classList.contains('vscode-dark')) {
        document.body.classList.add('vscode-dark');
        document.body.style.width = '${width}px';
      }
      return !!document.body;
    };
    if (!apply()) {
      const o = new MutationObserver(() => { if (apply()) o.disconnect(); });
      o.observe(document, { childList: true, subtree: true });
    }
    window.__posted = [];
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => { const s = sessionStorage.getItem('vscode-state'); return s === null ? undefined : JSON.parse(s); },
      setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
    });
  })()`);
  await page.goto(url);
  return {
    page,
    async post(message) {
      await page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(message)} }))`);
    },
    posted: () => page.evaluate('window.__posted') as Promise<unknown[]>,
    storedState: () => page.evaluate(`(() => { const s = sessionStorage.getItem('vscode-state'); return s === null ? undefined : JSON.parse(s); })()`),
    async reload() {
      // setState is debounced by the panel; let it land first.
      await page.waitForTimeout(700);
      await page.reload();
    },
    cspViolations: () => page.evaluate('window.__csp') as Promise<string[]>,
    async close() {
      await page.close();
      if (!options.browser) await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
  // A run that started `points` seconds ago and is still going.
  const start = Math.floor(Date.now() / 1000) * 1000 - points * 1000;
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
