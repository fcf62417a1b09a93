// A small stand-in for the k6 runtime (no k6 binary can run here): runs a k6 script's
// init code, setup, each scenario's exec function and handleSummary in a worker thread,
// with `k6`, `k6/http`, `k6/execution`, `k6/encoding`, `k6/metrics`, `__ENV` and `open`
// behaving like k6's. HTTP requests really go out (from this thread, with node:http) while
// the script thread blocks, so the script sees k6's synchronous API.
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { perform, type WireRequest, type WireResult } from './httpClient';

export interface ShimOptions {
  /** `__ENV` as `k6 run -e K=V` would give it. */
  env?: Record<string, string>;
  /** Where the script lives (for open()); need not exist. */
  scriptPath?: string;
  /** Iterations per scenario (one VU runs them in turn). Default 1. */
  iterations?: number;
  /** Actually sleep in sleep() (capped at 5 s per call). Default false. */
  realSleep?: boolean;
  /** Give up after this long (the script thread is terminated). Default 30 s. */
  timeoutMs?: number;
}

export interface SentRequest extends WireRequest {
  tags: Record<string, string>;
  result: WireResult;
}

export interface Sample {
  metric: string;
  type: string;
  value: number;
  tags: Record<string, string>;
}

export interface ShimRun {
  /** Every request the script made, in order, with the tags k6 would attach. */
  requests: SentRequest[];
  checks: { name: string; passed: boolean; tags: Record<string, string> }[];
  samples: Sample[];
  /** Uncaught errors per iteration (k6 logs them and goes on). */
  errors: { scenario: string; iteration?: number; message: string }[];
  logs: { level: string; text: string }[];
  /** The summary data handed to handleSummary. */
  summary: { metrics: Record<string, { type: string; values: Record<string, number> }> };
  /** What handleSummary returned (file name → content). */
  files: Record<string, string>;
  thresholds: { metric: string; expression: string; actual: number; ok: boolean }[];
  options: Record<string, unknown>;
}

const workerFile = path.join(__dirname, 'worker.mjs');

export async function runK6Script(scriptText: string, opts: ShimOptions = {}): Promise<ShimRun> {
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const requests: SentRequest[] = [];
  const worker = new Worker(workerFile, {
    execArgv: [],
    workerData: {
      scriptText,
      scriptPath: path.resolve(opts.scriptPath ?? path.join(process.cwd(), 'k6shim-script.js')),
      env: opts.env ?? {},
      port: port2,
      flag,
      iterations: opts.iterations ?? 1,
      realSleep: opts.realSleep ?? false,
      maxIterationsPerScenario: 1000,
    },
    transferList: [port2],
  });
  const reply = (message: unknown) => {
    port1.postMessage(message);
    Atomics.store(flagView, 0, 1);
    Atomics.notify(flagView, 0);
  };
  port1.on('message', (msg: { type: string; payload: { requests: WireRequest[]; tags: Record<string, string>[] } }) => {
    if (msg.type !== 'http') return reply({ error: `unknown call ${msg.type}` });
    const { requests: batch, tags } = msg.payload;
    Promise.all(batch.map((r) => perform(r))).then(
      (results) => {
        results.forEach((result, i) => requests.push({ ...batch[i], tags: tags[i], result }));
        reply(results);
      },
      (err: unknown) => reply(batch.map(() => ({ status: 0, error: String(err), errorCode: 1000, headers: {}, body: new Uint8Array(0), timings: {} }))),
    );
  });
  try {
    const outcome = await new Promise<{ ok: boolean; result?: Omit<ShimRun, 'requests'>; error?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`k6 stand-in: the script did not finish within ${opts.timeoutMs ?? 30000} ms`)), opts.timeoutMs ?? 30000);
      worker.on('message', (m: { type: string; ok: boolean; result?: Omit<ShimRun, 'requests'>; error?: string }) => {
        if (m.type !== 'done') return;
        clearTimeout(timer);
        resolve(m);
      });
      worker.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`k6 stand-in: the script thread exited (${code})`));
      });
    });
    if (!outcome.ok || !outcome.result) throw new Error(`k6 stand-in: the script failed: ${outcome.error}`);
    return { ...outcome.result, requests };
  } finally {
    port1.close();
    await worker.terminate();
  }
}
