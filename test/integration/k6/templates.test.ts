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
      // k6's usual text summary stays on stdout: thresholds judged, every metric with its statistics.
      const text = run.files.stdout;
      assert.match(text, /✓ http_req_failed: rate<0\.01/);
      assert.match(text, /█ TOTAL RESULTS/);
      assert.match(text, /http_reqs\.+: count=1 rate=[\d.]+\/s/);
      assert.match(text, /http_req_duration\.+: avg=[\d.]+m?s .*p\(95\)=[\d.]+m?s/);
      assert.match(text, /http_req_failed\.+: rate=0\.00%/);
    });
  }
});
