// The stand-in's test run, in k6's order: init (options) → setup → scenarios (executors, real
// clock, VUs in worker threads) → teardown → thresholds → handleSummary or the text summary.
// Every sample gets the test-wide tags (--tag, options.tags) and goes to the metric sinks,
// the outputs (InfluxDB v1) and the caller's hooks. Exit codes as k6's: 0, 99 thresholds,
// 104 invalid options, 105 stopped by a signal, 107 script exception, 108 test.abort().
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeScenario, consolidate, goDuration, scenarioSpanMs } from './options.mjs';
import { ScenarioRun } from './executors.mjs';
import { ConfigError, MetricStore, parseThresholds } from './metrics.mjs';
import { InfluxOutput } from './influxOutput.mjs';
import { Vu, VuPool } from './vuPool.mjs';
import { elapsed, runBanner, runProgress, textSummary } from '../k6Text.mjs';

export const exitCodes = { ok: 0, thresholds: 99, invalidConfig: 104, externalAbort: 105, scriptException: 107, scriptAborted: 108 };

const logfmtValue = (v) => (/^[\w./:-]+$/.test(v) ? v : JSON.stringify(v));

export class Engine {
  /**
   * config: { scriptPath, scriptText?, env, cli, outputs: string[], tags, processEnv,
   *   hooks: { stdout(text), stderr(text), onSample?, onRequest?, onIterationError?, onLog? },
   *   checkIterations?: run each scenario's exec N times on one VU (for checking what a script sends),
   *   inspect?: stop after the options are read (k6 inspect --execution-requirements),
   *   beforeStart?: awaited once the VUs are initialized, before setup (--paused waits here for a resume) }
   */
  constructor(config) {
    this.config = config;
    this.stopped = false;
    this.exitCode = undefined;
    this.sleepers = new Set();
    this.complete = 0;
    this.interrupted = 0;
    this.iterationsInInstance = 0;
    this.checks = new Map();
    this.runs = [];
    this.errors = [];
    this.t0 = performance.now();
  }

  log(level, msg, fields = {}) {
    this.config.hooks.onLog?.(level, msg, fields);
    const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${logfmtValue(String(v))}`).join('');
    this.config.hooks.stderr(`time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=${level} msg=${JSON.stringify(msg)}${extra}\n`);
  }

  elapsed() {
    return performance.now() - this.t0;
  }

  /** exec.vu.idInTest: unique across the instances of a segmented run (this one's share starts after the earlier ones'). */
  vuIdInTest(idInInstance) {
    return idInInstance === 0 ? 0 : idInInstance + (this.vuOffset ?? 0);
  }

  instanceInfo() {
    return { iterationsCompleted: this.complete, iterationsInterrupted: this.interrupted, vusActive: this.activeVus(), vusInitialized: this.pool?.initialized ?? 0, currentTestRunDuration: this.elapsed() };
  }

  activeVus() {
    return this.runs.reduce((a, r) => a + (r.sc.executor.includes('arrival') ? r.busy.size : r.vus.size), 0);
  }

  ingest(sample, _vu) {
    sample.tags = { ...this.tags, ...sample.tags };
    this.store?.add(sample);
    for (const o of this.outputs ?? []) o.add(sample);
    if (sample.metric === 'checks') {
      const key = `${sample.tags.group ?? ''}\u0000${sample.tags.check}`;
      const c = this.checks.get(key) ?? { group: sample.tags.group ?? '', name: sample.tags.check, passes: 0, fails: 0 };
      if (sample.value) c.passes++;
      else c.fails++;
      this.checks.set(key, c);
    }
    this.config.hooks.onSample?.(sample);
  }

  /** A sleep the engine cuts short when the test stops. */
  sleep(ms) {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { resolve, timer: setTimeout(() => this.wake(entry), ms) };
      this.sleepers.add(entry);
    });
  }

  sleepUntil(ms) {
    return this.sleep(ms - this.elapsed());
  }

  wake(entry) {
    clearTimeout(entry.timer);
    this.sleepers.delete(entry);
    entry.resolve();
  }

  /** Stops the test: no new iterations, running ones interrupted; `code` is the exit code. */
  stop(code) {
    if (this.stopped) return;
    this.stopped = true;
    this.exitCode ??= code;
    for (const s of [...this.sleepers]) this.wake(s);
    for (const r of this.runs) for (const vu of r.busy) vu.interrupt();
  }

  async acquire() {
    try {
      return await this.pool.acquire();
    } catch (err) {
      this.reportScriptError(err.vuError ?? { message: err.message, stack: '' }, {});
      this.stop(exitCodes.scriptException);
      return undefined;
    }
  }

  dropped(sc) {
    this.ingest({ metric: 'dropped_iterations', type: 'counter', contains: 'default', value: 1, tags: { scenario: sc.name, ...sc.tags }, time: Date.now() });
  }

  reportScriptError(error, fields) {
    const msg = error.stack ? `${error.message}\n${error.stack.split('\n').map((l) => `\t${l}`).join('\n')}` : error.message;
    this.log('error', msg, { ...fields, source: 'stacktrace' });
  }

  /** One iteration of `sc` on `vu`; k6's per-iteration samples afterwards. */
  async iterate(vu, sc, iterInScenario, run) {
    const started = Date.now();
    const r = await vu.run({
      fn: sc.exec,
      arg: this.setupData,
      scenario: { name: sc.name, executor: sc.executor, startTime: run.startedAt, iterationInTest: iterInScenario, tags: sc.tags, env: sc.env, progress: 0 },
      iterInScenario,
      iterInInstance: this.iterationsInInstance++,
      iterInVU: vu.iterations++,
    });
    const tags = { scenario: sc.name, ...sc.tags };
    const time = r.endTime ?? Date.now();
    this.ingest({ metric: 'data_sent', type: 'counter', contains: 'data', value: vu.bytesSent, tags: { ...tags }, time });
    this.ingest({ metric: 'data_received', type: 'counter', contains: 'data', value: vu.bytesReceived, tags: { ...tags }, time });
    if (r.interrupted) {
      this.interrupted++;
      return r;
    }
    this.complete++;
    this.ingest({ metric: 'iteration_duration', type: 'trend', contains: 'time', value: r.durationMs ?? Date.now() - started, tags: { ...tags }, time });
    this.ingest({ metric: 'iterations', type: 'counter', contains: 'default', value: 1, tags: { ...tags }, time });
    if (r.error) {
      if (r.error.abort) {
        this.log('error', r.error.rawMessage ?? r.error.message, { source: 'stacktrace' });
        this.stop(exitCodes.scriptAborted);
      } else {
        this.errors.push({ scenario: sc.name, iteration: iterInScenario, message: r.error.rawMessage ?? r.error.message });
        this.config.hooks.onIterationError?.(this.errors.at(-1));
        this.reportScriptError(r.error, { executor: sc.executor, scenario: sc.name });
      }
    }
    return r;
  }

  /** Runs setup/teardown/handleSummary on the init VU; k6 tags their samples with group ::name. */
  async special(fn, arg) {
    const r = await this.initVu.run({ fn, arg, returnValue: true, scenario: { name: '', executor: '', startTime: Date.now(), iterationInTest: 0, tags: {} } });
    if (r.error) {
      if (r.error.abort) {
        this.log('error', r.error.rawMessage ?? r.error.message, { source: 'stacktrace' });
        this.stop(exitCodes.scriptAborted);
      } else {
        this.reportScriptError(r.error, { hint: `script exception in ${fn}` });
        this.stop(exitCodes.scriptException);
      }
    }
    return r;
  }

  /** The whole test; resolves with the exit code and what a caller may inspect. */
  async run() {
    const { config } = this;
    const out = (t) => config.hooks.stdout(t);
    this.initVu = new Vu(this, 0);
    const ready = await this.initVu.ready;
    if (ready.type !== 'ready') return this.initFailed(ready.error);
    this.exported = ready.exported;
    let options;
    try {
      options = consolidate(ready.options ?? {}, config.cli, config.processEnv ?? {});
      if (config.checkIterations) options.scenarioList = options.scenarioList.map((sc) => ({ ...sc, executor: 'per-vu-iterations', vus: 1, iterations: config.checkIterations, maxDurationMs: 600000, startMs: 0 }));
      for (const sc of options.scenarioList) if (this.exported[sc.exec] !== 'function') throw new ConfigError(`executor ${sc.name}: function '${sc.exec}' not found in exports`);
      this.rules = config.cli['no-thresholds'] ? [] : parseThresholds(options.thresholds);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.log('error', `There were problems with the specified script configuration:\n\t- ${err.message}`);
      await this.initVu.terminate();
      return { exitCode: exitCodes.invalidConfig, errors: this.errors };
    }
    const maxVus = options.scenarioList.reduce((a, sc) => a + (sc.vus ?? sc.maxVUs ?? Math.max(sc.startVUs, ...sc.stages.map((s) => s.target))), 0);
    if (config.inspect) {
      await this.initVu.terminate();
      return { exitCode: exitCodes.ok, errors: this.errors, options, scriptOptions: ready.options ?? {}, maxVus, totalDurationMs: Math.max(0, ...options.scenarioList.map(scenarioSpanMs)) };
    }
    this.options = options;
    this.scriptOptions = ready.options;
    this.tags = { ...(options.tags ?? {}), ...config.tags };
    this.store = new MetricStore(this.rules, options.summaryTrendStats);
    this.outputs = config.outputs.map((spec) => new InfluxOutput(spec, config.processEnv ?? {}, (level, msg) => this.log(level, msg, { output: 'InfluxDBv1' })));
    this.pool = new VuPool(this, Math.min(maxVus, Number(config.processEnv?.K6_STANDIN_MAX_VUS) || 200));
    const [from, to] = options.segment;
    this.vuOffset = Math.round((maxVus * from) / (to - from));
    if (!config.cli.quiet) {
      const span = Math.max(0, ...options.scenarioList.map(scenarioSpanMs));
      out(runBanner({ script: config.scriptLabel ?? config.scriptPath, outputs: this.outputs.map((o) => o.description), scenarios: options.scenarioList.map((sc) => ({ name: sc.name, description: describeScenario(sc) })), maxVus, maxDuration: goDuration(span), segment: options.segmentText ? options.segment : undefined }) + '\n');
    }
    await Promise.all(this.outputs.map((o) => o.start()));
    // k6 initializes the VUs before the test starts; arrival-rate VUs beyond the first 20 are
    // started when needed (each VU is a thread here).
    const initial = options.scenarioList.reduce((a, sc) => a + (sc.executor.includes('arrival') ? Math.min(sc.preAllocatedVUs, 20) : (sc.vus ?? Math.max(sc.startVUs, ...sc.stages.map((s) => s.target)))), 0);
    // A few threads at a time: starting dozens at once on a small machine is slower.
    let toStart = Math.min(initial, this.pool.max);
    const warm = [];
    const starter = async () => {
      while (toStart-- > 0 && !this.stopped) {
        const vu = await this.acquire();
        if (vu) warm.push(vu);
      }
    };
    await Promise.all(Array.from({ length: availableParallelism() + 1 }, starter));
    for (const vu of warm) this.pool.release(vu);
    if (config.beforeStart && !this.stopped) await config.beforeStart();
    const started = Date.now();
    if (this.exported.setup === 'function' && !config.cli['no-setup']) this.setupData = (await this.special('setup')).result;
    const tickers = this.startTickers(maxVus);
    if (!this.stopped) {
      if (config.checkIterations) {
        for (const sc of options.scenarioList) await this.runScenario(sc);
      } else {
        await Promise.all(options.scenarioList.map((sc) => this.runScenario(sc)));
      }
    }
    for (const t of tickers) clearInterval(t);
    this.emitVus();
    if (this.exported.teardown === 'function' && !config.cli['no-teardown'] && this.exitCode !== exitCodes.scriptException) await this.special('teardown', this.setupData);
    const durationMs = Date.now() - started;
    if (!config.cli.quiet) out(this.progressText(durationMs) + '\n');
    const summary = this.store.summaryData({ durationMs, checks: this.checks, options });
    const files = await this.summarize(summary);
    await Promise.all(this.outputs.map((o) => o.stop()));
    await this.pool.close();
    await this.initVu.terminate();
    const failed = this.rules.filter((r) => !r.ok);
    if (failed.length && this.exitCode === undefined) {
      this.log('error', `thresholds on metrics '${[...new Set(failed.map((r) => r.key))].join(', ')}' have been crossed`);
      this.exitCode = exitCodes.thresholds;
    }
    return { exitCode: this.exitCode ?? exitCodes.ok, summary, files, thresholds: this.rules, errors: this.errors, options };
  }

  async runScenario(sc) {
    const run = new ScenarioRun(this, sc);
    this.runs.push(run);
    await run.run();
  }

  initFailed(error) {
    if (error?.syntax) {
      const { line, column, source } = error.syntax;
      const file = pathToFileURL(this.config.scriptPath).href;
      this.log('error', `SyntaxError: ${file}: ${error.rawMessage} (${line}:${column})\n  ${line} | ${source}\n  ${' '.repeat(String(line).length)} | ${' '.repeat(column - 1)}^`, { hint: 'script exception' });
    } else {
      this.reportScriptError(error ?? { message: 'the script could not be initialized', stack: '' }, { hint: 'script exception' });
    }
    void this.initVu.terminate();
    return { exitCode: exitCodes.scriptException, errors: [{ scenario: '', message: error?.message ?? '' }] };
  }

  emitVus() {
    const time = Date.now();
    this.ingest({ metric: 'vus', type: 'gauge', contains: 'default', value: this.activeVus(), tags: {}, time });
    this.ingest({ metric: 'vus_max', type: 'gauge', contains: 'default', value: this.pool.initialized, tags: {}, time });
  }

  startTickers(maxVus) {
    const tickers = [setInterval(() => this.emitVus(), 1000)];
    if (!this.config.cli.quiet) tickers.push(setInterval(() => this.config.hooks.stdout(this.progressText(this.elapsedSinceStart()) + '\n'), 1000));
    this.maxVusShown = maxVus;
    this.startedAt = performance.now();
    if (this.rules.some((r) => r.abortOnFail)) {
      tickers.push(
        setInterval(() => {
          const ms = this.elapsedSinceStart();
          const failing = this.store.evaluate(ms).filter((r) => r.abortOnFail && ms >= r.delayAbortEvalMs);
          if (failing.length === 0 || this.stopped) return;
          this.log('error', `thresholds on metrics '${[...new Set(failing.map((r) => r.key))].join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`);
          this.stop(exitCodes.thresholds);
        }, 2000),
      );
    }
    for (const t of tickers) t.unref?.();
    return tickers;
  }

  elapsedSinceStart() {
    return performance.now() - (this.startedAt ?? this.t0);
  }

  progressText(ms) {
    return runProgress({
      elapsedMs: ms,
      activeVus: this.activeVus(),
      maxVus: this.maxVusShown ?? 0,
      complete: this.complete,
      interrupted: this.interrupted,
      scenarios: this.options.scenarioList.map((sc) => {
        const span = scenarioSpanMs(sc) - sc.gracefulStopMs - sc.startMs;
        const run = this.runs.find((r) => r.sc === sc);
        const progress = run?.t0 === undefined ? 0 : this.stopped || !this.sleepers ? 1 : Math.min(1, run.since() / Math.max(span, 1));
        return { name: sc.name, progress, text: `${run ? (sc.executor.includes('arrival') ? run.busy.size : run.vus.size) : 0} VUs  ${elapsed(run?.t0 === undefined ? 0 : run.since())}/${goDuration(span)}` };
      }),
    });
  }

  /** handleSummary's files (stdout, stderr, paths), or k6's text summary when there is none. */
  async summarize(summary) {
    const { config } = this;
    let files;
    if (this.exported.handleSummary === 'function') {
      const r = await this.initVu.run({ fn: 'handleSummary', arg: summary, returnValue: true, scenario: { name: '', executor: '', startTime: Date.now(), iterationInTest: 0, tags: {} } });
      if (r.error) this.reportScriptError(r.error, { hint: 'handleSummary() failed; the default summary follows' });
      else files = r.result ?? {};
    }
    if (!files) {
      if (!config.cli['no-summary']) config.hooks.stdout(textSummary(summary));
      return {};
    }
    for (const [name, content] of Object.entries(files)) {
      const text = typeof content === 'string' ? content : Buffer.from(content);
      if (name === 'stdout') config.hooks.stdout(String(text));
      else if (name === 'stderr') config.hooks.stderr(String(text));
      else if (config.writeFiles !== false) writeFileSync(path.resolve(config.cwd ?? process.cwd(), name), text);
    }
    return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('utf8')]));
  }
}
