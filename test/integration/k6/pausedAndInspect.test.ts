// The two k6 commands k6-operator relies on, in the stand-in: `k6 run --paused` initializes and
// then waits for a resume through k6's REST API (`PATCH /v1/status`, what the operator's starter
// sends), and `k6 inspect --execution-requirements` prints the script's options with its total
// duration and VUs (what the operator's initializer runs), or fails with k6's 107.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6 } from '../../support/fakeK6/run';
import { freeLoopbackPort } from '../../support/influxd';
import { makeTempDir } from '../../support/tempDir';
import { waitUntilAsync } from '../../support/waitUntilAsync';

describe('the k6 stand-in as k6-operator runs it (--paused, inspect)', function () {
  this.timeout(60_000);
  let echo: EchoServer;
  let tmp: ReturnType<typeof makeTempDir>;
  before(async () => {
    echo = await startEchoServer();
  });
  after(async () => echo?.close());
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
  const status = async (port: number, patch?: boolean) => {
    const init = patch ? { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }) } : {};
    const res = await fetch(`http://127.0.0.1:${port}/v1/status`, init);
    return { code: res.status, attributes: ((await res.json()) as { data: { attributes: { paused: boolean; running: boolean } } }).data.attributes };
  };

  it('run --paused sends nothing until PATCH /v1/status unpauses it, then runs the whole test', async () => {
    const port = await freeLoopbackPort();
    const file = script(`import http from 'k6/http';
export const options = { vus: 2, iterations: 4 };
export default function () { http.get('${echo.url}/hit'); }
`);
    let exited = false;
    const run = runK6(['run', '--paused', `--address=127.0.0.1:${port}`, file]).finally(() => (exited = true));
    await waitUntilAsync(async () => (await status(port).catch(() => undefined))?.code === 200, 'k6 answers on its REST API');
    assert.deepEqual((await status(port)).attributes, { paused: true, running: false, stopped: false, tainted: false });
    assert.equal(echo.arrived.length, 0);
    assert.equal(exited, false, 'still waiting for the resume');
    const resumed = await status(port, true);
    assert.deepEqual([resumed.code, resumed.attributes.paused], [200, false]);
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(echo.arrived.length, 4);
    assert.match(r.stdout, /iterations\.+: 4 /);
  });

  it('a paused run stopped by SIGTERM never starts the test and exits with 105', async () => {
    const port = await freeLoopbackPort();
    const file = script(`import http from 'k6/http';
export default function () { http.get('${echo.url}/hit'); }
`);
    let pid = 0;
    const run = runK6(['run', '--paused', `--address=127.0.0.1:${port}`, file], { onStart: (p) => (pid = p) });
    await waitUntilAsync(async () => (await status(port).catch(() => undefined))?.code === 200, 'k6 answers on its REST API');
    process.kill(pid, 'SIGTERM');
    const r = await run;
    assert.equal(r.code, 105, r.stderr);
    assert.equal(echo.arrived.length, 0);
  });

  it('inspect --execution-requirements prints the options with totalDuration and maxVUs; a script that throws gives 107', async () => {
    const ok = await runK6(['inspect', '--execution-requirements', script(`export const options = {
  scenarios: {
    browse: { executor: 'constant-vus', vus: 3, duration: '20s' },
    buy: { executor: 'ramping-vus', startTime: '10s', stages: [{ duration: '10s', target: 5 }], gracefulRampDown: '0s' },
  },
  thresholds: { http_req_failed: ['rate<0.01'] },
};
export default function () {}
`)]);
    assert.equal(ok.code, 0, ok.stderr);
    const printed = JSON.parse(ok.stdout) as { scenarios: object; thresholds: object; totalDuration: string; maxVUs: number };
    assert.deepEqual(printed.thresholds, { http_req_failed: ['rate<0.01'] });
    assert.deepEqual(Object.keys(printed.scenarios), ['browse', 'buy']);
    // 20 s + 30 s gracefulStop for browse; 10 s start + 10 s stages + 30 s gracefulStop for buy.
    assert.deepEqual([printed.totalDuration, printed.maxVUs], ['50s', 8]);

    const bad = await runK6(['inspect', '--execution-requirements', script(`throw new Error('not loadable');\nexport default function () {}\n`)]);
    assert.equal(bad.code, 107);
    assert.match(bad.stderr, /Error: not loadable/);
  });
});
