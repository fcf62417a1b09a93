// Runs the extension-host checks in a downloaded desktop VS Code (@vscode/test-electron).
// This needs to download VS Code, which these build machines cannot do; on a developer
// machine or a CI with internet: `npm run test:vscode-host`.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..');
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(__dirname, 'suite.cjs'),
    launchArgs: [path.join(repo, 'demo'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err: unknown) => {
  console.error('The VS Code extension-host tests could not run:', err);
  process.exit(1);
});
