// What the extension host loads when Metric Vault activates (issue 12, startup cost): the
// production bundle (as `npm run package` ships it) in a fresh Node process with a `vscode`
// module, as bench/activation does — here asserting what is loaded, not how long it takes
// (timings belong to `npm run bench`).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { makeTempDir } from '../support/tempDir';

const repo = path.resolve(__dirname, '../..');
let dist = '';

interface Activation {
  activated: boolean;
  atActivation: { file: string; bytes: number }[];
  later: { file: string; bytes: number }[];
}

function activate(env: Record<string, string>, storage: string): Activation {
  const r = spawnSync(process.execPath, [path.join(repo, 'bench/activation/activate.cjs'), repo, path.join(dist, 'extension.js'), storage], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Activation;
}

describe('activation of the built extension (what it loads)', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let build = '';
  before(() => {
    // Inside the repo so the bundle finds better-sqlite3 in node_modules, as in the .vsix.
    fs.mkdirSync(path.join(repo, '.cache'), { recursive: true });
    build = fs.mkdtempSync(path.join(repo, '.cache', 'activation-'));
    dist = path.join(build, 'dist');
    execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${dist}`], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  });
  after(() => fs.rmSync(build, { recursive: true, force: true }));
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('activates having loaded at most 500 KB, none of the Kubernetes, InfluxDB, OpenAPI or k6-validation libraries', () => {
    const kubeconfig = path.join(tmp.dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: c, context: { cluster: c, user: u } }]\ncurrent-context: c\n');
    const a = activate({ KUBECONFIG: kubeconfig, HOME: tmp.dir }, path.join(tmp.dir, 'storage'));
    assert.equal(a.activated, true);
    const bytes = a.atActivation.reduce((n, f) => n + f.bytes, 0);
    assert.ok(bytes <= 500 * 1024, `${bytes} bytes loaded at activation: ${a.atActivation.map((f) => f.file).join(', ')}`);
    assert.deepEqual(a.atActivation.filter((f) => f.file.endsWith('.bundle.js')), []);
    // No view is shown in this host, so nothing connects to the cluster afterwards either.
    assert.deepEqual(a.later.filter((f) => f.file.includes('kubernetes')), []);
  });

  it('each lazy library works when first used, from its own bundle', () => {
    const load = createRequire(__filename);
    const jsYaml = load(path.join(dist, 'lazy/js-yaml.js')) as { load(s: string): unknown };
    assert.deepEqual(jsYaml.load('a: [1, 2]'), { a: [1, 2] });
    const yaml = load(path.join(dist, 'lazy/yaml.js')) as { stringify(v: unknown): string };
    assert.equal(yaml.stringify({ a: 1 }), 'a: 1\n');
    const acorn = load(path.join(dist, 'lazy/acorn.js')) as { parse(s: string, o: object): { body: unknown[] } };
    assert.equal(acorn.parse('export const options = {};', { ecmaVersion: 'latest', sourceType: 'module' }).body.length, 1);
    const k8s = load(path.join(dist, 'lazy/kubernetes-client-node.js')) as { KubeConfig: new () => { loadFromString(s: string): void; getCurrentContext(): string } };
    const kc = new k8s.KubeConfig();
    kc.loadFromString('apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n');
    assert.equal(kc.getCurrentContext(), 'x');
    const influx = load(path.join(dist, 'lazy/influxdata-influxdb-client.js')) as { flux(s: TemplateStringsArray, ...v: unknown[]): { toString(): string } };
    assert.match(influx.flux`from(bucket: ${'k6'})`.toString(), /from\(bucket: "k6"\)/);
    for (const f of ['kubernetes.bundle.js', 'openapi.bundle.js', 'k6-validation.bundle.js', 'influxdb.bundle.js']) {
      assert.ok(Object.keys(load.cache).some((k) => k.endsWith(path.join('lazy', f))), `${f} was loaded on use`);
    }
  });
});
