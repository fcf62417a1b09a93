// A workspace's settings may name the scripts folder; Create Load Test writes (and replaces
// k6 type copies) there, so it must never lead out of the workspace.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { confinedScriptsFolder, ensureK6Types, OutsideWorkspaceError, writeScript } from '../../../src/app/loadtest/scriptFiles';
import { makeTempDir } from '../../support/tempDir';

describe('scripts folder confined to the workspace', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    tmp = makeTempDir();
    ws = path.join(tmp.dir, 'ws');
    outside = path.join(tmp.dir, 'elsewhere');
    fs.mkdirSync(ws);
    fs.mkdirSync(outside);
  });
  afterEach(() => tmp.cleanup());

  const refused = (re: RegExp) => (e: unknown) => e instanceof OutsideWorkspaceError && re.test(e.message);

  it('resolves relative folders (existing or not) and absolute ones inside the workspace', () => {
    assert.equal(confinedScriptsFolder(ws, 'loadtests'), path.join(ws, 'loadtests'));
    assert.equal(confinedScriptsFolder(ws, 'tests/load/k6'), path.join(ws, 'tests', 'load', 'k6'));
    assert.equal(confinedScriptsFolder(ws, 'a/../b'), path.join(ws, 'b'));
    assert.equal(confinedScriptsFolder(ws, path.join(ws, 'perf')), path.join(ws, 'perf'));
    assert.equal(confinedScriptsFolder(ws, '  '), path.join(ws, 'loadtests'), 'empty falls back to the default');
    assert.equal(confinedScriptsFolder(ws, '.'), ws);
  });

  it('refuses an absolute path elsewhere, and ".." out of the workspace, with the setting to fix', () => {
    for (const setting of [outside, '/tmp', '..', '../elsewhere', 'loadtests/../../elsewhere', path.join(ws, '..', 'elsewhere')]) {
      assert.throws(() => confinedScriptsFolder(ws, setting), refused(/metricVault\.scriptsFolder\) leads outside the workspace folder/), setting);
    }
  });

  it('refuses a folder that is a symlink out of the workspace, or lies under one', () => {
    fs.symlinkSync(outside, path.join(ws, 'loadtests'));
    assert.throws(() => confinedScriptsFolder(ws, 'loadtests'), refused(/leads outside/));
    assert.throws(() => confinedScriptsFolder(ws, 'loadtests/new/deeper'), refused(/leads outside/));
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('does not overwrite a script through a symlink out of the workspace', () => {
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    fs.mkdirSync(path.join(ws, 'loadtests'));
    const link = path.join(ws, 'loadtests', 'get-items.smoke.js');
    fs.symlinkSync(victim, link);
    assert.throws(() => writeScript(link, 'export default function () {}', { overwrite: true, within: ws }), OutsideWorkspaceError);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'keep me');
  });

  it('does not delete or write through a .k6-types or jsconfig.json symlinked out of the folder', () => {
    const folder = path.join(ws, 'loadtests');
    fs.mkdirSync(folder);
    fs.mkdirSync(path.join(outside, 'k6'));
    fs.writeFileSync(path.join(outside, 'k6', 'precious.d.ts'), 'x');
    fs.symlinkSync(outside, path.join(folder, '.k6-types'));
    const types = path.resolve('node_modules/@types/k6');
    assert.throws(() => ensureK6Types(folder, types), OutsideWorkspaceError);
    assert.ok(fs.existsSync(path.join(outside, 'k6', 'precious.d.ts')));

    fs.unlinkSync(path.join(folder, '.k6-types'));
    fs.symlinkSync(path.join(outside, 'jsconfig.json'), path.join(folder, 'jsconfig.json'));
    assert.equal(ensureK6Types(folder, types).jsconfigWritten, false);
    assert.equal(fs.existsSync(path.join(outside, 'jsconfig.json')), false);
  });
});

describe('Restricted Mode settings (package.json)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
  };
  const restricted = new Set(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations);
  const declared = [pkg.contributes.configuration].flat().flatMap((c) => Object.keys(c.properties));

  it('ignores workspace values of every setting that points the extension at a host, an image, a context or a folder', () => {
    const pointing = declared.filter((k) => /(url|address|image|context|nodeport|folder|path|externalrefs)$/i.test(k));
    for (const k of ['metricVault.influx.url', 'metricVault.influx.inClusterUrl', 'metricVault.discovery.nodeAddress', 'metricVault.discovery.useNodePort', 'metricVault.k6.image', 'metricVault.k6.path', 'metricVault.kubeContext', 'metricVault.scriptsFolder']) {
      assert.ok(pointing.includes(k), `${k} is declared`);
    }
    assert.deepEqual(pointing.filter((k) => !restricted.has(k)), []);
  });

  it('lists only declared settings', () => {
    assert.deepEqual([...restricted].filter((k) => !declared.includes(k)), []);
  });
});
