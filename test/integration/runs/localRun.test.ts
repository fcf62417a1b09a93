// Local runs through the run use cases: the stand-in k6 on the PATH writes k6's InfluxDB v1
// points into a real InfluxDB 1.x, and the run's summary is computed from them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunService } from '../../../src/app/runs/runService';
import { defaultRunSettings, type RunSettings } from '../../../src/app/runs/runSettings';
import { runMetricsFor } from '../../../src/app/runs/summaries';
import { kubeError } from '../../../src/core/result';
import { Store } from '../../../src/infra/store/store';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { RecordingEvents } from '../../support/runs/runHarness';
import { makeTempDir } from '../../support/tempDir';

const fakeK6Dir = path.resolve(__dirname, '../../support/fakeK6');

describe('local runs (stand-in k6, real InfluxDB)', () => {
  let influx: InfluxdServer;
  let echo: EchoServer;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let events: RecordingEvents;
  let services: RunService[];

  before(async () => {
    influx = await startInfluxd();
    echo = await startEchoServer();
  });
  after(async () => {
    await echo?.close();
    await influx?.close();
  });
  beforeEach(() => {
    tmp = makeTempDir('mv-local-');
    store = Store.open(path.join(tmp.dir, 'mv.db')).store;
    events = new RecordingEvents();
    services = [];
  });
  afterEach(() => {
    for (const s of services) s.dispose();
    store.close();
    tmp.cleanup();
  });

  function service(opts: { path?: string; trusted?: boolean } = {}): RunService {
    const settings: RunSettings = { ...defaultRunSettings, influx: { ...defaultRunSettings.influx, url: influx.url, database: 'k6' } };
    const s = new RunService({
      store,
      cluster: () => ({ ok: false, error: kubeError('no-kubeconfig', 'No kubeconfig.') }),
      events,
      settings: () => settings,
      metrics: () => runMetricsFor({ url: influx.url, version: 1, database: 'k6' }, store),
      credentials: async () => ({ apiToken: 'tok-123' }),
      isTrusted: () => opts.trusted ?? true,
      env: { PATH: opts.path ?? `${fakeK6Dir}${path.delimiter}${process.env.PATH}` },
      periodMs: () => 250,
    });
    services.push(s);
    return s;
  }

  /** A real script against `target`; port 9 refuses, so every request fails there. */
  function script(opts: { target?: string; duration?: string } = {}): string {
    const f = path.join(tmp.dir, 'pets.js');
    const target = opts.target ?? `${echo.url}/pets/1`;
    fs.writeFileSync(
      f,
      `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: 2, duration: '${opts.duration ?? '1s'}', thresholds: { http_req_failed: ['rate<0.01'] } };\nexport default function () { http.get('${target}', { tags: { name: 'GET /pets/{petId}' } }); sleep(0.05); }\n`,
    );
    return f;
  }

  it('runs k6 on this machine, streams its output, and stores a passing summary from InfluxDB', async () => {
    const s = service();
    const r = await s.startLocally({ scriptFile: script() });
    assert.ok(r.ok, !r.ok ? r.problems.join() : '');
    assert.equal(r.run.engine, 'local');
    const final = (await s.whenDone(r.run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 0]);
    assert.ok(events.outputOf(r.run.id).some((l) => l.includes(`output: InfluxDBv1 (${influx.url})`)));
    const done = events.finishedRuns.find((f) => f.run.id === r.run.id)!;
    assert.deepEqual(done.summary, { ok: true, verdict: 'passed' });
    const stored = store.summaries.get(r.run.id)!;
    assert.equal(stored.verdict, 'passed');
    assert.ok((stored.summary as { requests: number }).requests > 0);
    assert.equal((stored.summary as { requests: number }).requests, echo.arrived.length, 'the summary counts every request the server received');
    assert.deepEqual((stored.summary as { endpoints: { name: string }[] }).endpoints.map((e) => e.name), ['GET /pets/{petId}']);
  });

  it('exit 99: finished, and the summary judged from InfluxDB also fails the thresholds', async () => {
    const s = service();
    const r = await s.startLocally({ scriptFile: script({ target: 'http://127.0.0.1:9/pets/1' }) });
    assert.ok(r.ok);
    const final = (await s.whenDone(r.run.id))!;
    assert.deepEqual([final.state, final.exitCode], ['finished', 99]);
    assert.equal(store.summaries.get(r.run.id)!.verdict, 'failed');
  });

  it('stop interrupts k6; the run is stopped and keeps what it measured', async () => {
    const s = service();
    const r = await s.startLocally({ scriptFile: script({ duration: '2m' }) });
    assert.ok(r.ok);
    await events.until(() => events.outputOf(r.run.id).some((l) => l.startsWith('running (')), 'k6 is running');
    const stopped = await s.stop(r.run.id);
    assert.ok(stopped.ok && stopped.run?.state === 'stopped');
    assert.ok(events.outputOf(r.run.id).some((l) => l.includes('Stopping k6 in response to signal')));
  });

  it('without k6 on the PATH: a clear install message and no record', async () => {
    const r = await service({ path: tmp.dir }).startLocally({ scriptFile: script() });
    assert.ok(!r.ok);
    assert.equal(r.stage, 'k6-missing');
    assert.match(r.problems[0], /k6 is not installed or not on the PATH.*install-k6/);
    assert.deepEqual(store.runs.list(), []);
  });

  it('Restricted Mode starts no process', async () => {
    const r = await service({ trusted: false }).startLocally({ scriptFile: script() });
    assert.ok(!r.ok && r.stage === 'restricted');
    assert.deepEqual(store.runs.list(), []);
  });
});
