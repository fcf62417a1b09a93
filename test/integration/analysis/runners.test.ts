// Results merged across generators: an Indexed Job's (or a TestRun's) runners write under one
// testid, each with its own `runner` tag. The summary's percentiles, error rate and thresholds
// are computed by InfluxDB over all runners' samples together — equal to the union of the
// samples — not averaged per runner.
import { strict as assert } from 'node:assert';
import { summarizeRun } from '../../../src/app/metrics/index';
import { InfluxQlDialect } from '../../../src/infra/influx/influxqlDialect';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { k6TrendPercentile, k6Run, petstoreEndpoints, type SeededRun } from '../../support/k6Seed';

const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
const wide = { start: t0 - 60_000, end: t0 + 600_000 };

describe('a distributed run: two runners merged into one summary', function () {
  this.timeout(60_000);
  let influx: InfluxdServer;
  let runners: SeededRun[];

  before(async () => {
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    // Runner 1 is slower and fails more than runner 0, and sends fewer requests.
    runners = [
      k6Run({ testid: 'mv-dist', start: t0, durationSeconds: 40, rps: 30, vus: 6, endpoints: petstoreEndpoints, seed: 31, tags: { runner: '0' } }),
      k6Run({
        testid: 'mv-dist',
        start: t0,
        durationSeconds: 40,
        rps: 10,
        vus: 6,
        endpoints: petstoreEndpoints.map((e) => ({ ...e, latencyMs: { min: e.latencyMs.min * 4, max: e.latencyMs.max * 4 }, errorRate: 0.3 })),
        seed: 32,
        tags: { runner: '1' },
      }),
    ];
    for (const r of runners) await influx.write('k6', r.lines);
  });

  after(async () => {
    await influx?.close();
  });

  it('percentiles, error rate, per-endpoint p95 and thresholds equal those of the union of both runners\' samples', async () => {
    const dialect = new InfluxQlDialect({ url: influx.url, database: 'k6' });
    const res = await summarizeRun(dialect, 'mv-dist', wide, { thresholds: { http_req_duration: ['p(95)<1000'], http_req_failed: ['rate<0.1'] } });
    assert.ok(res.ok, res.ok ? '' : res.error.message);
    const s = res.value;
    const all = runners.flatMap((r) => r.requests);
    const durations = all.map((r) => r.durationMs);
    assert.equal(s.requests, all.length, 'every sample of both runners counted: none overwritten');
    assert.equal(s.latency.p95, k6TrendPercentile(durations, 95));
    assert.equal(s.latency.p99, k6TrendPercentile(durations, 99));
    assert.equal(s.latency.p50, k6TrendPercentile(durations, 50));
    const failed = all.filter((r) => r.failed).length;
    assert.ok(Math.abs(s.errorRate - failed / all.length) < 1e-12);
    // Not the mean of per-runner values (which would weigh the small slow runner as much as the big one).
    const perRunner = runners.map((r) => k6TrendPercentile(r.requests.map((q) => q.durationMs), 95) as number);
    assert.notEqual(s.latency.p95, (perRunner[0] + perRunner[1]) / 2);
    const perRunnerErrors = runners.map((r) => r.requests.filter((q) => q.failed).length / r.requests.length);
    assert.ok(Math.abs(s.errorRate - (perRunnerErrors[0] + perRunnerErrors[1]) / 2) > 0.01);
    for (const e of s.endpoints) {
      const mine = all.filter((r) => r.name === e.name);
      assert.equal(e.count, mine.length);
      assert.equal(e.p95, k6TrendPercentile(mine.map((r) => r.durationMs), 95), e.name);
    }
    assert.equal(s.vusMax, 12, 'both runners\' 6 VUs together');
    const windows = await dialect.windows('mv-dist', { range: { start: t0, end: t0 + 40_000 }, windowMs: 5000 });
    assert.ok(windows.ok);
    assert.deepEqual([...new Set(windows.value.windows.map((w) => w.vus))], [12], 'each window\'s VUs: the sum of the runners\'');
    const [p95Threshold, failedThreshold] = s.thresholds ?? [];
    assert.equal(p95Threshold.actual, k6TrendPercentile(durations, 95));
    assert.ok(Math.abs((failedThreshold.actual ?? -1) - failed / all.length) < 1e-12);
    assert.equal(failedThreshold.ok, failed / all.length < 0.1);
  });
});
