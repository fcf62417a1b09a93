// The results panel's webview bundle in headless chromium, under the panel's real HTML
// shell and CSP: what it renders from host messages, what it asks the host for, and what
// survives a reload (getState/setState).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parseWebviewMessage, pngBytesFromDataUrl } from '../../../src/core/panelProtocol';
import { buildSummary } from '../../../src/core/metrics/summary';
import { aPanelState, aWindowPoint, chromiumArgs, darkTheme, openWebviewPage, type WebviewPage } from '../../support/webviewPage';

const out = path.resolve(__dirname, '../../../test-results');
const runId = 'mv-20260115-0001';

/** Pixels of a chart canvas that differ from transparent: a drawn chart has many. */
async function inkedPixels(w: WebviewPage, chart: string): Promise<number> {
  return (await w.page.evaluate(`(() => {
    const c = document.querySelector('[data-chart="${chart}"] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
    return n;
  })()`)) as number;
}

/** Pixels of a chart canvas in pure green (#00ff00), the colour the switched-to theme gives every line. */
async function greenPixels(w: WebviewPage, chart: string): Promise<number> {
  return (await w.page.evaluate(`(() => {
    const c = document.querySelector('[data-chart="${chart}"] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 200 && d[i + 2] < 60 && d[i + 3] > 200) n++;
    return n;
  })()`)) as number;
}

/** Pixels of a chart canvas within ±40 of an opaque colour, and the topmost row holding one. */
async function colourPixels(w: WebviewPage, chart: string, rgb: [number, number, number]): Promise<{ count: number; top: number }> {
  return (await w.page.evaluate(`(() => {
    const c = document.querySelector('[data-chart="${chart}"] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r, g, b] = ${JSON.stringify(rgb)};
    let count = 0, top = -1;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - g) < 40 && Math.abs(d[i + 2] - b) < 40) {
        count++;
        if (top < 0) top = Math.floor(i / 4 / c.width);
      }
    }
    return { count, top };
  })()`)) as { count: number; top: number };
}

describe('results panel webview (built bundle, headless chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let w: WebviewPage;

  before(async () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../../dist/webview/results.js'))) throw new Error('run "node esbuild.mjs" first');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    fs.mkdirSync(out, { recursive: true });
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    w = await openWebviewPage({ runId, browser });
  });
  afterEach(async () => w.close());

  it('says ready, then draws every chart and the endpoint table from the state the host posts, within its CSP', async () => {
    assert.deepEqual(await w.posted(), [{ type: 'ready' }]);
    await w.post({ type: 'state', state: aPanelState(900) });
    await w.page.waitForTimeout(200);
    for (const chart of ['throughput', 'latency', 'errors', 'data', 'cpu', 'memory']) {
      assert.ok((await inkedPixels(w, chart)) > 2000, `${chart} is drawn`);
    }
    assert.equal(await w.page.textContent('.run-id'), runId);
    assert.match((await w.page.textContent('.meta')) ?? '', /Target petstore\.test\.svc.*Engine job.*Script loadtests\/pets\.js/);
    const rows = await w.page.$$eval('vscode-table-row', (rs) => rs.map((r) => r.textContent?.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(rows, ['GET /pets4,2004261.2 ms0.00 %', 'GET /pets/{petId}2,5002533.9 ms0.40 %', 'POST /pets1,30013210.5 ms2.00 %']);
    assert.equal(await w.page.textContent('vscode-table-header-cell:nth-child(4)'), 'p95 (last 30 s)');
    assert.deepEqual(await w.cspViolations(), []);
    await w.page.screenshot({ path: path.join(out, 'results-panel-webview.png'), fullPage: true });
  });

  it('shows a "metrics delayed" banner and clears it when metrics flow again', async () => {
    await w.post({ type: 'state', state: aPanelState(60) });
    await w.post({ type: 'banner', banner: { kind: 'delayed', message: 'Metrics delayed: InfluxDB at http://127.0.0.1:8086 is unreachable (ECONNREFUSED).' } });
    assert.ok(await w.page.isVisible('.banner'));
    assert.match((await w.page.textContent('.banner')) ?? '', /Metrics delayed/);
    await w.post({ type: 'series', from: aPanelState(60).series[58].t, points: [aWindowPoint(aPanelState(60).series[58].t, 58)], live: 'live' });
    await w.post({ type: 'banner' });
    assert.equal(await w.page.isVisible('.banner'), false);
  });

  it('explains empty resource charts (metrics-server not found) instead of drawing nothing', async () => {
    const message = 'metrics-server not found: the cluster does not serve metrics.k8s.io, so live CPU/memory usage is unavailable.';
    await w.post({ type: 'state', state: aPanelState(60, { resources: [], resourceProblem: { kind: 'metrics-server-missing', message } }) });
    for (const chart of ['cpu', 'memory']) {
      assert.ok(await w.page.isVisible(`[data-chart="${chart}"] .note`));
      assert.equal(await w.page.textContent(`[data-chart="${chart}"] .note`), message);
    }
    assert.equal(await w.page.isVisible('[data-chart="latency"] .note'), false);
    // The note takes the chart's place: no axis labels drawn under it.
    for (const chart of ['cpu', 'memory']) {
      assert.equal(await w.page.evaluate(`getComputedStyle(document.querySelector('[data-chart="${chart}"] canvas')).visibility`), 'hidden');
    }
  });

  it("p95 is the line to see: over p99 where they meet, wider than the rest, solid even when the theme's chart colours are translucent", async () => {
    await w.close();
    // Some themes make charts.orange translucent; every line must still draw solid.
    const translucent = { '--vscode-charts-orange': '#d1861640', '--vscode-charts-blue': '#3794ff80' };
    w = await openWebviewPage({ runId, browser, theme: { ...darkTheme, ...translucent } });
    const state = aPanelState(120);
    // p99 equal to p95 over the whole run: the two lines lie on each other.
    state.series = state.series.map((p) => ({ ...p, p99: p.p95 }));
    await w.post({ type: 'state', state });
    await w.page.waitForTimeout(200);
    const p95 = await colourPixels(w, 'latency', [0x37, 0x94, 0xff]);
    const p99 = await colourPixels(w, 'latency', [0xf1, 0x4c, 0x4c]);
    const p50 = await colourPixels(w, 'latency', [0x89, 0xd1, 0x85]);
    assert.ok(p95.count > 2 * p99.count, `p95 drawn over p99: ${p95.count} vs ${p99.count} px`);
    assert.ok(p95.count > p50.count, `p95 wider than p50: ${p95.count} vs ${p50.count} px`);
  });

  it('draws the latency lines of a slow endpoint whose responses land every other second (windows without a percentile)', async () => {
    const state = aPanelState(20);
    state.series = state.series.map((p, i) => (i % 2 ? { ...p, requests: 0, rps: 0, p50: null, p90: null, p95: null, p99: null, max: null } : { ...p, p50: 800, p90: 810, p95: 820 + i, p99: 830 }));
    await w.post({ type: 'state', state });
    await w.page.waitForTimeout(200);
    const p95 = await colourPixels(w, 'latency', [0x37, 0x94, 0xff]);
    assert.ok(p95.count > 500, `p95 line drawn across the empty windows: ${p95.count} px`);
  });

  it('a constant VUs line sits below the top of the chart, not on its border', async () => {
    const state = aPanelState(120);
    state.series = state.series.map((p) => ({ ...p, vus: 5 }));
    await w.post({ type: 'state', state });
    await w.page.waitForTimeout(200);
    const vus = await colourPixels(w, 'throughput', [0xb1, 0x80, 0xd7]);
    const grid = await w.page.evaluate(`(() => {
      const c = document.querySelector('[data-chart="throughput"] canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      // The topmost full-width grid line is the top of the plot area.
      for (let y = 0; y < c.height; y++) {
        let n = 0;
        for (let x = 0; x < c.width; x++) if (d[(y * c.width + x) * 4 + 3] > 0) n++;
        if (n > c.width * 0.6) return y;
      }
      return -1;
    })()`);
    assert.ok(vus.count > 100, 'the VUs line is drawn');
    assert.ok(vus.top - (grid as number) >= 8, `VUs line at row ${vus.top}, plot top at ${grid as number}`);
  });

  it('when the run ends, "● live" goes and the empty endpoint table no longer says "No requests yet."', async () => {
    const state = aPanelState(30, { endpoints: { rows: [] } });
    await w.post({ type: 'state', state });
    assert.equal(await w.page.textContent('.live'), '● live');
    assert.equal(await w.page.textContent('.endpoints .empty'), 'No requests yet.');
    await w.post({ type: 'run', run: { ...state.run, state: 'finished', finishedAt: Date.now() } });
    assert.equal(await w.page.textContent('.live'), '');
    assert.equal(await w.page.textContent('.endpoints .empty'), 'No requests were recorded for this run.');
  });

  it('filters all | k6 only | resources only, tells the host, and keeps the filter and the charts across a reload', async () => {
    await w.post({ type: 'state', state: aPanelState(120) });
    await w.page.click('vscode-single-select');
    await w.page.getByRole('option', { name: 'k6 only' }).click();
    assert.equal(await w.page.isVisible('[data-chart="cpu"]'), false);
    assert.equal(await w.page.isVisible('[data-chart="latency"]'), true);
    assert.deepEqual((await w.posted()).slice(-1), [{ type: 'filter', filter: 'k6' }]);

    await w.reload();
    // Restored from getState before the host has answered `ready`.
    assert.deepEqual(await w.posted(), [{ type: 'ready' }]);
    assert.equal(await w.page.textContent('.run-id'), runId);
    assert.equal(await w.page.isVisible('[data-chart="cpu"]'), false);
    assert.ok((await inkedPixels(w, 'latency')) > 2000);
    const stored = (await w.storedState()) as { runId: string; filter: string; state: { series: unknown[] } };
    assert.equal(stored.runId, runId);
    assert.equal(stored.filter, 'k6');
    assert.equal(stored.state.series.length, 120);
  });

  it('exports a chart as a PNG the host accepts', async () => {
    await w.post({ type: 'state', state: aPanelState(300) });
    await w.page.click('[data-chart="latency"] vscode-button');
    const posted = (await w.posted()).slice(-1)[0];
    const m = parseWebviewMessage(posted);
    assert.ok(m && m.type === 'export' && m.what === 'png' && m.chart === 'latency');
    const bytes = pngBytesFromDataUrl(m.dataUrl);
    assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47]);
    assert.ok(bytes.length > 5000);
    await w.post({ type: 'exported', what: 'png', ok: true, message: 'Saved latency.png' });
    assert.equal(await w.page.textContent('.toast'), 'Saved latency.png');
  });

  it('shows the summary with its verdict and thresholds, and offers JSON/CSV export only then', async () => {
    await w.post({ type: 'state', state: aPanelState(60) });
    assert.ok(await w.page.$('vscode-button[disabled]:has-text("Export JSON")'));
    const summary = buildSummary(runId, {
      extent: { start: Date.UTC(2026, 0, 15, 10), end: Date.UTC(2026, 0, 15, 10, 1) },
      requests: 6000,
      failed: 12,
      iterations: 6000,
      dataSent: 1,
      dataReceived: 1,
      latency: { p50: 20, p90: 42, p95: 56, p99: 80.5, max: 300, avg: 25 },
      vusMax: 20,
      endpoints: [{ name: 'GET /pets', requests: 6000, failed: 12, p95: 56 }],
    }, { thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<50', actual: 56, ok: false }] });
    await w.post({ type: 'run', run: { ...aPanelState(1).run, state: 'finished', finishedAt: Date.UTC(2026, 0, 15, 10, 1) } });
    await w.post({ type: 'summary', summary });
    assert.equal(await w.page.textContent('.verdict'), 'Failed');
    assert.match((await w.page.textContent('.stats')) ?? '', /Requests6,000.*p9556\.0 ms.*Errors0\.20 %/);
    assert.match((await w.page.textContent('.thresholds')) ?? '', /✗ http_req_duration: p\(95\)<50 \(actual 56\)/);
    assert.equal(await w.page.textContent('vscode-table-header-cell:nth-child(4)'), 'p95 (whole run)');
    await w.page.click('vscode-button:has-text("Export CSV")');
    assert.deepEqual((await w.posted()).slice(-1), [{ type: 'export', what: 'csv' }]);
  });

  it('redraws every chart in the new colours when VS Code switches theme, the CPU and memory charts too', async () => {
    await w.post({ type: 'state', state: aPanelState(120) });
    await w.page.waitForTimeout(100);
    const charts = ['throughput', 'latency', 'cpu', 'memory'];
    for (const chart of charts) assert.equal(await greenPixels(w, chart), 0, `${chart} starts in the dark theme's colours`);
    // What VS Code does on a theme switch: new --vscode-* variables, a new body class.
    await w.page.evaluate(`(() => {
      for (const c of ['blue', 'red', 'green', 'yellow', 'orange', 'purple']) document.documentElement.style.setProperty('--vscode-charts-' + c, '#00ff00');
      document.body.classList.replace('vscode-dark', 'vscode-light');
    })()`);
    await w.page.waitForTimeout(100);
    for (const chart of charts) assert.ok((await greenPixels(w, chart)) > 200, `${chart} is drawn in the new theme's colours`);
  });

  it('never renders host text as markup', async () => {
    const state = aPanelState(10);
    state.endpoints.rows[0].name = '<img src=x onerror="window.__pwned=1">';
    state.run.scriptPath = '<b>bold</b>';
    await w.post({ type: 'state', state });
    assert.equal(await w.page.$('img'), null);
    assert.equal(await w.page.textContent('.script'), '<b>bold</b>');
    assert.equal(await w.page.evaluate('window.__pwned'), undefined);
  });
});
