// One k6 VU in a worker thread: its own copy of the script (k6 gives every VU its own init
// context), `k6`, `k6/http`, ... resolved to ./modules through an in-thread module hook, and
// k6's globals (__ENV, __VU, __ITER, open, console). Between iterations the thread waits for
// the engine's next job on parentPort; during an iteration k6/http blocks it (Atomics.wait)
// while the engine performs the request, so the script sees k6's synchronous API.
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { state } from './modules/state.mjs';

const { scriptPath, scriptText, env, port, flags, vu, options } = workerData;
const here = dirname(fileURLToPath(import.meta.url));
const builtins = { k6: 'k6.mjs', 'k6/http': 'http.mjs', 'k6/execution': 'execution.mjs', 'k6/encoding': 'encoding.mjs', 'k6/metrics': 'metrics.mjs', 'k6/data': 'data.mjs' };
const moduleUrls = Object.fromEntries(Object.entries(builtins).map(([name, file]) => [name, pathToFileURL(resolve(here, 'modules', file)).href]));
const scriptUrl = pathToFileURL(scriptPath).href;

registerHooks({
  resolve(specifier, context, next) {
    if (Object.hasOwn(moduleUrls, specifier)) return { url: moduleUrls[specifier], format: 'module', shortCircuit: true };
    if (specifier.startsWith('k6/')) throw new Error(`unknown module: ${specifier} (the k6 stand-in has k6, ${Object.keys(builtins).filter((b) => b !== 'k6').join(', ')})`);
    if (/^https:\/\/jslib\.k6\.io\/k6-summary\/[\d.]+\/index\.js$/.test(specifier)) return { url: pathToFileURL(resolve(here, 'modules', 'jslibSummary.mjs')).href, format: 'module', shortCircuit: true };
    if (/^https?:\/\//.test(specifier)) throw new Error(`The k6 stand-in cannot load remote modules (${specifier}): it runs without network access.`);
    if (specifier === scriptUrl) return { url: scriptUrl, format: 'module', shortCircuit: true };
    // Local imports of a k6 script are ES modules whatever their extension.
    const r = next(specifier, context);
    return r.url.startsWith('file:') && !r.url.startsWith(pathToFileURL(here).href) && /\.(c?js|mjs)$/.test(r.url) ? { ...r, format: 'module' } : r;
  },
  load(url, context, next) {
    if (url === scriptUrl && scriptText !== undefined) return { format: 'module', source: scriptText, shortCircuit: true };
    return next(url, context);
  },
});

state.env = Object.freeze({ ...env });
state.flags = new Int32Array(flags);
state.vu = vu;
state.options = options;
state.post = (message) => parentPort.postMessage(message);
state.call = (type, payload) => {
  Atomics.store(state.flags, 0, 0);
  port.postMessage({ type, payload });
  Atomics.wait(state.flags, 0, 0);
  const reply = receiveMessageOnPort(port);
  if (!reply) throw new Error('k6 stand-in: no reply from the engine');
  if (reply.message && reply.message.__error) throw new Error(reply.message.__error);
  return reply.message;
};

const text = (args) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeJson(a))).join(' ');
function safeJson(v) {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
const log = (level) => (...args) => state.post({ type: 'log', level, text: text(args) });
globalThis.console = { ...console, log: log('info'), info: log('info'), warn: log('warning'), error: log('error'), debug: log('debug') };
globalThis.__ENV = state.env;
globalThis.__VU = vu.idInInstance;
globalThis.__ITER = 0;
globalThis.open = (file, mode) => {
  if (!state.initContext) throw new Error('The "open()" function is only available in the init stage (i.e. the global scope)');
  const bytes = readFileSync(resolve(dirname(scriptPath), String(file)));
  return mode === 'b' ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes.toString('utf8');
};

/** An error as k6 prints it: the message and the script's frames. */
function describe(err) {
  if (!(err instanceof Error)) return { message: String(err), stack: '' };
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l) && l.includes('file://') && !l.includes(here)).map((l) => l.trim());
  return { message: `${err.name === 'Error' ? 'Error' : err.name}: ${err.message}`, rawMessage: err.message, stack: frames.join('\n'), abort: Boolean(err.__k6Abort), interrupted: Boolean(err.__k6Interrupt) };
}

let mod;
try {
  mod = await import(scriptUrl);
  state.initContext = false;
  const exported = Object.fromEntries(Object.entries(mod).map(([k, v]) => [k, typeof v]));
  parentPort.postMessage({ type: 'ready', exported, options: vu.idInTest === 0 ? jsonOf(mod.options ?? {}) : undefined });
} catch (err) {
  const d = describe(err);
  if (err instanceof SyntaxError) d.syntax = await syntaxLocation();
  parentPort.postMessage({ type: 'initError', error: d });
}

function jsonOf(v) {
  return JSON.parse(JSON.stringify(v ?? null));
}

/** Node does not say where an ES module failed to parse; acorn does (line, column, the line). */
async function syntaxLocation() {
  try {
    const source = scriptText ?? readFileSync(scriptPath, 'utf8');
    const acorn = await import('acorn');
    try {
      acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
    } catch (e) {
      if (!e.loc) return undefined;
      return { line: e.loc.line, column: e.loc.column + 1, source: source.split(/\r?\n/)[e.loc.line - 1] ?? '' };
    }
  } catch {
    // no location then
  }
  return undefined;
}

parentPort.on('message', (job) => {
  if (job.type !== 'run' || !mod) return;
  Atomics.store(state.flags, 1, 0);
  if (job.scenario) state.scenario = job.scenario;
  // A scenario's `env` adds to __ENV for its iterations, as in k6.
  globalThis.__ENV = job.scenario?.env && Object.keys(job.scenario.env).length ? Object.freeze({ ...state.env, ...job.scenario.env }) : state.env;
  state.iteration = { inInstance: job.iterInInstance ?? -1, inScenario: job.iterInScenario ?? -1 };
  globalThis.__ITER = job.iterInVU ?? 0;
  state.group = '';
  const fn = mod[job.fn];
  let result;
  let error;
  const t0 = performance.now();
  try {
    if (typeof fn !== 'function') throw new Error(`function '${job.fn}' not found in exports`);
    result = fn(job.arg === undefined ? undefined : job.arg);
    if (job.returnValue) result = job.fn === 'handleSummary' ? summaryFiles(result) : jsonOf(result);
  } catch (err) {
    error = describe(err);
  }
  const durationMs = performance.now() - t0;
  state.flush();
  parentPort.postMessage({ type: 'done', result, error, durationMs, endTime: performance.timeOrigin + performance.now() });
});

/** handleSummary's map: strings as they are, ArrayBuffers as bytes. */
function summaryFiles(out) {
  const files = {};
  for (const [k, v] of Object.entries(out ?? {})) files[k] = typeof v === 'string' ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : String(v);
  return files;
}
