// Endpoint-list time of the two large corpus documents, our way (read + hash + JSON.parse +
// walk `paths`, no dereferencing) against @apidevtools/swagger-parser's `dereference` of the
// same files, in the same run. Ours is measured in-thread and through the worker thread the
// extension uses (dist/openapiWorker.js, built by `npm run bench`), warm but with an empty cache.
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

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function oursInThread(file: string, runs: number): Promise<{ ms: number; operations: number }> {
  const times: number[] = [];
  let operations = 0;
  for (let i = 0; i < runs + 1; i++) {
    setDocumentEngine(new InlineEngine());
    forgetCachedSources();
    const ms = await time(async () => (operations = (await analyzeOpenApiWithStrategy(file)).operations.length));
    if (i > 0) times.push(ms);
  }
  return { ms: median(times), operations };
}

/** One worker for the whole series, as in the extension; its parsed-document cache is emptied before each run. */
async function oursInWorker(file: string, runs: number): Promise<number> {
  const times: number[] = [];
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
  return median(times);
}

async function baseline(file: string, runs: number): Promise<{ ms: number; operations: number }> {
  const times: number[] = [];
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
  return { ms: median(times), operations };
}

export async function bench(): Promise<BenchReport> {
  const lines: string[] = [];
  const data: Record<string, unknown> = {};
  const haveWorker = fs.existsSync(workerFile);
  for (const name of files) {
    const file = path.join(corpus, name);
    const ours = await oursInThread(file, 7);
    const worker = haveWorker ? await oursInWorker(file, 5) : undefined;
    const base = await baseline(file, 3);
    const ratio = base.ms / ours.ms;
    const workerRatio = worker ? base.ms / worker : undefined;
    lines.push(
      `${name}: ${ours.operations} operations in ${ours.ms.toFixed(1)} ms in-thread` +
        (worker ? `, ${worker.toFixed(1)} ms via the worker` : ' (worker not built)') +
        `; swagger-parser dereference ${base.ms.toFixed(1)} ms (${base.operations} operations)` +
        ` → ${ratio.toFixed(1)}× faster in-thread${workerRatio ? `, ${workerRatio.toFixed(1)}× via the worker` : ''} (goal ≥ 4×)`,
    );
    data[name] = { oursMs: ours.ms, workerMs: worker, baselineMs: base.ms, ratio, workerRatio, operations: ours.operations, baselineOperations: base.operations, goalMet: Math.min(ratio, workerRatio ?? ratio) >= 4 };
  }
  return { name: 'OpenAPI endpoint list vs swagger-parser dereference', lines, data };
}
