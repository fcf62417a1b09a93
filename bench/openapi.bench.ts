// Endpoint-list time of the two large corpus documents, our way (read + hash + JSON.parse +
// walk `paths`, no dereferencing) against @apidevtools/swagger-parser's `dereference` of the
// same files, in the same run. Ours is measured in-thread and through the worker thread the
// extension uses (dist/openapiWorker.js, built by `npm run bench`), warm but with an empty cache.
// Both wall time and process CPU time (all threads, so the worker's work counts) are reported:
// on a shared 2-core machine the CPU time is the steadier of the two.
import SwaggerParser from '@apidevtools/swagger-parser';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchReport } from './index';
import { analyzeOpenApiWithStrategy, forgetCachedSources, InlineEngine, setDocumentEngine, WorkerEngine } from '../src/infra/openapi/index';

const corpus = path.resolve(__dirname, '../test/fixtures/openapi/corpus');
const files = ['stripe-2022-04-12.spec3.json', 'kubernetes-1.12.swagger.json'];
const workerFile = path.resolve(__dirname, '../dist/openapiWorker.js');
const tiny = path.join(corpus, 'petstore.yaml');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Timing {
  wall: number;
  cpu: number;
}

async function time(fn: () => Promise<unknown>): Promise<Timing> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

function medians(ts: Timing[]): Timing {
  return { wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) };
}

async function oursInThread(file: string, runs: number): Promise<{ ms: Timing; operations: number }> {
  const times: Timing[] = [];
  let operations = 0;
  for (let i = 0; i < runs + 1; i++) {
    setDocumentEngine(new InlineEngine());
    forgetCachedSources();
    const ms = await time(async () => (operations = (await analyzeOpenApiWithStrategy(file)).operations.length));
    if (i > 0) times.push(ms);
  }
  return { ms: medians(times), operations };
}

/** One worker for the whole series, as in the extension; its parsed-document cache is emptied before each run. */
async function oursInWorker(file: string, runs: number): Promise<Timing> {
  const times: Timing[] = [];
  const engine = new WorkerEngine(workerFile);
  setDocumentEngine(engine);
  await analyzeOpenApiWithStrategy(tiny); // start the worker outside the measurement
  for (let i = 0; i < runs + 1; i++) {
    forgetCachedSources();
    await engine.forget();
    const ms = await time(() => analyzeOpenApiWithStrategy(file));
    if (i > 0) times.push(ms);
  }
  setDocumentEngine(undefined);
  return medians(times);
}

async function baseline(file: string, runs: number): Promise<{ ms: Timing; operations: number }> {
  const times: Timing[] = [];
  let operations = 0;
  for (let i = 0; i < runs + 1; i++) {
    let api: { paths?: Record<string, Record<string, unknown>> } = {};
    const ms = await time(async () => {
      api = (await SwaggerParser.dereference(file)) as typeof api;
      operations = 0;
      for (const item of Object.values(api.paths ?? {})) for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) if (item[m]) operations++;
    });
    if (i > 0) times.push(ms);
  }
  return { ms: medians(times), operations };
}

export async function bench(): Promise<BenchReport> {
  const lines: string[] = [];
  const data: Record<string, unknown> = {};
  const haveWorker = fs.existsSync(workerFile);
  for (const name of files) {
    const file = path.join(corpus, name);
    const ours = await oursInThread(file, 9);
    const worker = haveWorker ? await oursInWorker(file, 9) : undefined;
    const base = await baseline(file, 5);
    const ratio = { wall: base.ms.wall / ours.ms.wall, cpu: base.ms.cpu / ours.ms.cpu };
    const workerRatio = worker ? { wall: base.ms.wall / worker.wall, cpu: base.ms.cpu / worker.cpu } : undefined;
    const f = (t: Timing) => `${t.wall.toFixed(1)} ms wall / ${t.cpu.toFixed(1)} ms CPU`;
    const r = (x: { wall: number; cpu: number }) => `${x.wall.toFixed(1)}× wall, ${x.cpu.toFixed(1)}× CPU`;
    lines.push(`${name}: ${ours.operations} operations (swagger-parser: ${base.operations})`);
    lines.push(`  ours in-thread      ${f(ours.ms)}  → ${r(ratio)} faster`);
    if (worker && workerRatio) lines.push(`  ours via the worker ${f(worker)}  → ${r(workerRatio)} faster`);
    else lines.push('  (worker not built: run `node esbuild.mjs` first)');
    lines.push(`  swagger-parser dereference ${f(base.ms)}   (goal: ours ≥ 4× faster)`);
    data[name] = { ours: ours.ms, worker, baseline: base.ms, ratio, workerRatio, operations: ours.operations, baselineOperations: base.operations };
  }
  return { name: 'OpenAPI endpoint list vs swagger-parser dereference', lines, data };
}
