// Registers the demo API through its Swagger UI URL in the real VS Code UI and sees its tags
// and operations in the Endpoints view.
import { strict as assert } from 'node:assert';
import { startDemoApi, type DemoApi } from '../../demo-api/server';
import { launchWorkbench, type Workbench } from '../support/codeServer';

describe('Endpoints view in a real VS Code (code-server)', () => {
  let api: DemoApi;
  let wb: Workbench;
  before(async () => {
    api = await startDemoApi();
    wb = await launchWorkbench();
  });
  after(async () => {
    await wb?.close();
    await api?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`endpoints-failure-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`);
      console.log(await wb?.viewRows('Endpoints'), await wb?.notifications(), wb?.extensionLog().slice(-2000));
    }
  });

  /** Waits for the input box with this title (the previous one may still be closing), then answers it. */
  async function typeIntoInputBox(title: string, text: string): Promise<void> {
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 20000 });
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 20000 });
    await input.fill(text);
    await wb.page.keyboard.press('Enter');
  }

  it('registers the demo API by its Swagger UI page and shows servers → tags → operations', async () => {
    await wb.openMetricVault();
    // Give the Endpoints view the room: the tree is virtualized, rows out of sight are not rendered.
    for (const name of ['Pods', 'Runs']) {
      const other = wb.page.locator(`.pane-header[aria-label^="${name}"]`).first();
      if ((await other.getAttribute('aria-expanded')) === 'true') await other.click();
    }
    const header = wb.page.locator('.pane-header[aria-label^="Endpoints"]').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await wb.runCommand('Metric Vault: Register Server');
    await typeIntoInputBox('Register Server (1/2)', api.url);
    await typeIntoInputBox('Register Server (2/2)', `${api.url}/docs`);
    const endpoints = wb.view('Endpoints');
    await endpoints.locator('.monaco-list-row', { hasText: 'Metric Vault Demo API' }).first().waitFor({ timeout: 60000 });
    const rows = await wb.viewRows('Endpoints');
    assert.ok(rows.some((r) => r.includes('Metric Vault Demo API') && r.includes(api.url)), rows.join('\n'));
    for (const tag of ['admin', 'chaos', 'echo', 'greetings', 'items', 'default']) assert.ok(rows.some((r) => new RegExp(`^${tag}\\s*\\d+$`).test(r.trim())), `tag ${tag} in:\n${rows.join('\n')}`);
    await endpoints.locator('.monaco-list-row', { hasText: /^items/ }).first().click();
    await endpoints.locator('.monaco-list-row', { hasText: 'GET /items/{itemId}' }).first().waitFor({ timeout: 20000 });
    await endpoints.locator('.monaco-list-row', { hasText: /^greetings/ }).first().click();
    await endpoints.locator('.monaco-list-row', { hasText: 'GET /greetings' }).first().waitFor({ timeout: 20000 });
    const after = await wb.viewRows('Endpoints');
    assert.ok(after.some((r) => r.includes('POST /items')), after.join('\n'));
    assert.ok(after.some((r) => r.includes('GET /v1/items') && r.includes('deprecated')), after.join('\n'));
    assert.ok(after.some((r) => r.includes('한국어 인사말')), after.join('\n'));
    await wb.screenshot('endpoints-demo-api');
  });

  it('filters the operations and clears the filter', async () => {
    await wb.runCommand('Metric Vault: Filter Endpoints');
    await typeIntoInputBox('Filter Endpoints', 'greet');
    const endpoints = wb.view('Endpoints');
    await endpoints.locator('.monaco-list-row', { hasText: 'POST /items' }).first().waitFor({ state: 'detached', timeout: 20000 });
    await endpoints.locator('.monaco-list-row', { hasText: 'POST /greetings' }).first().waitFor({ timeout: 20000 });
    assert.match(await wb.page.locator('.pane-header[aria-label^="Endpoints"]').first().innerText(), /Filter: greet/);
    const rows = await wb.viewRows('Endpoints');
    assert.ok(!rows.some((r) => r.includes('/items')), rows.join('\n'));
    await wb.screenshot('endpoints-filtered');
    await wb.runCommand('Metric Vault: Clear Endpoints Filter');
    await endpoints.locator('.monaco-list-row', { hasText: /^items/ }).first().waitFor({ timeout: 20000 });
    assert.doesNotMatch(await wb.page.locator('.pane-header[aria-label^="Endpoints"]').first().innerText(), /Filter:/);
    assert.equal((await wb.viewRows('Endpoints')).filter((r) => /^(admin|chaos|echo|greetings|items|default)\d+$/.test(r.trim())).length, 6);
  });
});
