import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../support/codeServer';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[] };
};

describe('the Metric Vault container in a real VS Code (code-server)', () => {
  let wb: Workbench;
  before(async () => {
    wb = await launchWorkbench();
  });
  after(async () => wb?.close());

  it('opens from the activity bar with its three views and their welcome content', async () => {
    await wb.openMetricVault();
    const pods = wb.view('Pods');
    await pods.locator('.welcome-view-content').first().waitFor({ timeout: 30000 });
    assert.match(await wb.welcomeText('Pods'), /No Kubernetes cluster is configured/);
    assert.match(await wb.welcomeText('Pods'), /Select Kubernetes Context/);
    for (const name of ['Endpoints', 'Runs']) {
      const header = wb.page.locator(`.pane-header[aria-label^="${name}"]`).first();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    }
    await wb.view('Endpoints').locator('.welcome-view-content').first().waitFor({ timeout: 30000 });
    assert.match(await wb.welcomeText('Endpoints'), /Register Server/);
    assert.match(await wb.welcomeText('Endpoints'), /Open OpenAPI File/);
    await wb.view('Runs').locator('.welcome-view-content').first().waitFor({ timeout: 30000 });
    assert.match(await wb.welcomeText('Runs'), /Create Load Test/);
    await wb.screenshot('foundation-container');
  });

  it('registers exactly the contributed commands at activation, with no activation error', async () => {
    let log = '';
    for (let i = 0; i < 60 && !/registered commands:/.test(log); i++) {
      await new Promise((r) => setTimeout(r, 500));
      log = wb.extensionLog();
    }
    const registered = JSON.parse(/registered commands: (\[.*\])/.exec(log)?.[1] ?? 'null') as string[] | null;
    assert.ok(registered, `no activation line in the extension log:\n${log}\n${wb.hostLog().slice(-3000)}`);
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    assert.doesNotMatch(wb.hostLog(), /Activating extension 'metric-vault\.metric-vault' failed/);
  });

  it('runs a palette command and shows its answer: no kubeconfig, with a next step', async () => {
    await wb.runCommand('Metric Vault: Select Kubernetes Context');
    const toast = wb.page.locator('.notification-toast', { hasText: 'No kubeconfig was found' });
    await toast.waitFor({ timeout: 20000 });
    assert.match(await toast.innerText(), /k3s\.yaml/);
    await wb.screenshot('foundation-palette-command');
  });
});
