// The analysis step on a real influxd seeded as k6 writes, with runs whose problems start at
// known seconds and a healthy run: each problem is found near where it starts, the healthy run
// has no warning, a regression is judged per endpoint against a baseline and never against the
// run itself; the CLI's summary and report carry the findings; a hostile test id is refused.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'parse5';
import { summarizeRun } from '../../../src/app/metrics/index';
import type { Finding } from '../../../src/core/analysis/finding';
import type { RunSummary } from '../../../src/core/metrics/types';
import { InfluxQlDialect } from '../../../src/infra/influx/influxqlDialect';
import { runCli } from '../../support/cli';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { k6Run, petstoreEndpoints, type SeedRun } from '../../support/k6Seed';
import { makeTempDir } from '../../support/tempDir';
import { findAll, parseXml } from '../../support/xml';

// Two hours ago on a whole minute: inside the CLI's default look-back.
const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const wide = { start: t0 - 3_600_000, end: t0 + 3_600_000 };
/** Calm endpoints: a few errors, latencies of tens of ms. */
const calm = petstoreEndpoints.map((e) => ({ ...e, errorRate: 0.01 }));
const base = { durationSeconds: 90, rps: 40, vus: 10, endpoints: calm };

const runs: SeedRun[] = [
  { ...base, testid: 'mv-healthy', start: t0, seed: 1 },
  // Closed model: 8 req/s per VU until the service caps at 160 req/s at 20 VUs (second 32).
  {
    ...base,
    testid: 'mv-plateau',
    start: t0 + 200_000,
    seed: 2,
    profile: (s) => {
      const vus = 4 + Math.floor(s / 2);
      const rps = Math.min(vus * 8, 160);
      return { vus, rps, latencyFactor: (vus * 8) / rps };
    },
  },
  { ...base, testid: 'mv-errors', start: t0 + 400_000, seed: 3, profile: (s) => (s >= 50 ? { errorRate: 0.25 } : {}) },
  { ...base, testid: 'mv-early', start: t0 + 600_000, seed: 4, profile: (s) => (s < 15 ? { errorRate: 0.95 } : {}) },
  { ...base, testid: 'mv-slower', durationSeconds: 120, start: t0 + 800_000, seed: 5, profile: (s) => (s >= 70 ? { latencyFactor: 2.5 } : {}) },
  { ...base, testid: 'mv-base', start: t0 + 1_000_000, seed: 6 },
  { ...base, testid: 'mv-equal', start: t0 + 1_200_000, seed: 7 },
  // GET /pets 60 % slower than in mv-base; the other endpoints as they were.
  { ...base, testid: 'mv-regress', start: t0 + 1_400_000, seed: 8, endpoints: calm.map((e) => (e.name === 'GET /pets' ? { ...e, latencyMs: { min: e.latencyMs.min * 1.6, max: e.latencyMs.max * 1.6 } } : e)) },
];

const startOf = (id: string) => runs.find((r) => r.testid === id)?.start as number;
const secondOf = (f: Finding | undefined, id: string) => (Date.parse(f?.from ?? '') - startOf(id)) / 1000;
const warnings = (s: RunSummary) => (s.findings ?? []).filter((f) => f.severity !== 'info');

describe('findings on a real InfluxDB seeded with known problems', function () {
  this.timeout(180_000);
  let influx: InfluxdServer;
  let dialect: InfluxQlDialect;
  const summaries = new Map<string, RunSummary>();
  let env: NodeJS.ProcessEnv;
  const home = makeTempDir('mv-home-');
  const reports = makeTempDir('mv-reports-');

  before(async () => {
    influx = await startInfluxd();
    await influx.admin('CREATE DATABASE k6');
    for (const r of runs) await influx.write('k6', k6Run(r).lines);
    dialect = new InfluxQlDialect({ url: influx.url, database: 'k6' });
    for (const r of runs) {
      const baseline = r.testid === 'mv-regress' || r.testid === 'mv-equal' ? summaries.get('mv-base') : undefined;
      const s = await summarizeRun(dialect, r.testid, wide, { analysis: baseline ? { baseline: { runId: 'mv-base', summary: baseline } } : {} });
      assert.ok(s.ok, s.ok ? '' : s.error.message);
      summaries.set(r.testid, s.value);
    }
    env = { PATH: process.env.PATH, HOME: home.dir, INFLUXDB_URL: influx.url, INFLUXDB_DB: 'k6' };
  });

  after(async () => {
    await influx?.close();
    home.cleanup();
    reports.cleanup();
  });

  const get = (id: string) => summaries.get(id) as RunSummary;
  const find = (id: string, kind: Finding['kind']) => get(id).findings?.find((f) => f.kind === kind);

  it('the healthy run, and a run equal to its baseline, report no warning', () => {
    assert.deepEqual(warnings(get('mv-healthy')), []);
    assert.deepEqual(warnings(get('mv-base')), []);
    assert.deepEqual(get('mv-equal').findings, []);
  });

  it('throughput plateau: found near second 32, at about 160 req/s and 20 VUs', () => {
    const f = find('mv-plateau', 'throughput-plateau');
    assert.ok(f, JSON.stringify(get('mv-plateau').findings));
    assert.ok(Math.abs(secondOf(f, 'mv-plateau') - 32) <= 6, `starts at second ${secondOf(f, 'mv-plateau')}`);
    const plateau = Number(/about (\d+(?:\.\d+)?) req\/s/.exec(f.title)?.[1]);
    assert.ok(plateau > 145 && plateau < 175, f.title);
    const knee = Number(/from (\d+) VUs/.exec(f.title)?.[1]);
    assert.ok(knee >= 17 && knee <= 24, f.title);
  });

  it('error-rate increase: found near second 50', () => {
    const f = find('mv-errors', 'error-rate-increase');
    assert.ok(f, JSON.stringify(get('mv-errors').findings));
    assert.ok(Math.abs(secondOf(f, 'mv-errors') - 50) <= 4, `starts at second ${secondOf(f, 'mv-errors')}`);
    assert.equal(find('mv-errors', 'early-failures'), undefined);
  });

  it('early failures: found from the first second, critical', () => {
    const f = find('mv-early', 'early-failures');
    assert.ok(f, JSON.stringify(get('mv-early').findings));
    assert.equal(secondOf(f, 'mv-early'), 0);
    assert.equal(f.severity, 'critical');
  });

  it('latency increase at steady load: found near second 70', () => {
    const f = find('mv-slower', 'latency-increase');
    assert.ok(f, JSON.stringify(get('mv-slower').findings));
    assert.ok(Math.abs(secondOf(f, 'mv-slower') - 70) <= 4, `starts at second ${secondOf(f, 'mv-slower')}`);
  });

  it('regression against the baseline: on the slower endpoint only', () => {
    const found = get('mv-regress').findings ?? [];
    assert.deepEqual(found.filter((f) => f.kind === 'regression' || f.kind === 'improvement').map((f) => [f.kind, f.endpoint]), [['regression', 'GET /pets']]);
  });

  it('CLI summary: findings in --json, against a baseline per endpoint, never against the run itself; --fail-on exits 99', async () => {
    const regress = await runCli(['summary', '--testid', 'mv-regress', '--baseline', 'mv-base', '--json'], env);
    assert.equal(regress.code, 0, regress.stderr);
    const out = JSON.parse(regress.stdout) as RunSummary & { baseline: { baselineRunId: string } };
    assert.deepEqual(out.findings?.filter((f) => f.kind === 'regression').map((f) => f.endpoint), ['GET /pets']);
    assert.equal(out.baseline.baselineRunId, 'mv-base');
    const self = await runCli(['summary', '--testid', 'mv-base', '--baseline', 'mv-base', '--json'], env);
    assert.equal(self.code, 0, self.stderr);
    assert.deepEqual((JSON.parse(self.stdout) as RunSummary).findings?.filter((f) => f.kind === 'regression' || f.kind === 'improvement'), []);
    assert.equal((await runCli(['summary', '--testid', 'mv-regress', '--baseline', 'mv-base', '--fail-on', 'warning'], env)).code, 99);
    assert.equal((await runCli(['summary', '--testid', 'mv-healthy', '--fail-on', 'warning'], env)).code, 0);
    const early = await runCli(['summary', '--testid', 'mv-early', '--fail-on', 'critical'], env);
    assert.equal(early.code, 99);
    assert.match(early.stdout, /\[CRITICAL\] early-failures/);
  });

  it('a hostile test id is refused with exit 2 before any query', async () => {
    for (const id of [`x' OR 1=1 --`, 'mv"; DROP DATABASE k6', '../../etc/passwd', 'a'.repeat(65)]) {
      for (const args of [['summary', '--testid', id], ['report', '--testid', id, '--format', 'md'], ['summary', '--testid', 'mv-base', '--baseline', id]]) {
        const r = await runCli(args, env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /is not a run id/);
      }
    }
    const still = await runCli(['summary', '--testid', 'mv-healthy', '--json'], env);
    assert.equal(JSON.parse(still.stdout).testid, 'mv-healthy', 'the database is intact');
  });

  it('reports: Markdown tables, JUnit XML and a self-contained HTML file, parsed', async () => {
    const dir = reports.dir;
    for (const format of ['md', 'junit', 'html', 'json']) {
      const r = await runCli(['report', '--testid', 'mv-regress', '--baseline', 'mv-base', '--format', format, '--out', path.join(dir, `report.${format}`), '--threshold', 'http_req_duration:p(95)<1'], env);
      assert.equal(r.code, 0, r.stderr);
    }
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    const lines = md.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| endpoint |'));
    assert.ok(header > 0, md);
    const cells = (l: string) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    const rows = lines.slice(header + 2).filter((_l, i, a) => a.slice(0, i + 1).every((x) => x.startsWith('|'))).map(cells);
    assert.deepEqual(rows.map((r) => r[0]).sort(), ['GET /pets', 'GET /pets/\\{petId\\}', 'POST /pets']);
    assert.match(rows.find((r) => r[0] === 'GET /pets')?.[5] ?? '', /^\+\d+\.\d % worse$/);
    assert.match(md, /`regression`: GET \/pets is slower than baseline mv-base/);

    const junit = parseXml(fs.readFileSync(path.join(dir, 'report.junit'), 'utf8'));
    const cases = findAll(junit, 'testcase');
    const failed = cases.filter((c) => findAll(c, 'failure').length).map((c) => c.attrs.classname);
    assert.ok(failed.includes('metric-vault.thresholds') && failed.includes('metric-vault.findings.regression'), failed.join());
    assert.equal(junit.attrs.failures, String(failed.length));

    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    const doc = parse(html);
    const text = JSON.stringify(doc, (k, v) => (k === 'parentNode' ? undefined : v));
    assert.match(text, /"tagName":"svg"/);
    assert.doesNotMatch(text, /"tagName":"(script|link|img|iframe)"/);
    assert.match(html, /GET \/pets is slower than baseline mv-base/);

    const json = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.equal(json.summary.testid, 'mv-regress');
    assert.equal(json.baseline.summary.testid, 'mv-base');
  });
});
