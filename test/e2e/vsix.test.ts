import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../support/codeServer';

const repo = path.resolve(__dirname, '../..');

describe('the packaged .vsix', () => {
  let wb: Workbench | undefined;
  after(async () => wb?.close());

  it('packages with vsce, installs into code-server and activates with no error', async () => {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: repo, stdio: 'pipe' });
    const vsix = path.join(repo, 'dist', 'metric-vault.vsix');
    assert.ok(fs.statSync(vsix).size > 0);
    wb = await launchWorkbench({ vsix });
    const installed = fs.readdirSync(wb.extensionsDir).filter((d) => d.startsWith('metric-vault.metric-vault-'));
    assert.equal(installed.length, 1, 'installed as a real extension folder, not a link');
    assert.ok(fs.existsSync(path.join(wb.extensionsDir, installed[0], 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node')));
    await wb.openMetricVault();
    let log = '';
    for (let i = 0; i < 60 && !/registered commands:/.test(log); i++) {
      await new Promise((r) => setTimeout(r, 500));
      log = wb.extensionLog();
    }
    assert.match(log, /Activated; registered commands:/, wb.hostLog().slice(-3000));
    assert.doesNotMatch(wb.hostLog(), /Activating extension 'metric-vault\.metric-vault' failed/);
    // The database was created by the packaged native module inside the extension host.
    assert.ok(fs.existsSync(path.join(wb.globalStorageDir, 'metric-vault.db')));
    await wb.screenshot('vsix-installed');
  });
});
