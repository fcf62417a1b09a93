// `runK6Script(text)`: runs a k6 script with the k6 stand-in's engine (test/support/fakeK6)
// in this process, to check what the script sends: each scenario's exec function runs
// `iterations` times on one VU (no pacing), with real HTTP, and everything is returned —
// the requests with their tags and answers, the checks, the samples, iteration errors,
// console logs, handleSummary's files and the thresholds. For load as k6 makes it, run the
// stand-in executable (test/support/fakeK6/k6) instead.
import * as path from 'node:path';
import { Engine, type EngineSample, type WireRequest, type WireResult } from '../fakeK6/engine/engine.mjs';

export interface ShimOptions {
  /** `__ENV` as `k6 run -e K=V` would give it. */
  env?: Record<string, string>;
  /** Where the script lives (for open()); need not exist. */
  scriptPath?: string;
  /** Iterations per scenario (one VU runs them in turn). Default 1. */
  iterations?: number;
  /** Give up after this long. Default 30 s. */
  timeoutMs?: number;
}

export interface SentRequest extends WireRequest {
  tags: Record<string, string>;
  result: WireResult;
}

export type Sample = EngineSample;

export interface ShimRun {
  /** Every request the script made, in order, with the tags k6 attaches. */
  requests: SentRequest[];
  checks: { name: string; passed: boolean; tags: Record<string, string> }[];
  samples: Sample[];
  /** Uncaught errors per iteration (k6 logs them and goes on). */
  errors: { scenario: string; iteration?: number; message: string }[];
  logs: { level: string; text: string }[];
  /** The summary data handed to handleSummary. */
  summary: NonNullable<Awaited<ReturnType<Engine['run']>>['summary']>;
  /** What handleSummary returned (file name → content); nothing is written to disk. */
  files: Record<string, string>;
  thresholds: { metric: string; expression: string; actual: number | undefined; ok: boolean }[];
  exitCode: number;
}

export async function runK6Script(scriptText: string, opts: ShimOptions = {}): Promise<ShimRun> {
  const requests: SentRequest[] = [];
  const samples: Sample[] = [];
  const logs: ShimRun['logs'] = [];
  let stderr = '';
  const engine = new Engine({
    scriptPath: path.resolve(opts.scriptPath ?? path.join(process.cwd(), 'k6shim-script.js')),
    scriptText,
    env: opts.env ?? {},
    cli: { quiet: true, 'no-summary': true },
    outputs: [],
    tags: {},
    processEnv: {},
    checkIterations: opts.iterations ?? 1,
    writeFiles: false,
    hooks: {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      onSample: (s) => samples.push(s),
      onRequest: (req, tags, result) => requests.push({ ...req, tags, result }),
      onLog: (level, text, fields) => fields.source === 'console' && logs.push({ level, text }),
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      engine.stop(105);
      reject(new Error(`k6 stand-in: the script did not finish within ${opts.timeoutMs ?? 30000} ms`));
    }, opts.timeoutMs ?? 30000);
  });
  try {
    const result = await Promise.race([engine.run(), timeout]);
    if (!result.summary) throw new Error(`k6 stand-in: the script failed (exit ${result.exitCode}): ${stderr.trim()}`);
    return {
      requests,
      samples,
      logs,
      checks: samples.filter((s) => s.metric === 'checks').map((s) => ({ name: s.tags.check, passed: s.value === 1, tags: s.tags })),
      errors: result.errors,
      summary: result.summary,
      files: result.files ?? {},
      thresholds: (result.thresholds ?? []).map((t) => ({ metric: t.key, expression: t.source, actual: t.actual, ok: t.ok })),
      exitCode: result.exitCode,
    };
  } finally {
    clearTimeout(timer);
  }
}
