// Running a load test from a real VS Code (code-server) against the local control plane when it
// is built (the real Job controller ends the Job after the pod runner ran k6), else the fake
// cluster (the test ends the Job): the script's "Run in Cluster" CodeLens submits it, the Runs
// view shows it running, the Job ends, and the view shows it finished with its verdict; the
// notification offers its results.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../support/codeServer';
import { type E2eCluster, e2eClusterKind, startE2eCluster } from '../support/e2eCluster';

const demo = path.resolve(__dirname, '../../demo');
const script = `import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  vus: 2,
  duration: '15s',
  thresholds: { http_req_duration: ['p(95)<500'] },
};

const BASE_URL = __ENV.BASE_URL || 'http://demo-api.test.svc.cluster.local:8080';

export default function () {
  const res = http.get(\`\${BASE_URL}/items/1\`, { tags: { name: 'GET /items/{itemId}' } });
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
`;

describe(`Runs in a real VS Code (code-server, ${e2eClusterKind()})`, () => {
  let cluster: E2eCluster;
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    cluster = await startE2eCluster({ fakeJobs: 'manual' });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-runs-'));
    fs.cpSync(demo, workspace, { recursive: true });
    fs.mkdirSync(path.join(workspace, 'loadtests'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'loadtests', 'items.js'), script);
    wb = await launchWorkbench({ workspace, env: { KUBECONFIG: cluster.kubeconfigPath }, settings: { 'metricVault.influx.url': 'http://127.0.0.1:9' } });
  });
  after(async () => {
    await wb?.close();
    await cluster?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`runs-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(await wb?.viewRows('Runs').catch(() => []), await wb?.notifications(), wb?.extensionLog().slice(-4000));
    }
  });

  async function runsRow(text: string): Promise<string> {
    const row = wb.view('Runs').locator('.monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout: 60000 });
    return row.innerText();
  }

  it('submits the script from its CodeLens: a labelled Job appears and the Runs view shows it running', async () => {
    await wb.openMetricVault();
    const header = wb.page.locator('.pane-header[aria-label^="Runs"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await wb.openFile('items.js');
    await wb.page.locator('.codelens-decoration a', { hasText: 'Run in Cluster' }).first().click({ timeout: 60000 });
    const row = await runsRow('running');
    assert.match(row, /items\.js/);
    assert.match(row, /GET \/items\/\{itemId\}/);
    const [job] = await cluster.jobs();
    assert.ok(job, 'a Job was created in the cluster');
    assert.equal(job.metadata.labels?.['app.kubernetes.io/managed-by'], 'metric-vault');
    await wb.page.locator('.notification-toast', { hasText: 'started' }).first().waitFor({ timeout: 30000 });
    await wb.screenshot('runs-running');
  });

  it('shows the run finished with its verdict when the Job completes, with a notification offering its results', async () => {
    // The fake's Job runs until told; on the real cluster k6 ends after 15 s and the Job controller completes the Job.
    const [job] = await cluster.jobs();
    cluster.finishJob?.(job.metadata.name);
    const row = await runsRow('passed');
    assert.match(row, /items\.js/);
    assert.match(row, /job/);
    const toast = wb.page.locator('.notification-toast', { hasText: 'finished' }).first();
    await toast.waitFor({ timeout: 30000 });
    assert.match(await toast.innerText(), /Open Results/);
    await wb.screenshot('runs-finished');
  });
});
