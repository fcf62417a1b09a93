// The k6 workflow in a real VS Code (code-server): a CodeLens over a FastAPI route creates a
// script and opens it; with the demo API registered the script carries the spec's data; the
// script's own lenses validate it; a broken script shows its problem in the Problems panel.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../demo-api/server';
import { Store } from '../../src/infra/store/store';
import { launchWorkbench, type Workbench } from '../support/codeServer';

const demo = path.resolve(__dirname, '../../demo');

describe('Load tests from CodeLenses in a real VS Code (code-server)', () => {
  let api: DemoApi;
  let wb: Workbench;
  let workspace: string;
  before(async () => {
    api = await startDemoApi({ failRate: 0 });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-ws-'));
    fs.cpSync(demo, workspace, { recursive: true });
    // Written before start so Quick Open's file index has it.
    fs.mkdirSync(path.join(workspace, 'scratch'));
    fs.writeFileSync(
      path.join(workspace, 'scratch', 'broken.js'),
      "import http from 'k6/http';\n\nexport const options = {\n  scenarios: { s: { executor: 'constant-vu', vus: 1, duration: '1m' } },\n};\n\nexport default function () {\n  http.get('http://localhost');\n}\n",
    );
    // A finished run of GET /items/{itemId} two hours ago, so its lens shows the last result.
    const prepare = ({ globalStorageDir }: { globalStorageDir: string }) => {
      const { store } = Store.open(path.join(globalStorageDir, 'metric-vault.db'));
      const finishedAt = Date.now() - 2 * 3_600_000;
      store.runs.insert({ id: 'mv-e2e-0001', scriptPath: 'loadtests/get-items.js', engine: 'local', state: 'finished', k8sObjects: [], endpoints: ['GET /items/{itemId}'], createdAt: finishedAt - 60_000, startedAt: finishedAt - 60_000, finishedAt });
      store.summaries.save({ runId: 'mv-e2e-0001', verdict: 'passed', createdAt: finishedAt, summary: { latency: { p95: 240 }, errorRate: 0.01, endpoints: [{ name: 'GET /items/{itemId}', count: 900, rps: 15, p95: 182, errorRate: 0.004 }] } });
      store.close();
    };
    wb = await launchWorkbench({ workspace, prepare });
  });
  after(async () => {
    await wb?.close();
    await api?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`loadtest-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(await wb?.notifications(), wb?.extensionLog().slice(-3000), wb?.hostLog().slice(-3000));
    }
  });

  function lens(text: string | RegExp) {
    return wb.page.locator('.codelens-decoration a', { hasText: text }).first();
  }

  /** Accepts the default (first item) of the three load picks. */
  async function acceptLoadDefaults(): Promise<void> {
    for (const step of ['(1/3)', '(2/3)', '(3/3)']) {
      await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30000 });
      await wb.page.keyboard.press('Enter');
    }
  }

  async function typeIntoInputBox(title: string, text: string): Promise<void> {
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 20000 });
    const input = wb.page.locator('.quick-input-widget input');
    await input.fill(text);
    await wb.page.keyboard.press('Enter');
  }

  it('shows a lens (and the last result) over a FastAPI route; clicking it creates a script and opens it', async () => {
    await wb.openFile('main.py');
    const target = lens('Load test GET /items/{itemId}');
    await target.waitFor({ timeout: 60000 });
    // The endpoint's last run, beside it: its own numbers from the run summary.
    await lens('p95 182 ms · 0.4 % errors · 2 h ago').waitFor({ timeout: 30000 });
    await wb.screenshot('loadtest-route-lens');
    await target.click();
    await acceptLoadDefaults();
    await wb.page.locator('.tab', { hasText: 'get-items-by-itemid.smoke.js' }).first().waitFor({ timeout: 30000 });
    const script = path.join(workspace, 'loadtests', 'get-items-by-itemid.smoke.js');
    assert.ok(fs.existsSync(script));
    const text = fs.readFileSync(script, 'utf8');
    assert.match(text, /name: "GET \/items\/\{itemId\}"/);
    assert.match(text, /__ENV\.BASE_URL \|\| "http:\/\/localhost:8000"/, 'FastAPI default port without a registered server');
    assert.ok(fs.existsSync(path.join(workspace, 'loadtests', 'jsconfig.json')));
    assert.ok(fs.existsSync(path.join(workspace, 'loadtests', '.k6-types', 'k6', 'http', 'index.d.ts')));
    await lens('Validate').waitFor({ timeout: 30000 });
    await lens('Run in Cluster').waitFor({ timeout: 30000 });
    await wb.screenshot('loadtest-script-opened');
  });

  it("with the demo API registered, the lens's script carries the spec's Korean example and validates", async () => {
    await wb.runCommand('Metric Vault: Register Server');
    await typeIntoInputBox('Register Server (1/2)', api.url);
    await typeIntoInputBox('Register Server (2/2)', `${api.url}/openapi.json`);
    // The server's endpoints reach the lens index through onDidChangeEndpoints.
    await wb.openMetricVault();
    await wb.view('Endpoints').locator('.monaco-list-row', { hasText: 'Metric Vault Demo API' }).first().waitFor({ timeout: 60000 });
    await wb.openFile('main.py');
    const post = lens('Load test POST /items');
    await post.waitFor({ timeout: 60000 });
    await post.click();
    await acceptLoadDefaults();
    await wb.page.locator('.tab', { hasText: 'post-items.smoke.js' }).first().waitFor({ timeout: 30000 });
    const text = fs.readFileSync(path.join(workspace, 'loadtests', 'post-items.smoke.js'), 'utf8');
    assert.match(text, /"name": "무선 마우스"/);
    assert.match(text, new RegExp(`__ENV\\.BASE_URL \\|\\| "${api.url.replace(/[.]/g, '\\.')}"`));
    await lens('Validate').click();
    await wb.page.locator('.notification-toast', { hasText: 'k6 will accept post-items.smoke.js' }).first().waitFor({ timeout: 30000 });
    await wb.screenshot('loadtest-validated');
  });

  it('puts a broken script’s problem in the Problems panel at its line', async () => {
    await wb.openFile('broken.js');
    await wb.runCommand('Metric Vault: Validate k6 Script');
    const marker = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown executor "constant-vu"' }).first();
    await marker.waitFor({ timeout: 30000 });
    assert.match(await marker.innerText(), /\[Ln 4, Col 31\]/);
    await wb.screenshot('loadtest-problems');
  });

  it('clears the problem as soon as the script is fixed, without Validate or a save', async () => {
    const marker = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown executor "constant-vu"' }).first();
    await marker.waitFor({ timeout: 30000 });
    // The fix arrives as a change of the open document (here from disk, as a formatter or git would).
    const file = path.join(workspace, 'scratch', 'broken.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("'constant-vu'", "'constant-vus'"));
    await marker.waitFor({ state: 'detached', timeout: 30000 });
    await wb.screenshot('loadtest-problem-cleared');
  });
});
