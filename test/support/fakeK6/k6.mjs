// A stand-in for the `k6` binary, for machines where k6 cannot be installed (go.k6.io/k6 is
// AGPL and not used here; this follows k6's public documentation). `k6 run` parses its
// arguments like k6 (flags before or after the script, `--flag=value`, repeated --out/--tag/-e,
// K6_* environment variables), really runs the script (engine/engine.mjs: VUs in worker
// threads, executors, real HTTP to loopback targets, thresholds, handleSummary), writes k6's
// InfluxDB v1 points, exits with k6's codes and stops gracefully on SIGINT/SIGTERM.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, exitCodes } from './engine/engine.mjs';
import { goDuration } from './engine/options.mjs';
import { pausedGate } from './restApi.mjs';
import { k6Version } from './k6Text.mjs';

const usage = 255;
const valueFlags = new Map([
  ['out', 'out'], ['o', 'out'], ['tag', 'tag'], ['execution-segment', 'execution-segment'], ['execution-segment-sequence', 'execution-segment-sequence'],
  ['vus', 'vus'], ['u', 'vus'], ['duration', 'duration'], ['d', 'duration'], ['iterations', 'iterations'], ['i', 'iterations'],
  ['address', 'address'], ['a', 'address'], ['env', 'env'], ['e', 'env'], ['summary-export', 'summary-export'], ['log-output', 'log-output'],
  ['console-output', 'console-output'], ['stage', 'stage'], ['s', 'stage'], ['tags', 'tag'], ['summary-trend-stats', 'summary-trend-stats'],
]);
const boolFlags = new Set(['quiet', 'q', 'paused', 'p', 'no-color', 'no-usage-report', 'no-setup', 'no-teardown', 'linger', 'l', 'verbose', 'v', 'no-summary', 'no-thresholds', 'http-debug', 'include-system-env-vars', 'insecure-skip-tls-verify']);
const repeated = new Set(['out', 'tag', 'env', 'stage']);

function fail(message, code = usage) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseRunArgs(args) {
  const opts = { out: [], tag: [], env: [], stage: [] };
  const positionals = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const long = a.startsWith('--');
    let name = a.replace(/^--?/, '');
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!long && name.length > 1 && value === undefined) fail(`Error: unknown shorthand flag: '${name[0]}' in ${a}`);
    if (boolFlags.has(name)) {
      opts[name === 'q' ? 'quiet' : name] = value === undefined ? true : value !== 'false';
      continue;
    }
    const key = valueFlags.get(name);
    if (!key) fail(`Error: unknown flag: ${a.split('=')[0]}`);
    if (value === undefined) {
      value = args[++i];
      if (value === undefined) fail(`Error: flag needs an argument: ${a}`);
    }
    if (repeated.has(key)) opts[key].push(value);
    else opts[key] = value;
  }
  return { opts, positionals };
}

function validate(opts) {
  for (const t of opts.tag) if (!/^[^=]+=.*$/.test(t)) fail(`Error: invalid argument "${t}" for "--tag" flag: Tag must be in the format "key=value"`);
  for (const e of opts.env) if (!/^[^=]+=/.test(e)) fail(`Error: invalid argument "${e}" for "-e, --env" flag: env must be in the format "key=value"`);
  const frac = '(0|1|\\d+/\\d+|\\d+(\\.\\d+)?%|0?\\.\\d+)';
  if (opts['execution-segment'] && !new RegExp(`^${frac}:${frac}$`).test(opts['execution-segment'])) fail(`Error: invalid execution segment "${opts['execution-segment']}"`);
  if (opts['execution-segment-sequence'] && !new RegExp(`^${frac}(,${frac})+$`).test(opts['execution-segment-sequence'])) fail('Error: invalid execution segment sequence');
  for (const o of opts.out) {
    const [kind] = o.split('=');
    if (kind !== 'influxdb') fail(`time="${new Date().toISOString()}" level=error msg="invalid output type '${kind}': the k6 stand-in writes only influxdb (k6's built-in InfluxDB v1 output)"`);
  }
}

const splitKv = (kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];

async function run(args) {
  const { opts, positionals } = parseRunArgs(args);
  if (positionals.length !== 1) fail(`Error: accepts 1 arg(s), received ${positionals.length}`);
  if (!opts.out.length && process.env.K6_OUT) opts.out.push(...process.env.K6_OUT.split(',').map((s) => s.trim()).filter(Boolean));
  validate(opts);
  for (const flag of ['summary-export', 'console-output', 'log-output', 'linger', 'http-debug']) {
    if (opts[flag] !== undefined) process.stderr.write(`time="${new Date().toISOString()}" level=warning msg="--${flag} is accepted but has no effect in the k6 stand-in"\n`);
  }
  if (process.env.K6_STANDIN_ECHO_ARGS) process.stdout.write(`k6 stand-in argv: ${JSON.stringify(args)}\n`);
  const script = positionals[0];
  const scriptPath = path.resolve(script);
  if (!fs.existsSync(scriptPath)) {
    process.stderr.write(`time="${new Date().toISOString()}" level=error msg="The moduleSpecifier \\"${script}\\" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/inside/docker/path) containing your script and modules so that they're accessible by k6 from inside of the container, see https://grafana.com/docs/k6/latest/using-k6/modules/#using-local-modules-with-docker."\n`);
    process.exit(exitCodes.scriptException);
  }
  // k6 run passes the system environment to __ENV unless told not to; -e wins.
  const env = { ...(opts['include-system-env-vars'] === false ? {} : process.env), ...Object.fromEntries(opts.env.map(splitKv)) };
  const cli = { ...opts, 'summary-trend-stats': undefined };
  // --paused: the VUs are initialized, then k6 waits for a resume through its REST API.
  const gate = opts.paused ? await pausedGate(opts.address ?? 'localhost:6565', (t) => process.stderr.write(t)) : undefined;
  const engine = new Engine({
    beforeStart: gate?.resumed,
    scriptPath,
    scriptLabel: script,
    env,
    cli,
    outputs: opts.out.map((o) => o.slice('influxdb'.length + 1)),
    tags: Object.fromEntries(opts.tag.map(splitKv)),
    processEnv: process.env,
    hooks: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  });
  let signals = 0;
  const onSignal = (sig) => {
    if (++signals > 1) {
      process.stderr.write('Aborting k6 in response to signal\n');
      process.exit(exitCodes.externalAbort);
    }
    engine.log('info', 'Stopping k6 in response to signal...', { sig });
    engine.stop(exitCodes.externalAbort);
    gate?.release();
  };
  process.on('SIGINT', () => onSignal('interrupt'));
  process.on('SIGTERM', () => onSignal('terminated'));
  const result = await engine.run();
  gate?.close();
  process.exitCode = result.exitCode;
  // Workers and sockets are closed; exit now rather than wait for stray timers.
  setImmediate(() => process.exit(result.exitCode));
}

/**
 * `k6 inspect [--execution-requirements] script`: the script's options as JSON on stdout; with
 * --execution-requirements also `totalDuration` and `maxVUs` (what k6-operator's initializer prints).
 */
async function inspect(args) {
  const requirements = args.includes('--execution-requirements');
  const positionals = args.filter((a) => !a.startsWith('-'));
  if (positionals.length !== 1) fail(`Error: accepts 1 arg(s), received ${positionals.length}`);
  const scriptPath = path.resolve(positionals[0]);
  if (!fs.existsSync(scriptPath)) fail(`time="${new Date().toISOString()}" level=error msg="The moduleSpecifier \\"${positionals[0]}\\" couldn't be found on local disk."`, exitCodes.scriptException);
  const engine = new Engine({ scriptPath, scriptLabel: positionals[0], env: { ...process.env }, cli: {}, outputs: [], tags: {}, processEnv: process.env, inspect: true, hooks: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) } });
  const result = await engine.run();
  if (result.exitCode !== exitCodes.ok || !result.scriptOptions) process.exit(result.exitCode);
  const out = { ...result.scriptOptions, ...(requirements ? { totalDuration: goDuration(result.totalDurationMs), maxVUs: result.maxVus } : {}) };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  setImmediate(() => process.exit(0));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'version' || command === '--version') {
  process.stdout.write(`${k6Version}\n`);
} else if (command === 'run') {
  await run(rest);
} else if (command === 'inspect') {
  await inspect(rest);
} else {
  fail(`Error: unknown command "${command ?? ''}" for "k6"\nRun 'k6 --help' for usage.`);
}
