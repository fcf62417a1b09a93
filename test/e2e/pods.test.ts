// The Pods view in a real VS Code (code-server) against the local control plane (real API
// server, scheduler and controllers; kwok runs the pods; metrics.k8s.io through the aggregation
// layer) when it is built, else the fake API server: pods with their CPU/memory specs and usage,
// a pod created in the cluster appearing without a refresh, a restart the kubelet reports, and a
// service's OpenAPI endpoints read through the API server's service proxy.
import { strict as assert } from 'node:assert';
import { launchWorkbench, type Workbench } from '../support/codeServer';
import { type E2eCluster, e2eClusterKind, startE2eCluster } from '../support/e2eCluster';

describe(`Pods view in a real VS Code (code-server, ${e2eClusterKind()})`, () => {
  let cluster: E2eCluster;
  let wb: Workbench;
  before(async () => {
    cluster = await startE2eCluster();
    await cluster.addServiceWithDemoApi('api', 80, {
      name: 'api-7d9f5',
      containers: [{ name: 'api', image: 'ghcr.io/acme/api:2.1', requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' }, usage: { cpu: '500m', memory: '512Mi' } }],
    });
    wb = await launchWorkbench({ env: { KUBECONFIG: cluster.kubeconfigPath } });
  });
  after(async () => {
    await wb?.close();
    await cluster?.close();
  });

  /** Widens the side bar so the screenshots show whole descriptions. */
  async function widenSideBar(): Promise<void> {
    // The side bar's sash is the tall vertical one right of the side bar.
    const side = await wb.page.locator('.part.sidebar').first().boundingBox();
    let box: { x: number; y: number; width: number; height: number } | null = null;
    for (const sash of await wb.page.locator('.monaco-sash.vertical').all()) {
      const b = await sash.boundingBox();
      if (side && b && b.height > 300 && Math.abs(b.x + b.width / 2 - (side.x + side.width)) < 10) box = b;
    }
    if (!box) return;
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(1000, box.y + box.height / 2, { steps: 5 });
    await wb.page.mouse.up();
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`pods-failure-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`);
      console.log(await wb?.viewRows('Pods'), await wb?.notifications(), wb?.extensionLog().slice(-3000));
    }
  });

  it('lists the pods with status, readiness, node, usage against the limit, and per-container specs', async () => {
    await wb.openMetricVault();
    const pods = wb.view('Pods');
    const row = pods.locator('.monaco-list-row', { hasText: 'api-7d9f5' }).first();
    await row.waitFor({ timeout: 60000 });
    await pods.locator('.monaco-list-row', { hasText: 'CPU 500m (50% of limit)' }).first().waitFor({ timeout: 60000 });
    const rows = await wb.viewRows('Pods');
    const pod = rows.find((r) => r.includes('api-7d9f5')) ?? '';
    assert.match(pod, /Running · 1\/1 ready · 0 restarts · \S+ · k3s-\S+ · CPU 500m \(50% of limit\) · Mem 512Mi \(50% of limit\)/);
    await row.click();
    await pods.locator('.monaco-list-row', { hasText: 'Pod total' }).first().waitFor({ timeout: 20000 });
    const expanded = await wb.viewRows('Pods');
    assert.ok(expanded.some((r) => /^api\s*ghcr\.io\/acme\/api:2\.1 · req 250m\/256Mi · lim 1000m\/1Gi/.test(r.trim())), expanded.join('\n'));
    assert.ok(expanded.some((r) => /Pod total\s*req 250m\/256Mi · lim 1000m\/1Gi/.test(r)), expanded.join('\n'));
    const status = await wb.page.locator('.statusbar-item', { hasText: `${cluster.context} / test` }).first().innerText();
    assert.ok(status.includes(`${cluster.context} / test`), status);
  });

  it('shows a pod created in the cluster without a refresh', async () => {
    await cluster.addPod('k6-run-0', { pending: true, containers: [{ name: 'k6', image: 'grafana/k6:1.4.2', requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } }] });
    const pods = wb.view('Pods');
    await pods.locator('.monaco-list-row', { hasText: 'k6-run-0' }).first().waitFor({ timeout: 30000 });
    const rows = await wb.viewRows('Pods');
    assert.ok(rows.some((r) => r.includes('k6-run-0') && r.includes('Pending · 0/1 ready')), rows.join('\n'));
    await widenSideBar();
    await wb.screenshot('pods-live');
  });

  it('shows the restarts the kubelet reports, with why the container last ended', async () => {
    await cluster.addPod('worker-5c8d7', { labels: { app: 'worker' }, containers: [{ name: 'worker', image: 'ghcr.io/acme/worker:3.0', requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } }] });
    const pods = wb.view('Pods');
    await pods.locator('.monaco-list-row', { hasText: /worker-5c8d7.*Running · 1\/1 ready · 0 restarts/ }).first().waitFor({ timeout: 60000 });
    await cluster.restartPod('worker-5c8d7', 'OOMKilled');
    await pods.locator('.monaco-list-row', { hasText: /worker-5c8d7.*Running · 1\/1 ready · 1 restart \(last: OOMKilled\)/ }).first().waitFor({ timeout: 30000 });
    await cluster.restartPod('worker-5c8d7', 'Error');
    await pods.locator('.monaco-list-row', { hasText: /worker-5c8d7.*2 restarts \(last: Error\)/ }).first().waitFor({ timeout: 30000 });
    await wb.screenshot('pods-restarts');
  });

  it('says "metrics-server not found" when metrics.k8s.io goes away', async () => {
    await cluster.setMetricsServer(false);
    await wb.runCommand('Metric Vault: Refresh Pods');
    const pods = wb.view('Pods');
    await pods.locator('.monaco-list-row', { hasText: 'metrics-server not found' }).first().waitFor({ timeout: 30000 });
    await wb.screenshot('pods-no-metrics-server');
  });

  it("puts a service's discovered OpenAPI endpoints into the Endpoints view, named after the service", async () => {
    await cluster.setMetricsServer(true);
    await wb.runCommand('Metric Vault: Refresh Pods');
    const endpoints = wb.view('Endpoints');
    const header = wb.page.locator('.pane-header[aria-label^="Endpoints"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await endpoints.locator('.monaco-list-row', { hasText: 'http://api.test.svc.cluster.local:80' }).first().waitFor({ timeout: 60000 });
    const rows = await wb.viewRows('Endpoints');
    assert.ok(rows.some((r) => /^api\s*http:\/\/api\.test\.svc\.cluster\.local:80 · \d+ operations/.test(r.trim())), rows.join('\n'));
    await widenSideBar();
    await wb.screenshot('pods-discovered-endpoints');
  });

  it("reveals a pod's endpoints from its context menu: the service's server is selected in the Endpoints view", async () => {
    const pod = wb.view('Pods').locator('.monaco-list-row', { hasText: 'api-7d9f5' }).first();
    await pod.click({ button: 'right' });
    const item = wb.page.getByRole('menuitem', { name: 'Reveal Endpoints' });
    await item.hover();
    await wb.page.keyboard.press('Enter');
    const selected = wb.view('Endpoints').locator('.monaco-list-row.selected', { hasText: 'http://api.test.svc.cluster.local:80' });
    await selected.first().waitFor({ timeout: 20000 });
    assert.equal(await selected.first().getAttribute('aria-expanded'), 'true', 'the server is expanded to show its tags');
    await wb.screenshot('pods-reveal-endpoints');
  });
});

describe(`Pods view error rows in a real VS Code (${e2eClusterKind()}, namespace missing)`, () => {
  let cluster: E2eCluster;
  let wb: Workbench;
  const ghost = `ghost-${Date.now().toString(36)}`;
  before(async () => {
    cluster = await startE2eCluster();
    wb = await launchWorkbench({ env: { KUBECONFIG: cluster.kubeconfigPath }, settings: { 'metricVault.namespace': ghost } });
  });
  after(async () => {
    await wb?.close();
    await cluster?.close();
  });

  it('explains a missing namespace and offers the setting; creating the namespace and retrying shows the pods', async () => {
    await wb.openMetricVault();
    const pods = wb.view('Pods');
    await pods.locator('.monaco-list-row', { hasText: `Namespace "${ghost}" does not exist in context "${cluster.context}".` }).first().waitFor({ timeout: 60000 });
    const rows = await wb.viewRows('Pods');
    assert.ok(rows.some((r) => r.includes('Open Settings (metricVault.namespace)') && r.includes(`kubectl create namespace ${ghost}`)), rows.join('\n'));
    await wb.screenshot('pods-namespace-missing');
    await cluster.createNamespace(ghost);
    await cluster.addPod('ghost-api-1', { namespace: ghost, containers: [{ name: 'app', requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } }] });
    await wb.runCommand('Metric Vault: Refresh Pods');
    await pods.locator('.monaco-list-row', { hasText: 'ghost-api-1' }).first().waitFor({ timeout: 30000 });
  });
});
