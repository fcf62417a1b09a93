// The user's journey, whole, in a real VS Code (code-server): a route's lens → Create Load Test
// (a profile, 3 VUs, edited to 20 s) → Run in Cluster (or Run Locally) → the results panel
// opens by itself and goes live (requests/s, p95 and VUs drawn while k6 runs) → the finished
// summary shows the numbers k6 itself reported at the end (its handleSummary JSON) → the
// route's lens shows the last result → Set as Baseline → run again → the comparison.
// Nothing is seeded: the k6 stand-in (test/support/fakeK6) really runs the generated script
// against the demo API on loopback and writes k6's InfluxDB points into a real influxd; in the
// cluster, the pod runner runs the Job's pod from its ConfigMap: on the local control plane when
// it is built (the real Job controller ends the Job), else on the fake API server.
// Screenshots of each step go to test-results/journey-*.png.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { startDemoApi, type DemoApi } from '../../demo-api/server';
import { registerExternalServer } from '../../src/app/endpoints/servers';
import { type LoadProfileId, loadProfiles } from '../../src/core/k6';
import { suggestScriptFileName } from '../../src/core/k6/fileName';
import { formatLastResult } from '../../src/core/routes/lastResult';
import type { RunRecord } from '../../src/core/model';
import { Store } from '../../src/infra/store/store';
import { fmtMs, fmtNumber, fmtPercent } from '../../webview-ui/src/format';
import { launchWorkbench, type Workbench } from '../support/codeServer';
import { type E2eCluster, e2eClusterKind, podWorkDirs, startE2eCluster } from '../support/e2eCluster';
import { type InfluxdServer, startInfluxd } from '../support/influxd';

const demo = path.resolve(__dirname, '../../demo');
const k6 = path.resolve(__dirname, '../support/fakeK6/k6');

/** A route handler in the demo workspace: file name, path in the workspace, text on its line. */
interface RouteFile {
  name: string;
  path: string;
  line: string;
}

/** What k6 reported at the end of a run (its handleSummary `data`). */
interface K6Summary {
  metrics: Record<string, { values: Record<string, number> } | undefined>;
}

describe(`The user journey (${e2eClusterKind()}): lens → script → run → live charts → summary → baseline → comparison`, function () {
  this.timeout(420_000);
  let api: DemoApi;
  let influx: InfluxdServer;
  let cluster: E2eCluster;
  let wb: Workbench;
  let workspace: string;
  let podsDir: string;

  before(async () => {
    api = await startDemoApi({ failRate: 0.1 });
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    podsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-journey-pods-'));
    cluster = await startE2eCluster({ fakeJobs: 'pod-runner', k6Path: k6, influxUrl: influx.url, workDir: podsDir });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-journey-'));
    fs.cpSync(demo, workspace, { recursive: true });
    wb = await launchWorkbench({
      workspace,
      env: { KUBECONFIG: cluster.kubeconfigPath },
      settings: {
        'metricVault.influx.url': influx.url,
        // The k6 pods run on this machine (the pod runner), so they reach InfluxDB on loopback.
        'metricVault.influx.inClusterUrl': influx.url,
        'metricVault.k6.path': k6,
        'metricVault.refreshIntervalSeconds': 1,
      },
      prepare: async ({ globalStorageDir }) => {
        const { store } = Store.open(path.join(globalStorageDir, 'metric-vault.db'));
        try {
          await registerExternalServer(store, { id: 'ext:demo-api', name: 'Demo API', baseUrl: api.url, specUrl: `${api.url}/openapi.json` });
        } finally {
          store.close();
        }
      },
    });
  });

  after(async () => {
    await wb?.close();
    await cluster?.close();
    await influx?.close();
    await api?.close();
    for (const dir of [workspace, podsDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`journey-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(await wb?.notifications(), wb?.extensionLog().slice(-4000));
    }
  });

  const lens = (text: string | RegExp) => wb.page.locator('.codelens-decoration a', { hasText: text }).first();

  /** Opens a workspace file with its line holding `text` in view (lenses render only on screen). */
  async function openAt(file: string, relPath: string, text: string): Promise<void> {
    await wb.openFile(file);
    const line = fs.readFileSync(path.join(workspace, relPath), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
    await wb.page.keyboard.press('Control+G');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await wb.page.keyboard.press('Enter');
  }

  /** The newest run in the extension's database. */
  function latestRun(): RunRecord | undefined {
    const { store } = Store.open(path.join(wb.globalStorageDir, 'metric-vault.db'));
    try {
      return store.runs.list(1)[0];
    } finally {
      store.close();
    }
  }

  async function waitForNewRun(before: string | undefined): Promise<RunRecord> {
    for (let i = 0; i < 120; i++) {
      const r = latestRun();
      if (r && r.id !== before) return r;
      await wb.page.waitForTimeout(500);
    }
    throw new Error('no run was recorded');
  }

  /** The results panel's document for a run (its webview frame, found by the run id it shows). */
  async function panel(runId: string): Promise<Frame> {
    for (let i = 0; i < 120; i++) {
      for (const f of wb.page.frames()) {
        const id = await f.locator('.run-id').textContent({ timeout: 50 }).catch(() => null);
        if (id === runId) return f;
      }
      await wb.page.waitForTimeout(500);
    }
    throw new Error(`the results panel of ${runId} did not open`);
  }

  /** Pixels of a chart canvas in one colour (±40 per channel, opaque). */
  async function colourPixels(p: Frame, chart: string, [r, g, b]: [number, number, number]): Promise<number> {
    return (await p.evaluate(`(() => {
      const c = document.querySelector('[data-chart="${chart}"] canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - ${r}) < 40 && Math.abs(d[i + 1] - ${g}) < 40 && Math.abs(d[i + 2] - ${b}) < 40) n++;
      return n;
    })()`)) as number;
  }

  async function stat(p: Frame, label: string): Promise<string> {
    return (await p.locator('.stat', { has: p.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.stat-value').textContent()) ?? '';
  }

  /** Profile (1/3) by name, size (2/3) "3" virtual users, duration (3/3) edited to 20s. */
  async function pickLoad(profile: string): Promise<void> {
    const step = (n: string) => wb.page.locator('.quick-input-widget .quick-input-title', { hasText: n }).waitFor({ state: 'visible', timeout: 30000 });
    const input = wb.page.locator('.quick-input-widget input');
    await step('(1/3)');
    await input.fill(profile);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: profile }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    for (const [n, value] of [['(2/3)', '3'], ['(3/3)', '20s']] as const) {
      await step(n);
      await input.fill('Custom');
      await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Custom…' }).first().waitFor();
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForTimeout(300);
      await input.fill(value);
      await wb.page.keyboard.press('Enter');
    }
  }

  /**
   * Presses a script lens. A cluster run of a loopback BASE_URL asks first (the pods here do
   * share this machine): the first time the user answers "Continue, Don't Ask Again", so the
   * second run of the same URL must start without the question.
   */
  async function startRun(where: 'cluster' | 'local', scriptName: string, loopbackQuestion: 'asked' | 'remembered'): Promise<RunRecord> {
    const before = latestRun()?.id;
    await wb.openFile(scriptName);
    await lens(where === 'cluster' ? 'Run in Cluster' : 'Run Locally').click({ timeout: 60000 });
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'loopback address' });
    if (where === 'cluster' && loopbackQuestion === 'asked') {
      await dialog.waitFor({ timeout: 30000 });
      await wb.screenshot('journey-cluster-loopback-warning');
      await dialog.locator('.monaco-button', { hasText: "Don't Ask Again" }).click();
    }
    const run = await waitForNewRun(before);
    assert.equal(await dialog.count(), 0, 'no loopback question is left open once the run started');
    return run;
  }

  /** While k6 runs: "● live", non-zero requests/s in the table, requests/s, p95 and VUs lines drawn. */
  async function checkLive(p: Frame, shot: string): Promise<void> {
    await p.locator('.live', { hasText: '● live' }).waitFor({ timeout: 60000 });
    let seen = '';
    const until = Date.now() + 60_000;
    while (Date.now() < until && (await p.locator('.verdict').count()) === 0) {
      const rps = Number(((await p.locator('vscode-table-row vscode-table-cell').nth(2).textContent({ timeout: 1000 }).catch(() => '0')) ?? '0').replace(/[^\d.]/g, ''));
      const p95 = await colourPixels(p, 'latency', [0x37, 0x94, 0xff]);
      const vus = await colourPixels(p, 'throughput', [0xb1, 0x80, 0xd7]);
      seen = `req/s ${rps}, p95 line ${p95} px, VUs line ${vus} px`;
      if (rps > 0 && p95 > 150 && vus > 150) {
        assert.equal(await p.locator('.live').textContent(), '● live', 'still running');
        // A few more seconds of the 20 s run, so the picture shows the run under way.
        await wb.page.waitForTimeout(6000);
        await wb.screenshot(shot);
        return;
      }
      await wb.page.waitForTimeout(300);
    }
    throw new Error(`the live panel never showed non-zero req/s with p95 and VUs lines while k6 ran (last: ${seen})`);
  }

  /** The finished summary shows what k6 reported at its end: requests, error rate and p95. */
  async function checkSummary(p: Frame, k6Summary: K6Summary, shot: string): Promise<void> {
    await p.locator('.verdict').waitFor({ timeout: 90000 });
    const m = k6Summary.metrics;
    const requests = m.http_reqs?.values.count ?? 0;
    assert.ok(requests > 10, `k6 sent ${requests} requests`);
    assert.equal(await stat(p, 'Requests'), fmtNumber(requests, 0));
    assert.equal(await stat(p, 'Errors'), fmtPercent(m.http_req_failed?.values.rate ?? 0));
    assert.equal(await stat(p, 'p95'), fmtMs(m.http_req_duration?.values['p(95)']));
    assert.equal(await p.locator('.live').textContent(), '', '"● live" is gone once the run ended');
    await wb.page.waitForTimeout(300);
    await wb.screenshot(shot);
  }

  async function checkLens(route: string, routeFile: RouteFile, k6Summary: K6Summary, shot: string): Promise<void> {
    const m = k6Summary.metrics;
    const expected = formatLastResult({ p95Ms: m.http_req_duration?.values['p(95)'], errorRate: m.http_req_failed?.values.rate, at: Date.now(), failed: false }, Date.now());
    await openAt(routeFile.name, routeFile.path, routeFile.line);
    await lens(`Load test ${route}`).waitFor({ timeout: 60000 });
    await lens(expected.replace(/ · just now$/, '')).waitFor({ timeout: 60000 });
    await wb.screenshot(shot);
  }

  async function setAsBaseline(route: string, engine: 'job' | 'local'): Promise<void> {
    await wb.openMetricVault();
    const header = wb.page.locator('.pane-header[aria-label^="Runs"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // Newest first: the first finished row of this route and engine is the run just ended.
    const row = wb.view('Runs').locator('.monaco-list-row', { hasText: new RegExp(`(passed|thresholds failed) · ${route.replace(/[/{}]/g, '\\$&')} · ${engine}`) }).first();
    await row.waitFor({ timeout: 60000 });
    const marked = wb.view('Runs').locator('.monaco-list-row', { hasText: new RegExp(`baseline · .*${route.replace(/[/{}]/g, '\\$&')} · ${engine}`) }).first();
    // The context menu can swallow a click while it opens: try again until the row is marked.
    for (let attempt = 0; attempt < 3 && !(await marked.isVisible()); attempt++) {
      await row.click({ button: 'right' });
      // Hover then Enter (as the Pods view test does): a click can land while the menu is still opening and be lost.
      const item = wb.page.getByRole('menuitem', { name: 'Set as Baseline' });
      await item.hover({ timeout: 20000 });
      await wb.page.keyboard.press('Enter');
      await marked.waitFor({ timeout: 10000 }).catch(() => undefined);
    }
    await marked.waitFor({ timeout: 1000 });
  }

  async function journey(where: 'cluster' | 'local', route: string, routeFile: RouteFile, profile: LoadProfileId, readK6Summary: (run: RunRecord) => K6Summary): Promise<void> {
    const tag = `journey-${where}`;
    await openAt(routeFile.name, routeFile.path, routeFile.line);
    // A click that lands while the extension is still activating runs nothing: click again.
    const profileStep = wb.page.locator('.quick-input-widget .quick-input-title', { hasText: '(1/3)' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await lens(`Load test ${route}`).click({ timeout: 60000 });
      if (await profileStep.waitFor({ state: 'visible', timeout: 15000 }).then(() => true, () => false)) break;
    }
    await pickLoad(loadProfiles[profile].label);
    const [method, routePath] = route.split(' ');
    const scriptName = suggestScriptFileName({ method, path: routePath }, profile);
    await wb.page.locator('.tab.active', { hasText: scriptName }).first().waitFor({ timeout: 30000 });
    const text = fs.readFileSync(path.join(workspace, 'loadtests', scriptName), 'utf8');
    assert.match(text, /3 virtual users for 20s/, 'the script runs 3 VUs for the 20 s picked');
    await wb.screenshot(`${tag}-1-script`);

    const first = await startRun(where, scriptName, 'asked');
    const p1 = await panel(first.id);
    await checkLive(p1, `${tag}-2-live`);
    await checkSummary(p1, await waitForK6Summary(() => readK6Summary(first)), `${tag}-3-summary`);
    await checkLens(route, routeFile, readK6Summary(first), `${tag}-4-lens`);
    await setAsBaseline(route, where === 'cluster' ? 'job' : 'local');
    await wb.screenshot(`${tag}-5-baseline`);

    const second = await startRun(where, scriptName, 'remembered');
    const p2 = await panel(second.id);
    await checkLive(p2, `${tag}-6-live-again`);
    await checkSummary(p2, await waitForK6Summary(() => readK6Summary(second)), `${tag}-7-summary-again`);
    const line = p2.locator('.comparison-line');
    await line.waitFor({ timeout: 30000 });
    assert.match((await line.textContent()) ?? '', new RegExp(`vs baseline ${first.id}: Successful req/s .*p95 .*Errors`));
    await wb.page.waitForTimeout(300);
    await wb.screenshot(`${tag}-8-comparison`);
  }

  async function waitForK6Summary(read: () => K6Summary): Promise<K6Summary> {
    let last: unknown;
    for (let i = 0; i < 120; i++) {
      try {
        return read();
      } catch (err) {
        last = err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  /** k6's summary.json written by the generated handleSummary in the run's pod (its working dir). */
  function podSummary(run: RunRecord): K6Summary {
    const dirs = podWorkDirs(cluster, run.id);
    assert.equal(dirs.length, 1, `one pod of ${run.id}: ${dirs.join(', ')}`);
    return JSON.parse(fs.readFileSync(path.join(dirs[0], 'summary.json'), 'utf8')) as K6Summary;
  }

  /** k6's summary.json of a local run: beside the script (k6's working directory), fresh since the run started. */
  function localSummary(run: RunRecord): K6Summary {
    const file = path.join(workspace, 'loadtests', 'summary.json');
    const st = fs.statSync(file);
    if (st.mtimeMs < (run.startedAt ?? run.createdAt)) throw new Error('summary.json is from an earlier run');
    return JSON.parse(fs.readFileSync(file, 'utf8')) as K6Summary;
  }

  it('in the cluster: a k6 Job pod runs the script; live charts, k6-exact summary, lens, baseline, comparison', async () => {
    await journey('cluster', 'GET /flaky', { name: 'app.js', path: 'server/app.js', line: "'/flaky'" }, 'average', podSummary);
  });

  it('locally: the k6 of metricVault.k6.path runs the script; the same journey', async () => {
    await journey('local', 'GET /slow', { name: 'main.py', path: 'app/main.py', line: '"/slow"' }, 'smoke', localSummary);
  });
});
