import { strict as assert } from 'node:assert';
import type { OverallAggregates } from '../../../src/core/metrics/aggregates';
import { buildSummary, summaryToCsv } from '../../../src/core/metrics/summary';

const agg: OverallAggregates = {
  extent: { start: Date.UTC(2026, 0, 1, 12, 0, 0), end: Date.UTC(2026, 0, 1, 12, 1, 40) },
  requests: 1000,
  failed: 25,
  iterations: 1000,
  dataSent: 100_000,
  dataReceived: 400_000,
  latency: { p50: 12, p90: 40, p95: 55.5, p99: 120, max: 300, avg: 20 },
  vusMax: 10,
  endpoints: [
    { name: 'GET /pets', requests: 400, failed: 0, p95: 30 },
    { name: '=HYPERLINK("x")', requests: 600, failed: 25, p95: 70 },
  ],
};

describe('run summary', () => {
  it('has the documented shape: rates over the run, error rate 0..1, endpoints by count', () => {
    const s = buildSummary('mv-1', agg);
    assert.equal(s.start, '2026-01-01T12:00:00.000Z');
    assert.equal(s.end, '2026-01-01T12:01:40.000Z');
    assert.equal(s.durationSeconds, 100);
    assert.equal(s.rps, 10);
    assert.equal(s.errorRate, 0.025);
    assert.deepEqual(s.latency, agg.latency);
    assert.equal(s.vusMax, 10);
    assert.deepEqual(s.endpoints.map((e) => [e.name, e.count, e.rps, e.p95, e.errorRate]), [
      ['=HYPERLINK("x")', 600, 6, 70, 25 / 600],
      ['GET /pets', 400, 4, 30, 0],
    ]);
    assert.equal(s.verdict, 'passed');
    assert.equal('thresholds' in s, false);
  });

  it('exports CSV that a spreadsheet opens safely: quoted, formulas neutralised', () => {
    const csv = summaryToCsv(buildSummary('mv-1', agg, { thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<50', actual: 55.5, ok: false }] }));
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'scope,name,requests,rps,p50_ms,p90_ms,p95_ms,p99_ms,max_ms,error_rate,vus_max,start,end,verdict');
    assert.equal(lines[1], 'run,mv-1,1000,10,12,40,55.5,120,300,0.025,10,2026-01-01T12:00:00.000Z,2026-01-01T12:01:40.000Z,failed');
    assert.equal(lines[2], `endpoint,"'=HYPERLINK(""x"")",600,6,,,70,,,${25 / 600},,,,`);
    assert.equal(lines[4], 'threshold,http_req_duration: p(95)<50,,,,,,,,,,,,failed');
  });
});
