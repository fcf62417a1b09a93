import { strict as assert } from 'node:assert';
import { ESLint } from 'eslint';

/** Lints `code` as if it lived at `filePath`, with the project's own eslint.config.mjs. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint().lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries (ESLint)', function () {
  this.timeout(60000);

  for (const layer of ['core', 'infra', 'app', 'cli']) {
    it(`rejects a vscode import in src/${layer}`, async () => {
      const messages = await lintAs(`src/${layer}/probe.ts`, "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
      assert.ok(messages.some((m) => m.startsWith('no-restricted-imports') && m.includes('Only src/vscode/')), messages.join('\n'));
    });
  }

  it('allows a vscode import in src/vscode', async () => {
    assert.deepEqual(await lintAs('src/vscode/probe.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n"), []);
  });

  it('rejects extension-host code in webview-ui but allows the shared protocol', async () => {
    const bad = await lintAs('webview-ui/src/probe.ts', "import { Store } from '../../src/infra/store/store';\nexport const s = Store;\n");
    assert.ok(bad.some((m) => m.includes('only the shared protocol')), bad.join('\n'));
    const good = await lintAs('webview-ui/src/probe.ts', "import { parseWebviewMessage } from '../../src/core/panelProtocol';\nexport const p = parseWebviewMessage;\n");
    assert.deepEqual(good, []);
  });
});
