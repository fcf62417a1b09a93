// A stand-in for the `k6` binary, for tests on machines where k6 cannot be installed. It
// parses `k6 run` like k6 does (flags before or after the script, `--flag=value`, repeated
// --out/--tag), refuses what k6 refuses, prints k6's console output, writes k6's InfluxDB v1
// points (loopback only) tagged with --tag values, exits with k6's codes, and stops on
// SIGINT/SIGTERM the way k6 does. It does not execute the script: the scenario comes from
// FAKE_K6_SCENARIO or a `// fake-k6: <scenario>` comment in the script:
//   pass (default)  · thresholds (exit 99) · script-error (exit 107) · crash (exit 103)
//   long (runs until signalled, at most 120 s)
// Timing: FAKE_K6_DURATION_MS / `// fake-k6-duration-ms: N` (default 400), FAKE_K6_TICK_MS (100).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { banner, k6Version, progressLine, summary } from './k6Text.mjs';

const exitCodes = { ok: 0, thresholds: 99, engine: 103, externalAbort: 105, scriptException: 107, usage: 255 };

const valueFlags = new Map([
  ['out', 'out'], ['o', 'out'], ['tag', 'tag'], ['execution-segment', 'execution-segment'], ['execution-segment-sequence', 'execution-segment-sequence'],
  ['vus', 'vus'], ['u', 'vus'], ['duration', 'duration'], ['d', 'duration'], ['iterations', 'iterations'], ['i', 'iterations'],
  ['address', 'address'], ['a', 'address'], ['env', 'env'], ['e', 'env'], ['summary-export', 'summary-export'], ['log-output', 'log-output'],
  ['console-output', 'console-output'], ['stage', 'stage'], ['s', 'stage'], ['tags', 'tag'],
]);
const boolFlags = new Set(['quiet', 'q', 'paused', 'p', 'no-color', 'no-usage-report', 'no-setup', 'no-teardown', 'linger', 'l', 'verbose', 'v', 'no-summary', 'no-thresholds', 'http-debug']);

function fail(message, code = exitCodes.usage) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function logError(msg) {
  process.stderr.write(`time="${new Date().toISOString()}" level=error msg=${JSON.stringify(msg)}\n`);
}

function parseRunArgs(args) {
  const opts = { out: [], tag: [], env: [] };
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
      opts[name] = true;
      continue;
    }
    const key = valueFlags.get(name);
    if (!key) fail(`Error: unknown flag: ${a.split('=')[0]}`);
    if (value === undefined) {
      value = args[++i];
      if (value === undefined) fail(`Error: flag needs an argument: ${a}`);
    }
    if (Array.isArray(opts[key])) opts[key].push(value);
    else opts[key] = value;
  }
  return { opts, positionals };
}

function validate(opts) {
  for (const t of opts.tag) if (!/^[^=]+=.*$/.test(t)) fail(`Error: invalid argument "${t}" for "--tag" flag: Tag must be in the format "key=value"`);
  const frac = '(0|1|\\d+/\\d+|\\d+(\\.\\d+)?%)';
  if (opts['execution-segment'] && !new RegExp(`^${frac}:${frac}$`).test(opts['execution-segment'])) fail(`Error: invalid execution segment "${opts['execution-segment']}"`, exitCodes.usage);
  if (opts['execution-segment-sequence'] && !new RegExp(`^${frac}(,${frac})+$`).test(opts['execution-segment-sequence'])) fail('Error: invalid execution segment sequence', exitCodes.usage);
  for (const o of opts.out) {
    const [kind] = o.split('=');
    if (!['influxdb', 'json', 'csv', 'cloud', 'experimental-prometheus-rw'].includes(kind)) fail(`time="${new Date().toISOString()}" level=error msg="invalid output type '${kind}', available types are: cloud, csv, experimental-prometheus-rw, influxdb, json"`, exitCodes.usage);
  }
}

function scenarioOf(text) {
  return process.env.FAKE_K6_SCENARIO || /\/\/\s*fake-k6:\s*([a-z-]+)/.exec(text)?.[1] || 'pass';
}

function durationOf(text) {
  const env = Number(process.env.FAKE_K6_DURATION_MS);
  if (env > 0) return env;
  const m = /\/\/\s*fake-k6-duration-ms:\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : 400;
}

function endpointNames(text) {
  const names = [...text.matchAll(/\bname\s*:\s*['"`]((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[^'"`]*)['"`]/g)].map((m) => m[1]);
  return names.length ? [...new Set(names)] : ['GET /'];
}

/** k6's InfluxDB v1 output: one measurement per metric, field `value`, tags incl. --tag ones. */
class InfluxOutput {
  constructor(spec, tags) {
    const url = new URL(spec);
    const db = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'k6';
    this.loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    this.writeUrl = `${url.protocol}//${url.host}/write?db=${encodeURIComponent(db)}&precision=ns`;
    this.tags = tags;
    this.lines = [];
    const user = process.env.K6_INFLUXDB_USERNAME;
    this.auth = user ? `Basic ${Buffer.from(`${user}:${process.env.K6_INFLUXDB_PASSWORD ?? ''}`).toString('base64')}` : undefined;
  }
  tagString(extra) {
    const esc = (s) => String(s).replace(/([,= ])/g, '\\$1');
    return Object.entries({ ...this.tags, ...extra }).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(',');
  }
  point(measurement, tags, value, tsMs) {
    this.lines.push(`${measurement},${this.tagString(tags)} value=${value} ${BigInt(Math.round(tsMs)) * 1000000n}`);
  }
  async flush() {
    if (!this.loopback || this.lines.length === 0) return;
    const body = this.lines.splice(0).join('\n');
    try {
      const res = await fetch(this.writeUrl, { method: 'POST', body, headers: this.auth ? { authorization: this.auth } : {}, signal: AbortSignal.timeout(5000) });
      if (!res.ok) logError(`Couldn't write stats: ${res.status} ${await res.text()}`);
    } catch (err) {
      logError(`Couldn't write stats: ${err.message}`);
    }
  }
}

async function run(args) {
  const { opts, positionals } = parseRunArgs(args);
  if (positionals.length !== 1) fail(`Error: accepts 1 arg(s), received ${positionals.length}`);
  validate(opts);
  if (process.env.FAKE_K6_ECHO_ARGS) process.stdout.write(`fake-k6 argv: ${JSON.stringify(args)}\n`);
  const script = positionals[0];
  let text;
  try {
    text = fs.readFileSync(path.resolve(script), 'utf8');
  } catch {
    logError(`The moduleSpecifier "${script}" couldn't be found on local disk. Make sure that you've specified the right path to the file.`);
    process.exit(exitCodes.scriptException);
  }
  const scenario = scenarioOf(text);
  const durationMs = scenario === 'long' ? 120_000 : durationOf(text);
  const tickMs = Number(process.env.FAKE_K6_TICK_MS) || 100;
  const vus = Number(opts.vus) || 2;
  const tags = Object.fromEntries(opts.tag.map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));
  const influx = opts.out.filter((o) => o.startsWith('influxdb=')).map((o) => new InfluxOutput(o.slice('influxdb='.length), tags));
  const names = endpointNames(text);

  if (!opts.quiet) process.stdout.write(banner({ script, outputs: opts.out, vus, durationSeconds: Math.max(1, Math.round(durationMs / 1000)), segment: opts['execution-segment'] }) + '\n');
  if (scenario === 'script-error') {
    logError('ReferenceError: BASE_URL is not defined\n\tat default (file:///' + script.replace(/^\//, '') + ':5:20(3))');
    process.exit(exitCodes.scriptException);
  }

  const start = Date.now();
  let iterations = 0;
  let stopping = false;
  let resolveStop;
  const stopped = new Promise((r) => (resolveStop = r));
  const onSignal = (sig) => {
    if (stopping) {
      process.stderr.write('Aborting k6 in response to signal\n');
      process.exit(exitCodes.externalAbort);
    }
    stopping = true;
    process.stderr.write(`time="${new Date().toISOString()}" level=info msg="Stopping k6 in response to signal..." sig=${sig}\n`);
    resolveStop();
  };
  process.on('SIGINT', () => onSignal('interrupt'));
  process.on('SIGTERM', () => onSignal('terminated'));

  while (!stopping && Date.now() - start < durationMs) {
    await Promise.race([new Promise((r) => setTimeout(r, tickMs)), stopped]);
    const now = Date.now();
    for (let v = 0; v < vus && iterations < 10_000; v++) {
      iterations++;
      const name = names[iterations % names.length];
      const failed = scenario === 'thresholds' && iterations % 8 === 0;
      const [method] = name.split(' ');
      const status = failed ? '500' : '200';
      for (const out of influx) {
        const reqTags = { expected_response: String(!failed), method, name, proto: 'HTTP/1.1', scenario: 'default', status };
        out.point('http_reqs', reqTags, 1, now);
        out.point('http_req_duration', reqTags, 5 + ((iterations * 37) % 40), now);
        out.point('http_req_failed', reqTags, failed ? 1 : 0, now);
        out.point('iterations', { scenario: 'default' }, 1, now);
      }
    }
    for (const out of influx) out.point('vus', {}, vus, now);
    if (!opts.quiet) process.stdout.write(progressLine({ elapsedMs: now - start, vus, iterations, durationSeconds: Math.max(1, Math.round(durationMs / 1000)) }) + '\n');
    await Promise.all(influx.map((o) => o.flush()));
  }
  if (scenario === 'crash') {
    logError('a panic occurred during run: runtime error: invalid memory address or nil pointer dereference');
    process.exit(exitCodes.engine);
  }
  const thresholdsPassed = scenario !== 'thresholds';
  process.stdout.write(summary({ thresholdsPassed, iterations, elapsedMs: Date.now() - start, vus, interrupted: stopping }) + '\n');
  if (stopping) process.exit(exitCodes.externalAbort);
  process.exit(thresholdsPassed ? exitCodes.ok : exitCodes.thresholds);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'version' || command === '--version') {
  process.stdout.write(`${k6Version}\n`);
} else if (command === 'run') {
  await run(rest);
} else {
  fail(`Error: unknown command "${command ?? ''}" for "k6"\nRun 'k6 --help' for usage.`);
}
