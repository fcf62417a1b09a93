// The results panel in a real VS Code (code-server), filled from a real InfluxDB (influxd
// 1.6.7 on loopback) seeded as k6 writes: a finished run opens from SQLite and InfluxDB alone
// (its summary computed and stored), a running run streams live and shows "metrics delayed"
// while InfluxDB is down, then catches up; the panel comes back after a window reload.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Store } from '../../src/infra/store/store';
import { launchWorkbench, type Workbench } from '../support/codeServer';
import { activeWebview, openResults as openResultsIn } from '../support/resultsPanel';
import { type InfluxdServer, startInfluxd } from '../support/influxd';
import { k6Run, petstoreEndpoints } from '../support/k6Seed';

const doneId = 'mv-e2e-finished';
const liveId = 'mv-e2e-live';
const baselineId = 'mv-e2e-baseline';

describe('Results panel in a real VS Code (code-server) with a real InfluxDB', () => {
  let influx: InfluxdServer;
  let wb: Workbench;
  let writer: ReturnType<typeof setInterval> | undefined;
  let finishedRequests = 0;
  const liveStart = Math.floor(Date.now() / 1000) * 1000 - 20_000;

  before(async () => {
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    const finishedStart = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
    const finished = k6Run({ testid: doneId, start: finishedStart, durationSeconds: 90, rps: 20, vus: 10, endpoints: petstoreEndpoints, seed: 7 });
    finishedRequests = finished.requests.length;
    await influx.write('k6', finished.lines);
    // The live run: its past 20 seconds now, then one second of points each second, as k6 pushes.
    await influx.write('k6', k6Run({ testid: liveId, start: liveStart, durationSeconds: 20, rps: 15, vus: 5, endpoints: petstoreEndpoints, seed: 8 }).lines);
    let next = liveStart + 20_000;
    let pending: string[] = [];
    writer = setInterval(() => {
      while (next + 1000 <= Date.now()) {
        pending = pending.concat(k6Run({ testid: liveId, start: next, durationSeconds: 1, rps: 15, vus: 5, endpoints: petstoreEndpoints, seed: next / 1000 }).lines);
        next += 1000;
      }
      const batch = pending;
      pending = [];
      // While influxd is down the points wait here, as a k6 output buffer would.
      influx.write('k6', batch).catch(() => (pending = batch.concat(pending)));
    }, 1000);
    wb = await launchWorkbench({
      settings: { 'metricVault.influx.url': influx.url, 'metricVault.refreshIntervalSeconds': 1 },
      prepare: ({ globalStorageDir }) => {
        const { store } = Store.open(path.join(globalStorageDir, 'metric-vault.db'));
        const common = { engine: 'job' as const, k8sObjects: [], endpoints: ['GET /pets', 'GET /pets/{petId}', 'POST /pets'], scriptPath: 'loadtests/pets.js', target: 'http://127.0.0.1:8080' };
        store.runs.insert({ ...common, id: doneId, state: 'finished', createdAt: finishedStart - 5000, startedAt: finishedStart, finishedAt: finishedStart + 90_000, exitCode: 0 });
        store.runs.insert({ ...common, id: liveId, state: 'running', createdAt: liveStart - 5000, startedAt: liveStart });
        // An earlier, much slower run of the same script marked as its baseline.
        store.runs.insert({ ...common, id: baselineId, state: 'finished', createdAt: finishedStart - 90_000, startedAt: finishedStart - 85_000, finishedAt: finishedStart - 25_000, exitCode: 0 });
        const latency = { p50: 4000, p90: 8000, p95: 9000, p99: 9500, max: 9900, avg: 5000 };
        const summary = { testid: baselineId, start: new Date(finishedStart - 85_000).toISOString(), end: new Date(finishedStart - 25_000).toISOString(), durationSeconds: 60, requests: 60, rps: 1, latency, errorRate: 0, vusMax: 10, iterations: 60, dataSent: 1, dataReceived: 1, endpoints: [{ name: 'GET /pets', count: 60, rps: 1, p95: 9000, errorRate: 0 }], verdict: 'passed' };
        store.summaries.save({ runId: baselineId, verdict: 'passed', summary, createdAt: finishedStart - 20_000 });
        store.baselines.set('script:loadtests/pets.js', baselineId);
        store.close();
      },
    });
  });

  after(async () => {
    if (writer) clearInterval(writer);
    await wb?.close();
    await influx?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`results-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(await wb?.notifications(), wb?.extensionLog().slice(-3000), wb?.hostLog().slice(-3000));
    }
  });

  const panel = () => activeWebview(wb);
  const openResults = (runId: string) => openResultsIn(wb, runId);

  it('opens a finished run from SQLite and InfluxDB alone: charts, whole-run summary, endpoints; the summary is stored', async () => {
    await openResults(doneId);
    const p = panel();
    await p.locator('.verdict').waitFor({ timeout: 60000 });
    assert.equal(await p.locator('.run-id').textContent(), doneId);
    assert.equal(await p.locator('.verdict').textContent(), 'Passed');
    assert.match((await p.locator('.stats').textContent()) ?? '', new RegExp(`Requests${finishedRequests.toLocaleString('en-US')}`));
    await p.locator('vscode-table-row').first().waitFor({ timeout: 10000 });
    assert.equal(await p.locator('vscode-table-row').count(), 3);
    assert.equal(await p.locator('vscode-table-header-cell').nth(3).textContent(), 'p95 (whole run)');
    // Compared with the script's baseline run, which was far slower.
    await p.locator('.comparison-line').waitFor({ timeout: 10000 });
    assert.match((await p.locator('.comparison-line').textContent()) ?? '', new RegExp(`vs baseline ${baselineId}: .*p95 [\\d.,]+ (ms|s) \\(−\\d+ % better\\)`));
    await wb.page.waitForTimeout(500);
    await wb.screenshot('results-finished-run');
    const { store } = Store.open(path.join(wb.globalStorageDir, 'metric-vault.db'));
    try {
      const saved = store.summaries.get(doneId);
      assert.equal(saved?.verdict, 'passed');
      assert.equal((saved?.summary as { requests: number }).requests, finishedRequests);
    } finally {
      store.close();
    }
  });

  it('streams a running run, shows "metrics delayed" while InfluxDB is down, and catches up when it is back', async () => {
    await openResults(liveId);
    const p = panel();
    await p.locator('.live', { hasText: 'live' }).waitFor({ timeout: 60000 });
    await p.locator('vscode-table-row').first().waitFor({ timeout: 30000 });
    /** Requests counted so far: the endpoint table's Requests column, summed. */
    const count = async () => {
      const cells = await p.locator('vscode-table-row vscode-table-cell:nth-child(2)').allTextContents();
      return cells.reduce((sum, c) => sum + Number(c.replace(/\D/g, '')), 0);
    };
    const before = await count();
    await wb.page.waitForTimeout(3000);
    assert.ok((await count()) > before, 'the request count grows tick by tick');
    assert.equal(await p.locator('vscode-table-header-cell').nth(3).textContent(), 'p95 (last 30 s)');
    await wb.screenshot('results-live-run');

    await influx.stop();
    const down = Date.now();
    await p.locator('.banner', { hasText: 'Metrics delayed' }).waitFor({ timeout: 30000 });
    assert.equal(await p.locator('.live').textContent(), 'delayed');
    await wb.screenshot('results-live-delayed');
    const during = await count();
    await wb.page.waitForTimeout(4000);
    await influx.start();
    await p.locator('.banner').waitFor({ state: 'hidden', timeout: 30000 });
    await p.locator('.live', { hasText: 'live' }).waitFor({ timeout: 10000 });
    const outageSeconds = Math.floor((Date.now() - down) / 1000);
    await wb.page.waitForTimeout(5000);
    // k6 pushes 15 requests a second; those of the outage arrive late and are counted too.
    const after = await count();
    assert.ok(after >= during + 15 * outageSeconds, `counted ${after - during} requests over a ${outageSeconds} s outage`);
  });

  it('comes back after a window reload, reattached to the running run', async () => {
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    await wb.page.locator('.tab', { hasText: `Run ${liveId}` }).first().waitFor({ timeout: 60000 });
    await wb.page.locator('.tab', { hasText: `Run ${liveId}` }).first().click();
    const p = panel();
    await p.locator('.run-id', { hasText: liveId }).waitFor({ timeout: 60000 });
    await p.locator('.live', { hasText: 'live' }).waitFor({ timeout: 60000 });
    await p.locator('vscode-table-row').first().waitFor({ timeout: 30000 });
    await wb.screenshot('results-after-reload');
  });
});
