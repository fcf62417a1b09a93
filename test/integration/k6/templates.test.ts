// Each template in k6-templates/ runs (one iteration, k6 stand-in) and sends its request with
// the endpoint name tag, the summary JSON written by its handleSummary.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6Script } from '../../support/k6shim';

const dir = path.resolve(__dirname, '../../../k6-templates');

describe('k6-templates run', function () {
  this.timeout(60000);
  let echo: EchoServer;
  before(async () => {
    echo = await startEchoServer();
  });
  after(() => echo?.close());

  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    it(`${file} sends GET /health tagged with its name, checks it and writes the summary`, async () => {
      echo.arrived.splice(0);
      const run = await runK6Script(fs.readFileSync(path.join(dir, file), 'utf8'), { env: { BASE_URL: echo.url, SUMMARY_PATH: 'out.json' } });
      assert.deepEqual(run.errors, []);
      assert.deepEqual(echo.arrived.map((a) => `${a.method} ${a.target}`), ['GET /health']);
      assert.deepEqual(run.requests.map((r) => r.tags.name), ['GET /health']);
      assert.deepEqual(run.checks.map((c) => [c.name, c.passed]), [['status is 200', true]]);
      assert.equal((JSON.parse(run.files['out.json']) as { metrics: { http_reqs: { values: { count: number } } } }).metrics.http_reqs.values.count, 1);
      // k6's default (compact) text summary stays on stdout: thresholds by metric with the value
      // judged, checks, then the metrics by category with k6's units.
      const text = run.files.stdout;
      assert.match(text, /█ THRESHOLDS\n\n {4}http_req_duration\n {4}✓ 'p\(95\)<\d+' p\(95\)=[\d.]+(µs|ms|s)\n/);
      assert.match(text, /\n {4}http_req_failed\n {4}✓ 'rate<0\.01' rate=0\.00%\n/);
      assert.match(text, /█ TOTAL RESULTS\n\n {4}checks_total\.+: 1 +[\d.]+\/s\n {4}checks_succeeded\.+: 100\.00% 1 out of 1\n {4}checks_failed\.+: 0\.00% {3}0 out of 1\n\n {4}✓ status is 200\n/);
      assert.match(text, /\n {4}HTTP\n {4}http_req_duration\.+: avg=[\d.]+(µs|ms|s) +min=.* p\(95\)=[\d.]+(µs|ms|s)\n {6}\{ expected_response:true \}\.+: avg=/);
      assert.match(text, /\n {4}http_req_failed\.+: 0\.00% +0 out of 1\n {4}http_reqs\.+: 1 +[\d.]+\/s\n/);
      assert.match(text, /\n {4}EXECUTION\n {4}iteration_duration\.+: avg=.*\n {4}iterations\.+: 1 +[\d.]+\/s\n {4}vus\.+: \d+ +min=\d+ +max=\d+\n/);
      assert.match(text, /\n {4}NETWORK\n {4}data_received\.+: [\d.]+ k?B +[\d.]+ k?B\/s\n/);
    });
  }
});
