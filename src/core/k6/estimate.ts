// How long a k6 run can last at most, from its options — what a Kubernetes Job's
// activeDeadlineSeconds must allow. Per scenario: startTime + its own length + the time k6
// waits for running iterations (gracefulStop, gracefulRampDown; 30 s by default). The run
// lasts as long as its longest scenario. setup()/teardown() time is not included.
import { parseK6Duration } from './duration';
import { parseScript, scriptShape, toPlain } from './staticOptions';

const defaultGrace = 30_000;
const defaultMaxDuration = 600_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function ms(v: unknown, fallback: number): number | undefined {
  if (v === undefined) return fallback;
  return parseK6Duration(v);
}

function stagesMs(stages: unknown): number | undefined {
  if (!Array.isArray(stages)) return undefined;
  let total = 0;
  for (const st of stages) {
    const d = isObj(st) ? parseK6Duration(st.duration) : undefined;
    if (d === undefined) return undefined;
    total += d;
  }
  return total;
}

function scenarioMs(sc: Obj): number | undefined {
  const start = ms(sc.startTime, 0);
  const grace = ms(sc.gracefulStop, defaultGrace);
  if (start === undefined || grace === undefined) return undefined;
  let body: number | undefined;
  let extra = grace;
  switch (sc.executor) {
    case 'constant-vus':
    case 'constant-arrival-rate':
      body = ms(sc.duration, NaN);
      break;
    case 'externally-controlled': {
      body = ms(sc.duration, NaN);
      if (body === 0) return undefined; // runs until stopped
      break;
    }
    case 'ramping-vus': {
      body = stagesMs(sc.stages);
      const rampDown = ms(sc.gracefulRampDown, defaultGrace);
      if (rampDown === undefined) return undefined;
      extra = Math.max(grace, rampDown);
      break;
    }
    case 'ramping-arrival-rate':
      body = stagesMs(sc.stages);
      break;
    case 'shared-iterations':
    case 'per-vu-iterations':
      body = ms(sc.maxDuration, defaultMaxDuration);
      break;
    default:
      return undefined;
  }
  if (body === undefined || Number.isNaN(body)) return undefined;
  return start + body + extra;
}

/** The scenarios k6 would run for these options, shortcuts (duration, stages, iterations) included. */
function effectiveScenarios(options: Obj): Obj[] | undefined {
  if (options.duration !== undefined) return [{ executor: 'constant-vus', duration: options.duration }];
  if (options.stages !== undefined) return [{ executor: 'ramping-vus', stages: options.stages }];
  if (options.iterations !== undefined) return [{ executor: 'shared-iterations', maxDuration: '10m' }];
  if (isObj(options.scenarios)) return Object.values(options.scenarios).map((s) => (isObj(s) ? s : {}));
  // No execution options: k6 runs one iteration (shared-iterations, 10 minutes at most).
  return [{ executor: 'shared-iterations' }];
}

/**
 * Upper bound of a run's length in whole seconds, from a script's text or its options object.
 * Undefined when it cannot be known without running the script (options computed at run
 * time, a syntax error, an externally-controlled scenario with no end): use a default then.
 */
export function estimateDurationSeconds(script: string | Obj): number | undefined {
  let options: unknown;
  if (typeof script === 'string') {
    let shape;
    try {
      shape = scriptShape(parseScript(script));
    } catch {
      return undefined;
    }
    if (!shape.options) options = {};
    else options = toPlain(shape.options);
  } else options = script;
  if (!isObj(options)) return undefined;
  const scenarios = effectiveScenarios(options);
  if (!scenarios || scenarios.length === 0) return undefined;
  let longest = 0;
  for (const sc of scenarios) {
    const length = scenarioMs(sc);
    if (length === undefined) return undefined;
    longest = Math.max(longest, length);
  }
  return Math.ceil(longest / 1000);
}
