// The results panel in code-server, for e2e tests: open a run's results through the command
// palette, and reach the active panel's document (webview iframe → its content frame).
import type { FrameLocator } from 'playwright-core';
import type { Workbench } from './codeServer';

/** The active webview's document (results panel, trend page). */
export function activeWebview(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** "Metric Vault: Open Results" for `runId`, waiting for its tab. */
export async function openResults(wb: Workbench, runId: string): Promise<void> {
  // The first command activates the extension; its quick pick follows the palette (on a
  // busy machine the palette can swallow the first try, so it is tried again).
  const title = wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Open Results' });
  for (let attempt = 0; attempt < 3; attempt++) {
    await wb.page.keyboard.press('Escape');
    await wb.runCommand('Metric Vault: Open Results');
    if (await title.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false)) break;
  }
  await wb.page.locator('.quick-input-widget input').fill(runId);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: runId }).first().waitFor({ timeout: 20000 });
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tab', { hasText: `Run ${runId}` }).first().waitFor({ timeout: 30000 });
}
