// The k6 stand-in as a load generator (issue 10: tens of VUs at hundreds of requests/s on 2
// cores). Against one loopback server, in the same run:
// - closed model, no think time: the stand-in's requests/s with 20 VUs vs a baseline of a
//   bare Node process keeping 20 keep-alive requests in flight (the most one Node process
//   sends here), as a ratio;
// - paced: 20 VUs with sleep(0.1) should make ~200 requests/s (less the answer time): the
//   stand-in's requests/s vs that, as a ratio.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchReport } from './index';
import { runK6 } from '../test/support/fakeK6/run';

const seconds = 5;
const vus = 20;

const baselineClient = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const [port, vus, ms] = process.argv.slice(1).map(Number);
let n = 0;
const end = Date.now() + ms;
const one = () => new Promise((resolve) => http.get({ host: '127.0.0.1', port, path: '/a', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve));
Promise.all(Array.from({ length: vus }, async () => { while (Date.now() < end) { await one(); n++; } })).then(() => { console.log(n); agent.destroy(); });
`;

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.once('error', reject);
    child.once('close', () => resolve(out.trim()));
  });
}

export async function bench(): Promise<BenchReport> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-k6-bench-'));
  try {
    const baseline = Number(await runNode(['-e', baselineClient, String(port), String(vus), String(seconds * 1000)])) / seconds;
    const script = path.join(dir, 'load.js');
    fs.writeFileSync(
      script,
      `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: ${vus}, duration: '${seconds}s' };\nexport default function () { http.get('http://127.0.0.1:${port}/a'); if (__ENV.THINK) sleep(Number(__ENV.THINK)); }\nexport function handleSummary(d) { return { stdout: JSON.stringify({ rate: d.metrics.http_reqs.values.rate }) }; }\n`,
    );
    const rateOf = async (extra: string[]) => {
      const r = await runK6(['run', '-q', ...extra, script], { timeoutMs: 120000 });
      return (JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { rate: number }).rate;
    };
    const closed = await rateOf([]);
    const paced = await rateOf(['-e', 'THINK=0.1']);
    const pacedTarget = vus / 0.1;
    return {
      name: 'k6 stand-in as a load generator',
      lines: [
        `closed model, ${vus} VUs, no think time: ${closed.toFixed(0)} req/s vs bare Node baseline ${baseline.toFixed(0)} req/s = ${(closed / baseline).toFixed(2)}×`,
        `paced, ${vus} VUs with sleep(0.1): ${paced.toFixed(0)} req/s vs the ${pacedTarget} req/s the pacing allows = ${(paced / pacedTarget).toFixed(2)}×`,
      ],
      data: { vus, seconds, baselineRps: baseline, closedRps: closed, pacedRps: paced, pacedTarget },
    };
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
