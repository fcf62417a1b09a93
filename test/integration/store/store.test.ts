import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Store } from '../../../src/infra/store/store';
import { latestSchemaVersion, migrate } from '../../../src/infra/store/migrations';
import { makeTempDir } from '../../support/tempDir';
import { aRun, aSample, aServer, anEndpoint } from '../../support/builders';

const run = promisify(execFile);

describe('store (real SQLite files)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'nested', 'metric-vault.db');
  });
  afterEach(() => tmp.cleanup());

  it('creates the file in WAL mode at the latest schema version', () => {
    const { store, movedAsideTo } = Store.open(file);
    assert.equal(movedAsideTo, undefined);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
    store.close();
    assert.ok(fs.existsSync(file));
  });

  it('keeps servers and replaces their endpoints only when the spec hash changes', () => {
    const { store } = Store.open(file);
    store.servers.upsert(aServer({ warnings: ['duplicate operationId createPets'] }));
    assert.deepEqual(store.servers.get('ext:petstore')?.warnings, ['duplicate operationId createPets']);
    assert.equal(store.endpoints.replaceForServer('ext:petstore', 'h1', [anEndpoint(), anEndpoint({ method: 'POST', path: '/pets', tag: 'pets', detail: { requestBody: { 'application/json': {} } } })]), true);
    assert.equal(store.endpoints.replaceForServer('ext:petstore', 'h1', []), false, 'same hash: nothing rewritten');
    assert.equal(store.endpoints.listByServer('ext:petstore').length, 2);
    assert.equal(store.endpoints.countForServer('ext:petstore'), 2);
    assert.equal(store.endpoints.countForServer('ext:nobody'), 0);
    assert.deepEqual(store.endpoints.find('ext:petstore', 'post', '/pets')?.detail, { requestBody: { 'application/json': {} } });
    assert.equal(store.endpoints.findAnywhere('GET', '/pets/{petId}')[0].operationId, 'showPetById');
    assert.equal(store.endpoints.replaceForServer('ext:petstore', 'h2', [anEndpoint({ path: '/v2/pets/{petId}' })]), true);
    assert.deepEqual(store.endpoints.listByServer('ext:petstore').map((e) => e.path), ['/v2/pets/{petId}']);
    assert.equal(store.servers.delete('ext:petstore'), true);
    assert.equal(store.endpoints.count(), 0, 'endpoints go with their server');
    store.close();
  });

  it('records runs, lists active ones first, and finds the latest run of an endpoint', () => {
    const { store } = Store.open(file);
    store.runs.insert(aRun({ id: 'old', state: 'finished', createdAt: 1, finishedAt: 5 }));
    store.runs.insert(aRun({ id: 'newer', state: 'failed', reason: 'thresholds failed', exitCode: 99, createdAt: 2 }));
    store.runs.insert(aRun({ id: 'live', state: 'running', createdAt: 0 }));
    assert.deepEqual(store.runs.list().map((r) => r.id), ['live', 'newer', 'old']);
    assert.deepEqual(store.runs.listActive().map((r) => r.id), ['live']);
    assert.equal(store.runs.latestForEndpoint('GET /pets/{petId}')?.id, 'newer');
    const updated = store.runs.update('live', { state: 'stopped', finishedAt: 9, k8sObjects: [] });
    assert.equal(updated?.state, 'stopped');
    assert.deepEqual(updated?.k8sObjects, []);
    assert.equal(store.runs.get('newer')?.exitCode, 99);
    store.close();
  });

  it('stores summaries, resource samples with nullable specs, scripts and baselines', () => {
    const { store } = Store.open(file);
    store.runs.insert(aRun());
    store.summaries.save({ runId: aRun().id, verdict: 'failed', summary: { p95: 182 }, createdAt: 3 });
    assert.deepEqual(store.summaries.get(aRun().id), { runId: aRun().id, verdict: 'failed', summary: { p95: 182 }, createdAt: 3 });
    assert.deepEqual([...store.summaries.verdicts([aRun().id, 'no-such-run'])], [[aRun().id, 'failed']]);
    store.samples.add([aSample(), aSample({ ts: aSample().ts + 5000, cpuMillicores: null, cpuIsPredicted: true })]);
    const samples = store.samples.listForRun(aRun().id);
    assert.equal(samples.length, 2);
    assert.equal(samples[0].memoryLimitMb, null);
    assert.equal(samples[1].cpuIsPredicted, true);
    assert.equal(store.samples.listForRun(aRun().id, aSample().ts).length, 1, 'only samples after the given instant');
    assert.deepEqual([samples[0].role, samples[0].restarts, samples[0].lastTerminatedReason], ['target', null, null]);
    store.samples.add([aSample({ pod: 'mv-1-k6-0', role: 'generator', restarts: 2, lastTerminatedReason: 'OOMKilled' })]);
    const k6 = store.samples.listForRun(aRun().id).find((s) => s.pod === 'mv-1-k6-0');
    assert.deepEqual([k6?.role, k6?.restarts, k6?.lastTerminatedReason], ['generator', 2, 'OOMKilled']);
    store.scripts.upsert({ path: 'loadtests/pets.js', endpoints: ['GET /pets'], profile: 'smoke', createdAt: 1 });
    assert.equal(store.scripts.get('loadtests/pets.js')?.profile, 'smoke');
    store.baselines.set('GET /pets/{petId}', aRun().id, 7);
    assert.equal(store.baselines.get('GET /pets/{petId}')?.runId, aRun().id);
    store.runs.delete(aRun().id);
    assert.equal(store.summaries.get(aRun().id), undefined, 'a deleted run takes its summary along');
    assert.equal(store.baselines.get('GET /pets/{petId}'), undefined);
    store.close();
  });

  it('migrates a file written by schema version 1 without losing its runs', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(old, 1);
    old.prepare(`INSERT INTO runs (id, script_path, engine, state, created_at) VALUES ('v1-run', 'loadtests/a.js', 'job', 'finished', 42)`).run();
    old.close();
    const { store } = Store.open(file);
    assert.equal(store.db.pragma('user_version', { simple: true }), latestSchemaVersion);
    const r = store.runs.get('v1-run');
    assert.equal(r?.scriptPath, 'loadtests/a.js');
    assert.deepEqual(r?.endpoints, []);
    store.samples.add([aSample({ runId: 'v1-run' })]);
    assert.equal(store.samples.listForRun('v1-run').length, 1);
    store.close();
  });

  it('refuses a file from a newer schema with a message naming the versions', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const future = new Database(file);
    future.pragma(`user_version = ${latestSchemaVersion + 1}`);
    future.close();
    assert.throws(() => Store.open(file), /newer Metric Vault/);
  });

  it('moves a corrupted file aside under a timestamped name and starts fresh', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const garbage = Buffer.from('this is not a database '.repeat(300));
    fs.writeFileSync(file, garbage);
    const { store, movedAsideTo } = Store.open(file);
    assert.ok(movedAsideTo, 'the user must be told');
    assert.match(path.basename(movedAsideTo), /^metric-vault\.db\.corrupt-\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(fs.readFileSync(movedAsideTo), garbage, 'the old bytes are kept, not deleted');
    assert.deepEqual(store.runs.list(), []);
    store.close();
  });

  it('shares one file between the extension process and the CLI process', async () => {
    const { store } = Store.open(file);
    store.runs.insert(aRun({ id: 'from-extension', state: 'running' }));
    // The CLI (built bundle, its own process) reads while the extension holds the file open.
    const cli = path.resolve('dist/cli.js');
    assert.ok(fs.existsSync(cli), 'build first: node esbuild.mjs');
    const { stdout } = await run(process.execPath, [cli, 'runs', '--json', '--db', file]);
    assert.deepEqual(JSON.parse(stdout).map((r: { id: string }) => r.id), ['from-extension']);
    // A write from the extension while the CLI process is reading, then the CLI sees it.
    store.runs.update('from-extension', { state: 'finished', finishedAt: Date.now() });
    const again = JSON.parse((await run(process.execPath, [cli, 'runs', '--json', '--db', file])).stdout);
    assert.equal(again[0].state, 'finished');
    store.close();
  });
});
