// k6's option consolidation for what the stand-in runs: command-line flags win over K6_*
// environment variables, which win over the script's `options`; the shortcuts vus /
// duration / iterations / stages given on the command line or environment replace the
// script's scenarios (as in k6); without scenarios they make the `default` one. Execution
// segments scale every scenario's VUs, iterations and rates to this instance's share.
import { ConfigError, parseDurationMs } from './metrics.mjs';

export const executors = new Set(['constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate', 'per-vu-iterations', 'shared-iterations']);

/** Go's time.Duration String(): 1m30s, 30s, 500ms, 1h0m0s. */
export function goDuration(ms) {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = Math.round((totalS % 60) * 1000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** `0:1/2`, `1/4:3/4`, `25%:50%` → [from, to] as fractions. */
export function parseSegment(text) {
  const frac = (t) => {
    const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : t.includes('/') ? Number(t.split('/')[0]) / Number(t.split('/')[1]) : Number(t);
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new ConfigError(`invalid execution segment "${text}"`);
    return v;
  };
  const parts = String(text).split(':');
  if (parts.length !== 2) throw new ConfigError(`invalid execution segment "${text}"`);
  const [from, to] = parts.map(frac);
  if (to <= from) throw new ConfigError(`invalid execution segment "${text}": the start must be before the end`);
  return [from, to];
}

function stagesFromCli(text) {
  return String(text)
    .split(',')
    .map((s) => {
      const [duration, target] = s.split(':');
      return { duration, target: Number(target ?? 0) };
    });
}

/** The options k6 would run with: { scenarios, thresholds, ... } plus this instance's segment. */
export function consolidate(scriptOptions, cli, env) {
  const o = { ...scriptOptions };
  const pick = (name, envName, parse = (v) => v) => {
    if (cli[name] !== undefined) return parse(cli[name]);
    if (env[envName] !== undefined && env[envName] !== '') return parse(env[envName]);
    return undefined;
  };
  const shortcuts = {
    vus: pick('vus', 'K6_VUS', Number),
    duration: pick('duration', 'K6_DURATION'),
    iterations: pick('iterations', 'K6_ITERATIONS', Number),
    stages: cli.stage?.length ? stagesFromCli(cli.stage.join(',')) : env.K6_STAGES ? stagesFromCli(env.K6_STAGES) : undefined,
  };
  const overridden = Object.values(shortcuts).some((v) => v !== undefined);
  for (const [k, v] of Object.entries(shortcuts)) if (v !== undefined) o[k] = v;
  if (overridden || !o.scenarios || Object.keys(o.scenarios).length === 0) o.scenarios = { default: defaultScenario(o) };
  const segment = pick('execution-segment', 'K6_EXECUTION_SEGMENT');
  o.segment = segment ? parseSegment(segment) : [0, 1];
  o.segmentText = segment;
  o.scenarioList = Object.entries(o.scenarios).map(([name, sc]) => normalize(name, sc, o.segment));
  return o;
}

function defaultScenario(o) {
  if (o.stages?.length) return { executor: 'ramping-vus', startVUs: o.vus ?? 1, stages: o.stages };
  if (o.iterations !== undefined) return { executor: 'shared-iterations', vus: o.vus ?? 1, iterations: o.iterations, ...(o.duration ? { maxDuration: o.duration } : {}) };
  if (o.duration !== undefined && parseDurationMs(o.duration) > 0) return { executor: 'constant-vus', vus: o.vus ?? 1, duration: o.duration };
  return { executor: 'shared-iterations', vus: o.vus ?? 1, iterations: 1 };
}

const num = (v, name, scenario, fallback) => {
  if (v === undefined) {
    if (fallback === undefined) throw new ConfigError(`scenario ${scenario}: ${name} is required`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`scenario ${scenario}: ${name} must be a non-negative number, got ${JSON.stringify(v)}`);
  return n;
};

/** Scales a whole number to the segment [from, to]: instances of a sequence add up to it. */
export function scaleInt(n, [from, to]) {
  return Math.floor(n * to + 0.5 - 1e-9) - Math.floor(n * from + 0.5 - 1e-9);
}

/** One scenario with defaults filled in and durations in ms. */
function normalize(name, sc, segment) {
  if (!/^[0-9A-Za-z_-]+$/.test(name)) throw new ConfigError(`the scenario name "${name}" is invalid: use letters, digits, _ and - only`);
  const executor = sc.executor;
  if (!executors.has(executor)) throw new ConfigError(`scenario ${name}: executor "${executor}" is not one the k6 stand-in runs (${[...executors].join(', ')})`);
  const dur = (v, field, fallback) => (v === undefined ? fallback : parseDurationMs(v));
  const fraction = segment[1] - segment[0];
  const out = {
    name,
    executor,
    exec: sc.exec ?? 'default',
    startMs: dur(sc.startTime, 'startTime', 0),
    gracefulStopMs: dur(sc.gracefulStop, 'gracefulStop', 30000),
    tags: sc.tags ?? {},
    env: sc.env ?? {},
  };
  const stages = () => {
    if (!Array.isArray(sc.stages) || sc.stages.length === 0) throw new ConfigError(`scenario ${name}: stages are required`);
    return sc.stages.map((st) => ({ durationMs: parseDurationMs(st.duration), target: num(st.target, 'stages.target', name) }));
  };
  switch (executor) {
    case 'constant-vus':
      return { ...out, vus: scaleInt(num(sc.vus, 'vus', name, 1), segment), durationMs: dur(sc.duration, 'duration') ?? missing(name, 'duration') };
    case 'ramping-vus':
      return { ...out, startVUs: scaleInt(num(sc.startVUs, 'startVUs', name, 1), segment), stages: stages().map((s) => ({ ...s, target: scaleInt(s.target, segment) })), gracefulRampDownMs: dur(sc.gracefulRampDown, 'gracefulRampDown', 30000) };
    case 'shared-iterations':
      return { ...out, vus: scaleInt(num(sc.vus, 'vus', name, 1), segment), iterations: scaleInt(num(sc.iterations, 'iterations', name, 1), segment), maxDurationMs: dur(sc.maxDuration, 'maxDuration', 600000) };
    case 'per-vu-iterations':
      return { ...out, vus: scaleInt(num(sc.vus, 'vus', name, 1), segment), iterations: num(sc.iterations, 'iterations', name, 1), maxDurationMs: dur(sc.maxDuration, 'maxDuration', 600000) };
    case 'constant-arrival-rate':
      return {
        ...out,
        rate: num(sc.rate, 'rate', name) * fraction,
        timeUnitMs: dur(sc.timeUnit, 'timeUnit', 1000),
        durationMs: dur(sc.duration, 'duration') ?? missing(name, 'duration'),
        preAllocatedVUs: scaleInt(num(sc.preAllocatedVUs, 'preAllocatedVUs', name), segment),
        maxVUs: scaleInt(Math.max(num(sc.maxVUs, 'maxVUs', name, 0), num(sc.preAllocatedVUs, 'preAllocatedVUs', name)), segment),
      };
    default:
      return {
        ...out,
        startRate: num(sc.startRate, 'startRate', name, 0) * fraction,
        timeUnitMs: dur(sc.timeUnit, 'timeUnit', 1000),
        stages: stages().map((s) => ({ ...s, target: s.target * fraction })),
        preAllocatedVUs: scaleInt(num(sc.preAllocatedVUs, 'preAllocatedVUs', name), segment),
        maxVUs: scaleInt(Math.max(num(sc.maxVUs, 'maxVUs', name, 0), num(sc.preAllocatedVUs, 'preAllocatedVUs', name)), segment),
      };
  }
}

function missing(name, field) {
  throw new ConfigError(`scenario ${name}: ${field} is required`);
}

/** How long a scenario may run, graceful stop included (for the banner's max duration). */
export function scenarioSpanMs(sc) {
  const stagesMs = (sc.stages ?? []).reduce((a, s) => a + s.durationMs, 0);
  const body = sc.durationMs ?? (sc.stages ? stagesMs : sc.maxDurationMs);
  return sc.startMs + body + sc.gracefulStopMs + (sc.executor === 'ramping-vus' ? sc.gracefulRampDownMs : 0);
}

/** k6's banner line for a scenario. */
export function describeScenario(sc) {
  const extra = [sc.exec !== 'default' ? `exec: ${sc.exec}` : '', sc.startMs ? `startTime: ${goDuration(sc.startMs)}` : '', `gracefulStop: ${goDuration(sc.gracefulStopMs)}`].filter(Boolean).join(', ');
  const stagesMs = (sc.stages ?? []).reduce((a, s) => a + s.durationMs, 0);
  const rate = (r) => `${Math.round((r * 1000000) / sc.timeUnitMs) / 1000}`;
  switch (sc.executor) {
    case 'constant-vus':
      return `${sc.vus} looping VUs for ${goDuration(sc.durationMs)} (${extra})`;
    case 'ramping-vus':
      return `Up to ${Math.max(sc.startVUs, ...sc.stages.map((s) => s.target))} looping VUs for ${goDuration(stagesMs)} over ${sc.stages.length} stages (gracefulRampDown: ${goDuration(sc.gracefulRampDownMs)}, ${extra})`;
    case 'shared-iterations':
      return `${sc.iterations} iterations shared among ${sc.vus} VUs (maxDuration: ${goDuration(sc.maxDurationMs)}, ${extra})`;
    case 'per-vu-iterations':
      return `${sc.iterations} iterations for each of ${sc.vus} VUs (maxDuration: ${goDuration(sc.maxDurationMs)}, ${extra})`;
    case 'constant-arrival-rate':
      return `${rate(sc.rate)} iterations/s for ${goDuration(sc.durationMs)} (maxVUs: ${sc.preAllocatedVUs}-${sc.maxVUs}, ${extra})`;
    default:
      return `Up to ${rate(Math.max(sc.startRate, ...sc.stages.map((s) => s.target)))} iterations/s for ${goDuration(stagesMs)} over ${sc.stages.length} stages (maxVUs: ${sc.preAllocatedVUs}-${sc.maxVUs}, ${extra})`;
  }
}
