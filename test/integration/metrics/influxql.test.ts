// The InfluxQL dialect, the run summary and the live session against a real influxd
// seeded exactly as k6's InfluxDB v1 output writes: two runs overlapping in time,
// several endpoints, errors. Every expected number is computed from the seeded samples.
import { strict as assert } from 'node:assert';
import { createLiveMetricsSession, finishedRunSeries, summarizeRun, type TickResult } from '../../../src/app/metrics/index';
import type { WindowPoint } from '../../../src/core/metrics/types';
import { batchPoints } from '../../../src/core/metrics/windows';
import type { MetricsDialect, WindowsRequest } from '../../../src/infra/influx/dialect';
import { InfluxQlDialect } from '../../../src/infra/influx/influxqlDialect';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { k6Run, petstoreEndpoints, type SeededRun } from '../../support/k6Seed';
import { main } from '../../../src/cli/main';
import { expectedSummary, expectedWindows } from './expected';

// Two hours ago, on a whole minute: inside the CLI's default look-back.
const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const wide = { start: t0 - 3_600_000, end: t0 + 3_600_000 };

describe('metrics over a real InfluxDB 1.x (InfluxQL)', function () {
  this.timeout(120_000);
  let influx: InfluxdServer;
  let dialect: InfluxQlDialect;
  let runA: SeededRun;
  let runB: SeededRun;

  before(async () => {
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    runA = k6Run({ testid: 'mv-a', start: t0, durationSeconds: 60, rps: 20, vus: 8, endpoints: petstoreEndpoints, seed: 1 });
    // A teammate's run at the same time, slower and with other error rates: it must not leak into run A.
    runB = k6Run({
      testid: 'mv-b',
      start: t0 + 10_000,
      durationSeconds: 30,
      rps: 10,
      vus: 3,
      endpoints: petstoreEndpoints.map((e) => ({ ...e, latencyMs: { min: e.latencyMs.min * 3, max: e.latencyMs.max * 3 }, errorRate: 0.3 })),
      seed: 2,
    });
    await influx.write('k6', runA.lines);
    await influx.write('k6', runB.lines);
    dialect = new InfluxQlDialect({ url: influx.url, database: 'k6' });
  });

  after(async () => {
    await influx?.close();
  });

  for (const which of ['mv-a', 'mv-b'] as const) {
    it(`summarizes run ${which}: TPS, p50/p90/p95/p99, max, error rate and endpoints equal the seeded data`, async () => {
      const run = which === 'mv-a' ? runA : runB;
      const want = expectedSummary(run);
      const res = await summarizeRun(dialect, which, wide);
      assert.ok(res.ok, res.ok ? '' : res.error.message);
      const s = res.value;
      assert.equal(s.testid, which);
      assert.equal(s.requests, want.requests);
      assert.equal(s.start, new Date(want.start).toISOString());
      assert.equal(s.end, new Date(want.end).toISOString());
      assert.ok(Math.abs(s.rps - want.rps) < 1e-9, `rps ${s.rps} vs ${want.rps}`);
      assert.deepEqual(
        { p50: s.latency.p50, p90: s.latency.p90, p95: s.latency.p95, p99: s.latency.p99, max: s.latency.max },
        { p50: want.p50, p90: want.p90, p95: want.p95, p99: want.p99, max: want.max },
      );
      assert.ok(Math.abs(s.errorRate - want.errorRate) < 1e-12);
      assert.equal(s.vusMax, want.vusMax);
      assert.equal(s.endpoints.length, want.endpoints.size);
      for (const e of s.endpoints) {
        const w = want.endpoints.get(e.name)!;
        assert.equal(e.count, w.count, e.name);
        assert.equal(e.p95, w.p95, e.name);
        assert.ok(Math.abs(e.errorRate - w.failed / w.count) < 1e-12, e.name);
      }
      assert.equal(s.verdict, 'passed');
    });
  }

  it('computes the run p95 over the whole range, not as an average of window p95s', async () => {
    const want = expectedSummary(runA);
    const windows = [...expectedWindows(runA, 1000).values()];
    const averaged = windows.reduce((sum, w) => sum + (w.p95 ?? 0), 0) / windows.length;
    const res = await summarizeRun(dialect, 'mv-a', wide);
    assert.ok(res.ok);
    assert.equal(res.value.latency.p95, want.p95);
    assert.notEqual(res.value.latency.p95, averaged);
  });

  it('answers per-window rps, percentiles and errors equal to the seeded samples in each window', async () => {
    const res = await dialect.windows('mv-a', { range: { start: t0, end: t0 + 60_000 }, windowMs: 5000 });
    assert.ok(res.ok);
    const want = expectedWindows(runA, 5000);
    assert.equal(res.value.windows.length, want.size);
    for (const p of batchPoints(res.value)) {
      const w = want.get(p.t)!;
      assert.equal(p.requests, w.requests);
      assert.equal(p.rps, w.requests / 5);
      assert.equal(p.errorRate, w.failed / w.requests);
      assert.deepEqual([p.p50, p.p95, p.p99, p.max], [w.p50, w.p95, w.p99, w.max]);
      assert.equal(p.sentPerSec, w.sent / 5);
      assert.equal(p.vus, 8);
    }
  });

  it('judges thresholds on whole-run aggregates and fails the run when one fails', async () => {
    const want = expectedSummary(runA);
    const post = want.endpoints.get('POST /pets')!;
    const res = await summarizeRun(dialect, 'mv-a', wide, {
      thresholds: {
        http_req_duration: [`p(95)<${want.p95! + 1}`, { threshold: `max<${want.max}` }],
        'http_req_failed{name:POST /pets}': ['rate<0.01'],
        http_reqs: [`count>=${want.requests}`],
      },
    });
    assert.ok(res.ok);
    const verdicts = res.value.thresholds!.map((t) => [t.metric, t.expression, t.actual, t.ok]);
    assert.deepEqual(verdicts, [
      ['http_req_duration', `p(95)<${want.p95! + 1}`, want.p95, true],
      ['http_req_duration', `max<${want.max}`, want.max, false],
      ['http_req_failed{name:POST /pets}', 'rate<0.01', post.failed / post.count, false],
      ['http_reqs', `count>=${want.requests}`, want.requests, true],
    ]);
    assert.equal(res.value.verdict, 'failed');
  });

  it('says plainly when a run id has no points, and refuses an invalid run id before querying', async () => {
    const none = await summarizeRun(dialect, 'mv-nobody', wide);
    assert.ok(!none.ok);
    assert.equal(none.error.kind, 'not-found');
    assert.match(none.error.message, /no k6 points tagged testid=mv-nobody/);
    let queried = 0;
    const counting = new InfluxQlDialect({ url: influx.url, database: 'k6', onStats: () => queried++ });
    const bad = await counting.overall(`mv-a' OR testid =~ /.*/`, wide);
    assert.ok(!bad.ok);
    assert.equal(bad.error.kind, 'invalid');
    assert.equal(queried, 0);
  });

  it('reports a missing database as "waiting" rather than an outage', async () => {
    const session = createLiveMetricsSession({ dialect: new InfluxQlDialect({ url: influx.url, database: 'not_yet' }), testid: 'mv-a', start: t0, now: () => t0 + 5000 });
    const tick = await session.tick();
    assert.equal(tick.status, 'waiting');
    assert.equal(tick.error?.kind, 'not-found');
  });

  it('builds the same series from incremental ticks as from one whole-range query, reading only new windows', async () => {
    const run = k6Run({ testid: 'mv-live', start: t0, durationSeconds: 40, rps: 15, vus: 4, endpoints: petstoreEndpoints, seed: 3 });
    const lines = run.lines.map((l) => ({ l, ms: Number(l.slice(l.lastIndexOf(' ') + 1, -6)) }));
    let clock = t0;
    let written = 0;
    const recording = recordRanges(dialect);
    const session = createLiveMetricsSession({ dialect: recording.dialect, testid: 'mv-live', start: t0, now: () => clock, settleMs: 3000 });
    const ticks: TickResult[] = [];
    for (clock = t0 + 5000; clock <= t0 + 55_000; clock += 5000) {
      // k6 pushes once a second: points reach InfluxDB up to a second late.
      const due = lines.filter((x) => x.ms < clock - 1000);
      await influx.write('k6', due.slice(written).map((x) => x.l));
      written = due.length;
      ticks.push(await session.tick());
    }
    await influx.write('k6', lines.slice(written).map((x) => x.l));
    ticks.push(await session.tick());
    assert.ok(ticks.every((t) => t.status === 'live'));

    const whole = await dialect.windows('mv-live', { range: { start: t0, end: t0 + 60_000 }, windowMs: 1000 });
    assert.ok(whole.ok);
    assert.deepEqual(session.snapshot().series, batchPoints(whole.value));

    // Each tick started at the previous tick's first incomplete window and spanned only the
    // tick interval plus the settle margin — never the run so far.
    for (const [i, r] of recording.ranges.entries()) {
      assert.ok(r.range.end - r.range.start <= 5000 + 2 * 3000 + 1000, `tick ${i} asked for ${r.range.end - r.range.start} ms`);
      if (i > 0) assert.ok(r.range.start > recording.ranges[i - 1].range.start, `tick ${i} went back`);
    }

    // The live endpoint table counts every request, as the summary does.
    const summary = await summarizeRun(dialect, 'mv-live', wide);
    assert.ok(summary.ok);
    const table = ticks[ticks.length - 1].endpoints.rows.map((r) => [r.name, r.count]);
    assert.deepEqual(table, summary.value.endpoints.map((e) => [e.name, e.count]));
  });

  it('shows "delayed" while InfluxDB is down and resumes with no gap when it is back', async () => {
    const run = k6Run({ testid: 'mv-outage', start: t0, durationSeconds: 30, rps: 10, vus: 2, endpoints: petstoreEndpoints, seed: 4 });
    await influx.write('k6', run.lines);
    let clock = t0 + 5000;
    const session = createLiveMetricsSession({ dialect, testid: 'mv-outage', start: t0, now: () => clock });
    assert.equal((await session.tick()).status, 'live');
    await influx.stop();
    try {
      clock += 5000;
      const down = await session.tick();
      assert.equal(down.status, 'delayed');
      assert.equal(down.error?.kind, 'unreachable');
      assert.equal(down.series, undefined);
      clock += 5000;
      assert.equal((await session.tick()).status, 'delayed');
    } finally {
      await influx.start();
    }
    clock = t0 + 40_000;
    const back = await session.tick();
    assert.equal(back.status, 'live');
    const whole = await dialect.windows('mv-outage', { range: { start: t0, end: t0 + 40_000 }, windowMs: 1000 });
    assert.ok(whole.ok);
    const series = session.snapshot().series;
    assert.deepEqual(series, batchPoints(whole.value));
    assert.equal(series.length, 30, 'one point for every second of the run');
  });

  it('prints the summary with `metric-vault summary --testid ID --influx URL --db k6 --json`', async () => {
    const want = expectedSummary(runA);
    const r = await cli(['summary', '--testid', 'mv-a', '--influx', influx.url, '--db', 'k6', '--from', new Date(wide.start).toISOString(), '--to', new Date(wide.end).toISOString(), '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out) as Record<string, unknown> & { latency: Record<string, number>; endpoints: { name: string; count: number }[] };
    assert.equal(s.testid, 'mv-a');
    assert.equal(s.start, new Date(want.start).toISOString());
    assert.equal(s.end, new Date(want.end).toISOString());
    assert.equal(s.requests, want.requests);
    assert.ok(Math.abs((s.rps as number) - want.rps) < 1e-9);
    assert.deepEqual(s.latency, { p50: want.p50, p90: want.p90, p95: want.p95, p99: want.p99, max: want.max, avg: s.latency.avg });
    assert.ok(Math.abs((s.errorRate as number) - want.errorRate) < 1e-12);
    assert.equal(s.vusMax, want.vusMax);
    assert.deepEqual(s.endpoints.map((e) => e.count).sort(), [...want.endpoints.values()].map((e) => e.count).sort());
    const human = await cli(['summary', '--testid', 'mv-a', '--influx', influx.url]);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /Run mv-a: PASSED/);
    assert.match(human.out, /ENDPOINT\s+COUNT\s+RPS\s+P95 MS\s+ERRORS/);
  });

  it('exits 99 when a --threshold fails, 2 on bad input, 1 when there is no data or no InfluxDB', async () => {
    const want = expectedSummary(runA);
    const failed = await cli(['summary', '--testid', 'mv-a', '--influx', influx.url, '--threshold', `http_req_duration:p(95)<${want.p95}`, '--threshold', 'http_req_failed{name:GET /pets}:rate<0.5', '--json']);
    assert.equal(failed.code, 99);
    const s = JSON.parse(failed.out) as { verdict: string; thresholds: { ok: boolean }[] };
    assert.equal(s.verdict, 'failed');
    assert.deepEqual(s.thresholds.map((t) => t.ok), [false, true]);
    assert.equal((await cli(['summary', '--testid', 'mv-a', '--influx', influx.url, '--threshold', `http_req_duration:p(95)<=${want.p95}`])).code, 0);
    assert.equal((await cli(['summary', '--influx', influx.url])).code, 2);
    const bad = await cli(['summary', '--testid', 'a b', '--influx', influx.url]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a run id/);
    assert.equal((await cli(['summary', '--testid', 'mv-a', '--influx', 'not a url'])).code, 2);
    assert.equal((await cli(['summary', '--testid', 'mv-a', '--threshold', 'nonsense'])).code, 2);
    const none = await cli(['summary', '--testid', 'mv-nobody', '--influx', influx.url]);
    assert.equal(none.code, 1);
    assert.match(none.err, /no k6 points tagged testid=mv-nobody/);
    const down = await cli(['summary', '--testid', 'mv-a', '--influx', 'http://127.0.0.1:9']);
    assert.equal(down.code, 1);
    assert.match(down.err, /unreachable/);
  });

  it('gives a finished run its whole series in one query with at most ~3600 points', async () => {
    const res = await finishedRunSeries(dialect, 'mv-a', { start: t0, end: t0 + 60_000 });
    assert.ok(res.ok);
    assert.equal(res.value.windowMs, 1000);
    const total = res.value.points.reduce((s: number, p: WindowPoint) => s + p.requests, 0);
    assert.equal(total, runA.requests.length);
  });
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: {}, cwd: process.cwd() });
  return { code, out, err };
}

function recordRanges(inner: MetricsDialect): { dialect: MetricsDialect; ranges: WindowsRequest[] } {
  const ranges: WindowsRequest[] = [];
  const dialect: MetricsDialect = {
    name: inner.name,
    windows: (testid, req) => {
      ranges.push(req);
      return inner.windows(testid, req);
    },
    overall: (testid, range) => inner.overall(testid, range),
    aggregate: (testid, range, specs) => inner.aggregate(testid, range, specs),
    endpointWindows: (testid, req) => inner.endpointWindows(testid, req),
    ping: () => inner.ping(),
  };
  return { dialect, ranges };
}
