// The Flux dialect: what it asks InfluxDB 2.x, and how it reads the annotated-CSV answer.
// No 2.x server runs here, so the answers below are annotated CSV as InfluxDB 2.x sends it
// for these queries (several yields, tables with their own #datatype/#group/#default rows).
import { strict as assert } from 'node:assert';
import { aggregatesFromRows, fluxAggregateQuery, fluxOverallQuery, fluxWindowsQuery, overallFromRows, parseAnnotatedCsv, windowBatchFromRows } from '../../../src/infra/influx/fluxDialect';

const t0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const req = { range: { start: t0, end: t0 + 3000 }, windowMs: 1000, recentRange: { start: t0 - 27_000, end: t0 + 3000 } };

describe('Flux dialect', () => {
  describe('query building', () => {
    it('bounds every query by a time range and filters by the run id as a string literal', () => {
      for (const q of [fluxWindowsQuery('k6', 'mv-1', req).toString(), fluxOverallQuery('k6', 'mv-1', req.range).toString()]) {
        assert.match(q, /from\(bucket: "k6"\)\s*\|> range\(start: 2026-01-15T10:00:00\.000Z, stop: 2026-01-15T10:00:03\.000Z\)/);
        assert.match(q, /r\.testid == "mv-1" and r\._field == "value"/);
        assert.equal((q.match(/from\(bucket:/g) ?? []).length, (q.match(/\|> range\(/g) ?? []).length, 'every from() has its range()');
      }
    });

    it('a distributed run\'s peak VUs: all runners added up, one runner\'s peak only when that is all there is', () => {
      assert.equal(overallFromRows([{ result: 'vus', _measurement: 'vus', _value: 6 }, { result: 'vus_all_runners', _measurement: 'vus', _value: 12 }]).vusMax, 12);
      assert.equal(overallFromRows([{ result: 'vus', _measurement: 'vus', _value: 6 }]).vusMax, 6);
      assert.match(fluxOverallQuery('k6', 'mv-1', req.range).toString(), /group\(columns: \["runner"\]\)[\s\S]*fn: sum[\s\S]*yield\(name: "vus_all_runners"\)/);
    });

    it('asks for windows, percentiles, VUs, per-endpoint counts and the recent p95 in one query', () => {
      const q = fluxWindowsQuery('k6', 'mv-1', req).toString();
      for (const name of ['sums', 'p50', 'p90', 'p95', 'p99', 'max', 'vus', 'endpoints', 'recent_p95']) assert.match(q, new RegExp(`yield\\(name: "${name}"\\)`));
      // A distributed run's VUs: each runner's highest in the window, summed.
      assert.match(q, /"vus"\)\s*\|> group\(columns: \["runner"\]\)\s*\|> aggregateWindow\(every: [^\n]*fn: max[^\n]*\n\s*\|> group\(\)\s*\|> aggregateWindow\(every: [^\n]*fn: sum/);
      assert.match(q, /aggregateWindow\(every: duration\(v: "1000ms"\), fn: sum, createEmpty: false, timeSrc: "_start"\)/);
      assert.match(q, /quantile\(q: 0\.95, method: "exact_selector", column: column\)/);
      assert.match(q, /range\(start: 2026-01-15T09:59:33\.000Z, stop: 2026-01-15T10:00:03\.000Z\)/);
      assert.doesNotMatch(fluxWindowsQuery('k6', 'mv-1', { range: req.range, windowMs: 1000 }).toString(), /recent_p95/);
    });

    it('escapes user data instead of letting it change the query', () => {
      const evil = 'k6") |> drop(columns: ["_value"]) //';
      const q = fluxAggregateQuery(evil, 'mv-1', req.range, [{ fn: 'percentile', p: 95, metric: 'http_req_duration', tags: { name: 'GET /x" or r.testid != "' } }]);
      assert.equal(typeof q, 'object');
      const text = q.toString();
      assert.ok(text.includes('from(bucket: "k6\\") |> drop(columns: [\\"_value\\"]) //")'));
      assert.ok(text.includes('r["name"] == "GET /x\\" or r.testid != \\""'));
      assert.ok(text.includes('quantile(q: 0.95, method: "exact_selector") |> yield(name: "a0")'));
    });

    it('refuses metric and tag names that are not identifiers', () => {
      assert.match(String(fluxAggregateQuery('k6', 'mv-1', req.range, [{ fn: 'max', metric: 'x") |> drop(', tags: {} }])), /not a metric name/);
      assert.match(String(fluxAggregateQuery('k6', 'mv-1', req.range, [{ fn: 'max', metric: 'vus', tags: { 'a"]': 'b' } }])), /not a tag name/);
      assert.match(String(fluxAggregateQuery('k6', 'mv-1', req.range, [{ fn: 'percentile', p: 101, metric: 'vus', tags: {} }])), /not between 0 and 100/);
    });
  });

  describe('annotated CSV', () => {
    const windowsCsv = [
      '#group,false,false,true,true,false,false,true',
      '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string',
      '#default,sums,,,,,,',
      ',result,table,_start,_stop,_time,_value,_measurement',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,20,http_reqs',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:01Z,18,http_reqs',
      ',,1,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,2,http_req_failed',
      ',,2,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,2048,data_sent',
      ',,3,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,10240,data_received',
      '',
      '#group,false,false,true,true,false,false',
      '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double',
      '#default,p95,,,,,',
      ',result,table,_start,_stop,_time,_value',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,91.137',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:01.000000000Z,105.46',
      '',
      '#group,false,false,true,true,false,false',
      '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double',
      '#default,vus,,,,,',
      ',result,table,_start,_stop,_time,_value',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,8',
      '',
      '#group,false,false,true,true,false,false,true,true',
      '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string',
      '#default,endpoints,,,,,,,',
      ',result,table,_start,_stop,_time,_value,_measurement,name',
      ',,0,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,12,http_reqs,"GET /pets/{petId}"',
      ',,1,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,1,http_req_failed,"GET /pets/{petId}"',
      ',,2,2026-01-15T10:00:00Z,2026-01-15T10:00:03Z,2026-01-15T10:00:00Z,8,http_reqs,"POST /pets, ""v2"""',
      '',
      '#group,false,false,true,true,false,true',
      '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double,string',
      '#default,recent_p95,,,,,',
      ',result,table,_start,_stop,_value,name',
      ',,0,2026-01-15T09:59:33Z,2026-01-15T10:00:03Z,88.5,"GET /pets/{petId}"',
      '',
    ].join('\r\n');

    it('reads typed rows across tables and yields, with quoted cells', () => {
      const rows = parseAnnotatedCsv(windowsCsv);
      assert.equal(rows.length, 12);
      assert.deepEqual(rows[0], {
        result: 'sums',
        table: 0,
        _start: '2026-01-15T10:00:00Z',
        _stop: '2026-01-15T10:00:03Z',
        _time: '2026-01-15T10:00:00Z',
        _value: 20,
        _measurement: 'http_reqs',
      });
      assert.equal(rows[10].name, 'POST /pets, "v2"');
    });

    it('turns a windows answer into the same batch shape the InfluxQL dialect produces', () => {
      const batch = windowBatchFromRows(parseAnnotatedCsv(windowsCsv), req);
      assert.deepEqual(batch.windows, [
        { t: t0, requests: 20, failed: 2, p50: null, p90: null, p95: 91.137, p99: null, max: null, vus: 8, dataSent: 2048, dataReceived: 10240 },
        { t: t0 + 1000, requests: 18, failed: 0, p50: null, p90: null, p95: 105.46, p99: null, max: null, vus: null, dataSent: 0, dataReceived: 0 },
      ]);
      assert.deepEqual(batch.endpoints, [
        { t: t0, name: 'GET /pets/{petId}', requests: 12, failed: 1 },
        { t: t0, name: 'POST /pets, "v2"', requests: 8, failed: 0 },
      ]);
      assert.deepEqual(batch.recentP95, { 'GET /pets/{petId}': 88.5 });
    });

    it('reads a whole-run answer: sums, percentiles, peak VUs, endpoints and the run extent', () => {
      const csv = [
        '#group,false,false,true,true,false,true',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double,string',
        '#default,sums,,,,,',
        ',result,table,_start,_stop,_value,_measurement',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,1200,http_reqs',
        ',,1,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,31,http_req_failed',
        ',,2,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,1200,iterations',
        '',
        '#group,false,false,true,true,false',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double',
        '#default,p99,,,,',
        ',result,table,_start,_stop,_value',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,322.298',
        '',
        '#group,false,false,true,true,false,true',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double,string',
        '#default,vus,,,,,',
        ',result,table,_start,_stop,_value,_measurement',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,8,vus',
        ',,1,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,10,vus_max',
        '',
        '#group,false,false,true,true,false,true,true',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double,string,string',
        '#default,endpoint_sums,,,,,,',
        ',result,table,_start,_stop,_value,_measurement,name',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,700,http_reqs,GET /pets',
        ',,1,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,7,http_req_failed,GET /pets',
        '',
        '#group,false,false,true,true,false,true',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double,string',
        '#default,endpoint_p95,,,,,',
        ',result,table,_start,_stop,_value,name',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,96.363,GET /pets',
        '',
        '#group,false,false,false,false,false,false,false',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string',
        '#default,first,,,,,,',
        ',result,table,_start,_stop,_time,_value,_measurement',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,2026-01-15T10:00:00.000123456Z,8,vus',
        '',
        '#group,false,false,false,false,false,false,false',
        '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string',
        '#default,last,,,,,,',
        ',result,table,_start,_stop,_time,_value,_measurement',
        ',,0,2026-01-15T09:00:00Z,2026-01-15T11:00:00Z,2026-01-15T10:00:59.966Z,1,http_reqs',
        '',
      ].join('\n');
      const o = overallFromRows(parseAnnotatedCsv(csv));
      assert.deepEqual(o.extent, { start: t0, end: t0 + 59_966 });
      assert.equal(o.requests, 1200);
      assert.equal(o.failed, 31);
      assert.equal(o.iterations, 1200);
      assert.equal(o.dataSent, 0);
      assert.equal(o.latency.p99, 322.298);
      assert.equal(o.latency.p50, null);
      assert.equal(o.vusMax, 8, 'peak active VUs, not the allocated maximum');
      assert.deepEqual(o.endpoints, [{ name: 'GET /pets', requests: 700, failed: 7, p95: 96.363 }]);
    });

    it('reads one value per threshold aggregate, null where a yield had no rows', () => {
      const csv = [
        '#group,false,false,false',
        '#datatype,string,long,double',
        '#default,a0,,',
        ',result,table,_value',
        ',,0,96.363',
        '',
        '#group,false,false,false',
        '#datatype,string,long,long',
        '#default,a2,,',
        ',result,table,_value',
        ',,0,1200',
        '',
      ].join('\n');
      assert.deepEqual(aggregatesFromRows(parseAnnotatedCsv(csv), 3), [96.363, null, 1200]);
    });

    it('turns an in-band error table into an error', () => {
      const csv = '#datatype,string,string\n#group,true,true\n#default,,\n,error,reference\n,failed to execute query: bucket not found,897\n';
      assert.throws(() => parseAnnotatedCsv(csv), /bucket not found/);
    });
  });
});
