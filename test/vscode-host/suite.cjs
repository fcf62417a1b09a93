// Loaded by VS Code's extension host (test-electron): plain CommonJS, no build step.
const assert = require('node:assert');
const vscode = require('vscode');
const manifest = require('../../package.json');

exports.run = async function run() {
  const ext = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`);
  assert.ok(ext, 'the extension is installed');
  const api = await ext.activate();
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepStrictEqual([...api.commands].sort(), contributed, 'registered = contributed');
  const all = await vscode.commands.getCommands(true);
  for (const id of contributed) assert.ok(all.includes(id), `${id} is registered with VS Code`);
  await vscode.commands.executeCommand('workbench.view.extension.metricVault');
  console.log(`extension-host checks passed: ${contributed.length} commands`);
};
