// The k6 stand-in (test/support/fakeK6/k6) really runs scripts: every request it sends reaches
// the target, and InfluxDB stores exactly one point per sample in k6's v1 layout — the count
// the server saw = http_reqs points = handleSummary's count, for every per-request and
// per-iteration metric. Executors pace as k6's do; thresholds, script errors and signals end
// the run with k6's exit codes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { type InfluxdServer, startInfluxd } from '../../support/influxd';
import { runK6 } from '../../support/fakeK6/run';
import { makeTempDir } from '../../support/tempDir';

interface Series {
  name: string;
  columns: string[];
  values: unknown[][];
}

describe('the k6 stand-in runs scripts for real', function () {
  this.timeout(90000);
  let influx: InfluxdServer;
  let echo: EchoServer;
  let tmp: ReturnType<typeof makeTempDir>;
  before(async () => {
    [influx, echo] = await Promise.all([startInfluxd(), startEchoServer((a) => (a.path.startsWith('/fail') ? 503 : 200))]);
  });
  after(async () => {
    await echo?.close();
    await influx?.close();
  });
  beforeEach(() => {
    tmp = makeTempDir();
    echo.arrived.splice(0);
  });
  afterEach(() => tmp.cleanup());

  const script = (text: string) => {
    const f = path.join(tmp.dir, 'test.js');
    fs.writeFileSync(f, text);
    return f;
  };
  const query = async (q: string): Promise<Series[]> => {
    const res = await fetch(`${influx.url}/query?db=k6&q=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { results: { series?: Series[]; error?: string }[] };
    if (body.results[0].error) throw new Error(body.results[0].error);
    return body.results[0].series ?? [];
  };
  const count = async (metric: string, testid: string) => {
    const s = await query(`SELECT count("value") FROM "${metric}" WHERE testid = '${testid}'`);
    return s.length ? Number(s[0].values[0][1]) : 0;
  };
  const summaryOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>; root_group: { groups: { name: string; path: string; checks: { name: string; path: string; passes: number; fails: number }[] }[]; checks: { name: string; passes: number; fails: number }[] }; state: { testRunDurationMs: number } };

  it('count test: requests received = http_reqs points in InfluxDB = handleSummary count, for every metric k6 writes per request and per iteration', async () => {
    const f = script(`import http from 'k6/http';
import { check, group } from 'k6';
export const options = { vus: 4, duration: '3s' };
export default function () {
  group('pets', () => {
    const res = http.get(__ENV.BASE_URL + '/pets/' + __VU, { tags: { name: 'GET /pets/{id}' } });
    check(res, { 'status is 200': (r) => r.status === 200 });
  });
  http.get(__ENV.BASE_URL + '/fail', { tags: { name: 'GET /fail' } });
}
export function handleSummary(data) { return { 'summary.json': JSON.stringify(data) }; }
`);
    const r = await runK6(['run', '--out', `influxdb=${influx.url}/k6`, '--tag', 'testid=count-1', '-e', `BASE_URL=${echo.url}`, f], { cwd: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    const summary = summaryOf(tmp.dir);
    const received = echo.arrived.length;
    assert.ok(received >= 40, `4 VUs for 3 s against loopback make many requests (got ${received})`);
    assert.equal(summary.metrics.http_reqs.values.count, received);
    for (const metric of ['http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'http_req_failed']) {
      assert.equal(await count(metric, 'count-1'), received, `${metric}: one point per request`);
    }
    const iterations = summary.metrics.iterations.values.count;
    assert.equal(iterations * 2, received);
    for (const metric of ['iterations', 'iteration_duration', 'data_sent', 'data_received']) assert.equal(await count(metric, 'count-1'), iterations, `${metric}: one point per iteration`);
    assert.equal(await count('checks', 'count-1'), iterations);
    assert.equal(await count('group_duration', 'count-1'), iterations);
    assert.ok((await count('vus', 'count-1')) >= 3, 'vus every second');
    assert.deepEqual([summary.metrics.vus.values.max, summary.metrics.vus_max.values.value], [4, 4], '4 VUs ran, 4 were started');
    assert.equal(summary.metrics.http_req_failed.values.passes, received / 2, 'every GET /fail (503) counts as failed');
    assert.deepEqual(summary.root_group.groups.map((g) => [g.name, g.path, g.checks.map((c) => [c.path, c.passes, c.fails])]), [['pets', '::pets', [['::pets::status is 200', iterations, 0]]]]);
    // k6's layout: tags as tags, url as a string field, value a float; empty group left out.
    const tagKeys = (await query('SHOW TAG KEYS FROM "http_reqs"'))[0].values.map((v) => v[0]);
    assert.deepEqual(tagKeys, ['expected_response', 'group', 'method', 'name', 'proto', 'scenario', 'status', 'testid']);
    const fields = (await query('SHOW FIELD KEYS FROM "http_reqs"'))[0].values;
    assert.deepEqual(fields, [['url', 'string'], ['value', 'float']]);
    const rows = await query(`SELECT * FROM "http_req_duration" WHERE testid = 'count-1' AND "name" = 'GET /fail' LIMIT 1`);
    const row = Object.fromEntries(rows[0].columns.map((c, i) => [c, rows[0].values[0][i]]));
    assert.equal(row.url, `${echo.url}/fail`);
    assert.equal(row.status, '503');
    assert.equal(row.expected_response, 'false');
    assert.equal(row.method, 'GET');
    assert.equal(row.proto, 'HTTP/1.1');
    assert.equal(row.scenario, 'default');
    assert.equal(row.group, null, 'the root group is an empty tag, which the line protocol leaves out');
    const grouped = await query(`SELECT count("value") FROM "http_reqs" WHERE testid = 'count-1' GROUP BY "group"`);
    assert.deepEqual(grouped.map((s) => [(s as unknown as { tags: { group: string } }).tags.group, s.values[0][1]]), [['', received / 2], ['::pets', received / 2]]);
    // The text summary is replaced by handleSummary's (empty) stdout, as in k6.
    assert.doesNotMatch(r.stdout, /TOTAL RESULTS/);
    assert.match(r.stdout, /scenarios: \(100\.00%\) 1 scenario, 4 max VUs/);
  });
});
