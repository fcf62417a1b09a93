// One build script, two contexts: the extension host bundle (Node, CommonJS) and the
// results-panel bundle (browser, IIFE). `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Logs build results in the problem-matcher format VS Code's esbuild watchers expect. */
const reporter = {
  name: 'reporter',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [reporter],
};

/** Entry points that exist; a layer still being written is simply not built yet. */
function present(entries) {
  return Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));
}

const node = {
  ...common,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // Native and host-provided modules cannot be bundled.
  external: ['vscode', 'better-sqlite3'],
};

const host = await esbuild.context({
  ...node,
  entryPoints: present({
    extension: 'src/vscode/extension.ts',
    openapiWorker: 'src/infra/openapi/worker.ts',
    routeIndexWorker: 'src/app/routes/routeIndexWorker.ts',
  }),
});

const cli = await esbuild.context({
  ...node,
  entryPoints: { cli: 'src/cli/main.ts' },
  banner: { js: '#!/usr/bin/env node' },
});

const webview = await esbuild.context({
  ...common,
  entryPoints: present({ results: 'webview-ui/src/main.ts' }),
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
});

// k6 type definitions ship with the extension: generated scripts get IntelliSense through a
// jsconfig.json that points at a copy of them, with no node_modules in the user's workspace.
rmSync('dist/k6-types', { recursive: true, force: true });
cpSync('node_modules/@types/k6', 'dist/k6-types', { recursive: true });

const contexts = [host, cli, webview];
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
