// One measurement in a fresh Node process, as the extension host starts an extension: the
// `vscode` module is provided through Module._load, then the bundle is required and activate()
// awaited. Prints one JSON line: timings, the bytes of every bundle file loaded by the end of
// activate(), and those loaded in the following idle second (lazy bundles pulled in by
// background work such as the cluster connection).
//   node activate.cjs <extensionRoot> <bundle> <tmpDir>
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { createVscode, createContext } = require('./vscodeStub.cjs');

const [extensionRoot, bundle, tmpDir] = process.argv.slice(2);
const vscode = createVscode(JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')));
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
};

const distDir = path.dirname(path.resolve(bundle));
function loadedBundles() {
  return Object.keys(require.cache)
    .filter((f) => f.startsWith(distDir + path.sep) && f.endsWith('.js'))
    .map((f) => ({ file: path.relative(distDir, f), bytes: fs.statSync(f).size }));
}

async function main() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ext = require(path.resolve(bundle));
  const t1 = performance.now();
  const cpuRequire = process.cpuUsage(c0);
  const api = await ext.activate(createContext(extensionRoot, tmpDir));
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const atActivation = loadedBundles();
  await new Promise((r) => setTimeout(r, 1000));
  const later = loadedBundles().filter((b) => !atActivation.some((a) => a.file === b.file));
  process.stdout.write(
    JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, cpuRequireMs: (cpuRequire.user + cpuRequire.system) / 1000, activated: Boolean(api && api.commands && api.commands.length), atActivation, later }) + '\n',
  );
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
