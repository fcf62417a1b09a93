// Findings in the results panel of a real VS Code (code-server): a finished run seeded in a
// real influxd whose errors rise at second 50 and whose GET /pets is slower than its baseline
// run opens with its findings listed (worst first, with evidence and a next step) and the
// finding's time range shaded on the charts; a screenshot records it. "Explain This Run" asks
// a stand-in language model (test/support/lmStandIn, registered through the public
// vscode.lm.registerLanguageModelChatProvider) and shows its answer; the prompt it received
// holds the findings but not the credentials in the run's target URL.
import * as fs from 'node:fs';
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Store } from '../../src/infra/store/store';
import { launchWorkbench, type Workbench } from '../support/codeServer';
import { activeWebview, openResults as openResultsIn } from '../support/resultsPanel';
import { type InfluxdServer, startInfluxd } from '../support/influxd';
import { k6Run, petstoreEndpoints } from '../support/k6Seed';
import { makeTempDir } from '../support/tempDir';

const runId = 'mv-e2e-findings';
const baseId = 'mv-e2e-findings-base';

describe('Findings in the results panel (code-server, real InfluxDB)', () => {
  let influx: InfluxdServer;
  let wb: Workbench;
  const lmDir = makeTempDir('mv-lm-');
  const lmRecord = path.join(lmDir.dir, 'prompts.txt');

  before(async () => {
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
    const baseStart = start - 10 * 60_000;
    const calm = petstoreEndpoints.map((e) => ({ ...e, errorRate: 0.01 }));
    const slower = calm.map((e) => (e.name === 'GET /pets' ? { ...e, latencyMs: { min: e.latencyMs.min * 2, max: e.latencyMs.max * 2 } } : e));
    await influx.write('k6', k6Run({ testid: baseId, start: baseStart, durationSeconds: 90, rps: 30, vus: 10, endpoints: calm, seed: 41 }).lines);
    await influx.write('k6', k6Run({ testid: runId, start, durationSeconds: 90, rps: 30, vus: 10, endpoints: slower, seed: 42, profile: (s) => (s >= 50 ? { errorRate: 0.3 } : {}) }).lines);
    wb = await launchWorkbench({
      settings: { 'metricVault.influx.url': influx.url },
      env: { MV_LM_RECORD: lmRecord },
      prepare: ({ userDataDir, globalStorageDir }) => {
        // The stand-in model extension beside ours (code-server scans the extensions dir at start).
        fs.symlinkSync(path.resolve('test/support/lmStandIn'), path.join(path.dirname(userDataDir), 'extensions', 'metric-vault-test.lm-stand-in-0.0.1'), 'dir');
        const { store } = Store.open(path.join(globalStorageDir, 'metric-vault.db'));
        const common = { engine: 'job' as const, k8sObjects: [], endpoints: ['GET /pets', 'GET /pets/{petId}', 'POST /pets'], scriptPath: 'loadtests/pets.js', target: 'http://127.0.0.1:8080' };
        store.runs.insert({ ...common, id: baseId, state: 'finished', createdAt: baseStart - 5000, startedAt: baseStart, finishedAt: baseStart + 90_000, exitCode: 0, gitCommit: 'a'.repeat(40) });
        // The target's limits as sampled during each run: the CPU limit was raised in between.
        const sample = (runId: string, ts: number, cpuLimitMillicores: number) => ({ runId, pod: 'api-1', ts, cpuMillicores: 100, memoryMb: 100, cpuRequestMillicores: 100, cpuLimitMillicores, memoryRequestMb: 128, memoryLimitMb: 256, cpuIsPredicted: false, memoryIsPredicted: false });
        store.samples.add([sample(baseId, baseStart + 10_000, 500), sample(runId, start + 10_000, 1000)]);
        store.runs.insert({ ...common, gitCommit: 'b'.repeat(40), target: 'http://svc-user:hunter2@127.0.0.1:8080/?api_key=topsecret', id: runId, state: 'finished', createdAt: start - 5000, startedAt: start, finishedAt: start + 90_000, exitCode: 0 });
        store.close();
      },
    });
  });

  after(async () => {
    await wb?.close();
    await influx?.close();
    lmDir.cleanup();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`findings-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(await wb?.notifications(), wb?.extensionLog().slice(-3000));
    }
  });

  const panel = () => activeWebview(wb);
  const openResults = (runId: string) => openResultsIn(wb, runId);

  it('lists the findings of a finished run with their evidence, against its baseline, and shades them on the charts', async () => {
    // The baseline is summarized first (opening it stores its summary), then made the script's baseline.
    await openResults(baseId);
    await panel().locator('.verdict').waitFor({ timeout: 60000 });
    assert.equal(await panel().locator('.findings h2').textContent(), 'Findings (0)');
    assert.equal(await panel().locator('.findings .empty').textContent(), 'No findings: nothing in this run needs attention.');
    const { store } = Store.open(path.join(wb.globalStorageDir, 'metric-vault.db'));
    store.baselines.set('script:loadtests/pets.js', baseId);
    store.close();

    await openResults(runId);
    const p = panel();
    await p.locator('.finding').first().waitFor({ timeout: 60000 });
    const kinds = await p.locator('.finding').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.querySelector('.severity')?.textContent}`));
    // Critical first: the errors rising at second 50 and GET /pets twice as slow as in the
    // baseline; then each endpoint failing more than in the baseline (the errors of the second half).
    assert.deepEqual(kinds.slice(0, 2).sort(), ['error-rate-increase:critical', 'regression:critical'], kinds.join());
    assert.deepEqual(kinds.slice(2), ['regression:warning', 'regression:warning', 'regression:warning'], kinds.join());
    const errors = (await p.locator('.finding[data-kind="error-rate-increase"]').textContent()) ?? '';
    assert.match(errors, /Errors rose from 1\.\d % to 3\d %/);
    assert.match(errors, /Next: /);
    const regressions = await p.locator('.finding[data-kind="regression"] .finding-title').allTextContents();
    assert.ok(regressions.some((t) => /^GET \/pets is slower than baseline mv-e2e-findings-base: p95 \+\d+ %$/.test(t)), regressions.join(' | '));
    assert.ok(!regressions.some((t) => /GET \/pets\/\{petId\} is slower|POST \/pets is slower/.test(t)), 'the other endpoints are as fast as before');
    await p.locator('.finding').first().scrollIntoViewIfNeeded();
    await wb.page.waitForTimeout(800);
    const file = await wb.screenshot('results-findings');
    console.log(`screenshot: ${file}`);
  });

  it('Explain This Run: the picked model gets the summary and findings without credentials, its answer shows in the panel', async () => {
    await wb.runCommand('Metric Vault: Explain This Run');
    await wb.page.locator('.quick-input-widget input').fill(runId);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: runId }).first().waitFor({ timeout: 20000 });
    await wb.page.keyboard.press('Enter');
    const p = panel();
    await p.locator('.explanation[data-status="done"]').waitFor({ timeout: 60000 });
    assert.match((await p.locator('.explanation-model').textContent()) ?? '', /by Stand-in model/);
    const answer = (await p.locator('.explanation-text').textContent()) ?? '';
    assert.ok(answer.startsWith(`Stand-in explanation of run ${runId}: 5 findings were given to me.\nThe worst: [critical] `), answer);
    const prompt = fs.readFileSync(lmRecord, 'utf8');
    assert.match(prompt, /Errors rose from 1\.\d % to 3\d %/);
    assert.match(prompt, /target http:\/\/127\.0\.0\.1:8080\/\?api_key=\[redacted\]/);
    assert.doesNotMatch(prompt, /hunter2|svc-user|topsecret/);
    assert.equal(await p.locator('.meta').locator('span', { hasText: 'Target' }).first().textContent(), 'Target http://127.0.0.1:8080/?api_key=[redacted]', 'nor does the panel header show them');
    await p.locator('.explanation').scrollIntoViewIfNeeded();
    await wb.screenshot('results-explanation');
  });

  it('Show Trend: the script\'s runs oldest first, with the commit and the raised CPU limit marked', async () => {
    await wb.runCommand('Metric Vault: Show Trend');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'pets.js' }).first().waitFor({ timeout: 20000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Whole script' }).first().waitFor({ timeout: 20000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab', { hasText: 'Trend: ' }).first().waitFor({ timeout: 30000 });
    const page = activeWebview(wb);
    await page.locator('table').waitFor({ timeout: 30000 });
    const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [[baseId, 'aaaaaaaaaa'], [runId, 'bbbbbbbbbb']]);
    assert.equal(rows[1][3], 'CPU 100/1000m · memory 128/256 MiB');
    assert.equal(await page.locator('td .changed').count(), 2, 'the commit and the limits changed on the second run');
    assert.equal(await page.locator('svg').count(), 3);
    assert.equal(await page.locator('script').count(), 0);
    await wb.screenshot('runs-trend');
  });

  it('Compare Runs: two picked runs overlaid, with each delta against the earlier one', async () => {
    await wb.runCommand('Metric Vault: Compare Runs');
    const row = (id: string) => wb.page.locator('.quick-input-list .monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${id}$`) }) });
    await row(runId).waitFor({ timeout: 20000 });
    await row(runId).click();
    await row(baseId).click();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab', { hasText: 'Compare 2 runs' }).first().waitFor({ timeout: 30000 });
    const page = activeWebview(wb);
    await page.locator('table').waitFor({ timeout: 30000 });
    // The earliest run is the reference, whatever order they were picked in.
    assert.equal(await page.locator('p.muted').first().textContent(), `Series overlaid from each run's start; deltas against ${baseId}.`);
    const rows = await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), ['rps', 'p50', 'p95', 'p99', 'errorRate'].map((m) => [runId, m]));
    // Its errors rose from second 50 on: worse than the baseline run.
    assert.match(rows.find((r) => r[1] === 'errorRate')![4], /pp worse$/);
    assert.equal(await page.locator('svg').count(), 3, 'p95, throughput and error-rate charts');
    const firstChart = (await page.locator('svg').first().textContent()) ?? '';
    assert.ok(firstChart.includes(baseId) && firstChart.includes(runId), 'the legend names both runs');
    await wb.screenshot('runs-compare');
  });

  it('Export Report: the panel saves a Markdown report with the run\'s findings into the workspace', async () => {
    fs.rmSync(path.join(wb.workspace, `${runId}-report.md`), { force: true });
    await wb.runCommand('View: Close All Editors');
    await openResults(runId);
    const p = panel();
    await p.locator('.verdict').waitFor({ timeout: 60000 });
    await p.locator('vscode-button', { hasText: 'Export Report…' }).click();
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown' }).first().waitFor({ timeout: 20000 });
    await wb.page.keyboard.press('Enter');
    // code-server's save dialog is VS Code's simple file dialog: the proposed path, accepted with Enter.
    const input = wb.page.locator('.quick-input-widget input');
    const proposed = new RegExp(`${runId}-report\\.md$`);
    for (const until = Date.now() + 20000; !proposed.test(await input.inputValue()) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
    assert.match(await input.inputValue(), proposed);
    await wb.page.keyboard.press('Enter');
    const file = path.join(wb.workspace, `${runId}-report.md`);
    const deadline = Date.now() + 20000;
    while (!fs.existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const md = fs.readFileSync(file, 'utf8');
    fs.rmSync(file); // the workbench's workspace is the repository's demo folder
    assert.ok(md.startsWith(`## Load test ${runId}: `), md.slice(0, 200));
    assert.match(md, /### Findings \(\d+\)/);
    assert.match(md, /Errors rose from 1\.\d % to 3\d %/);
    assert.match(md, /\| GET \/pets \|/);
  });
});
