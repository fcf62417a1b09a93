// The k6 runtime stand-in, worker side. The script runs here, unchanged, as an ES module:
// `k6`, `k6/http`, ... resolve to the modules in ./modules through an in-thread module hook.
// HTTP calls block this thread (Atomics.wait) while the main thread performs them with real
// sockets, so the script sees k6's synchronous API. One VU (__VU = 1) runs each scenario's
// iterations in turn; this is for checking what a script sends, not for generating load.
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { state } from './modules/state.mjs';

const { scriptText, scriptPath, env, port, flag, iterations, realSleep, maxIterationsPerScenario } = workerData;
const here = dirname(fileURLToPath(import.meta.url));
const moduleUrls = Object.fromEntries(
  [['k6', 'k6.mjs'], ['k6/http', 'http.mjs'], ['k6/execution', 'execution.mjs'], ['k6/encoding', 'encoding.mjs'], ['k6/metrics', 'metrics.mjs']].map(([name, file]) => [
    name,
    pathToFileURL(resolve(here, 'modules', file)).href,
  ]),
);
const scriptUrl = pathToFileURL(scriptPath).href;

registerHooks({
  resolve(specifier, context, next) {
    if (Object.hasOwn(moduleUrls, specifier)) return { url: moduleUrls[specifier], format: 'module', shortCircuit: true };
    if (specifier === scriptUrl) return { url: scriptUrl, format: 'module', shortCircuit: true };
    if (/^https?:\/\//.test(specifier)) throw new Error(`The k6 stand-in cannot load remote modules (${specifier}).`);
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url === scriptUrl) return { format: 'module', source: scriptText, shortCircuit: true };
    return next(url, context);
  },
});

const flagView = new Int32Array(flag);
state.env = Object.freeze({ ...env });
state.realSleep = realSleep;
state.call = (type, payload) => {
  Atomics.store(flagView, 0, 0);
  port.postMessage({ type, payload });
  Atomics.wait(flagView, 0, 0);
  const reply = receiveMessageOnPort(port);
  if (!reply) throw new Error('k6 stand-in: no reply from the main thread');
  return reply.message;
};

const logs = [];
const log = (level) => (...args) => logs.push({ level, text: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') });
globalThis.console = { ...console, log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
globalThis.__ENV = state.env;
globalThis.__VU = 0;
globalThis.__ITER = 0;
globalThis.open = (file, mode) => {
  if (!state.initContext) throw new Error('open() can only be called in the init context');
  const bytes = readFileSync(resolve(dirname(scriptPath), file));
  return mode === 'b' ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes.toString('utf8');
};

function errorText(err) {
  return err instanceof Error ? `${err.message}` : String(err);
}

async function main() {
  state.initContext = true;
  const mod = await import(scriptUrl);
  state.initContext = false;
  globalThis.__VU = 1;
  const options = mod.options ?? {};
  const scenarios = options.scenarios && typeof options.scenarios === 'object' ? Object.entries(options.scenarios) : [['default', {}]];
  const errors = [];
  const started = Date.now();
  let data;
  if (typeof mod.setup === 'function') data = JSON.parse(JSON.stringify(mod.setup() ?? null));
  let iterationInTest = 0;
  for (const [name, sc] of scenarios) {
    const execName = sc.exec || 'default';
    const fn = mod[execName];
    if (typeof fn !== 'function') {
      errors.push({ scenario: name, message: `function '${execName}' not found in exports` });
      continue;
    }
    state.scenario = { name, executor: sc.executor ?? 'shared-iterations', startTime: Date.now(), iterationInInstance: 0 };
    const count = Math.min(iterations, maxIterationsPerScenario);
    for (let i = 0; i < count; i++) {
      globalThis.__ITER = i;
      state.iteration = { inScenario: i, inTest: iterationInTest++ };
      state.group = '';
      const t0 = performance.now();
      try {
        fn(data);
        state.addSample('iterations', 'counter', 1, { scenario: name });
      } catch (err) {
        if (err && err.__k6Abort) {
          errors.push({ scenario: name, iteration: i, message: errorText(err), aborted: true });
          break;
        }
        errors.push({ scenario: name, iteration: i, message: errorText(err) });
      }
      state.addSample('iteration_duration', 'trend', performance.now() - t0, { scenario: name }, true);
    }
  }
  if (typeof mod.teardown === 'function') mod.teardown(data);
  const summary = state.summaryData(options, Date.now() - started);
  let files = {};
  if (typeof mod.handleSummary === 'function') {
    const out = mod.handleSummary(summary);
    for (const [k, v] of Object.entries(out ?? {})) files[k] = typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
  }
  return { errors, logs, checks: state.checks, samples: state.samples, summary, files, thresholds: state.evaluateThresholds(options), options: JSON.parse(JSON.stringify(options)) };
}

main().then(
  (result) => state.finish({ ok: true, result }),
  (err) => state.finish({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err), logs }),
);
