// Pre-flight checks of a k6 script, before it costs a Job: syntax errors (acorn) and options
// k6 would refuse (unknown executor, bad durations, missing executor fields, thresholds it
// cannot parse), each at the line and column of the offending text. The rules mirror k6's
// own Validate() methods in lib/executor and its threshold parser.
import type * as acorn from 'acorn';
import { parseK6Duration } from './duration';
import { parseScript, scriptShape, type StaticValue } from './staticOptions';

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based line and column of the first character. */
  line: number;
  column: number;
  /** 1-based, exclusive: the position just after the last character. */
  endLine: number;
  endColumn: number;
}

type ObjectValue = Extract<StaticValue, { kind: 'object' }>;

const baseFields = ['executor', 'startTime', 'gracefulStop', 'env', 'exec', 'tags', 'options'];
const executorFields: Record<string, string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
  'externally-controlled': ['vus', 'maxVUs', 'duration'],
};
export const knownExecutors = Object.keys(executorFields);
const requiredFields: Record<string, string[]> = {
  'constant-vus': ['duration'],
  'ramping-vus': ['stages'],
  'constant-arrival-rate': ['rate', 'duration', 'preAllocatedVUs'],
  'ramping-arrival-rate': ['stages', 'preAllocatedVUs'],
  'externally-controlled': ['duration'],
};
const durationFields = new Set(['startTime', 'gracefulStop', 'duration', 'maxDuration', 'timeUnit', 'gracefulRampDown']);
const integerFields = new Set(['vus', 'iterations', 'startVUs', 'rate', 'startRate', 'preAllocatedVUs', 'maxVUs']);

/** Built-in metrics and the aggregations their type allows (k6 refuses the others). */
const metricTypes: Record<string, 'counter' | 'gauge' | 'rate' | 'trend'> = {
  http_reqs: 'counter', iterations: 'counter', data_received: 'counter', data_sent: 'counter', dropped_iterations: 'counter',
  vus: 'gauge', vus_max: 'gauge',
  http_req_failed: 'rate', checks: 'rate',
  http_req_duration: 'trend', http_req_blocked: 'trend', http_req_connecting: 'trend', http_req_receiving: 'trend', http_req_sending: 'trend',
  http_req_tls_handshaking: 'trend', http_req_waiting: 'trend', iteration_duration: 'trend', group_duration: 'trend',
};
const aggregationsFor: Record<string, RegExp> = {
  counter: /^(count|rate)$/,
  gauge: /^value$/,
  rate: /^rate$/,
  trend: /^(avg|min|max|med|p\(\d+(\.\d+)?\))$/,
};
const thresholdExpression = /^\s*(count|rate|value|avg|min|max|med|p\(\s*\d+(?:\.\d+)?\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/;

class Collector {
  readonly list: Diagnostic[] = [];
  add(node: acorn.Node | undefined, message: string, severity: Diagnostic['severity'] = 'error'): void {
    const loc = node?.loc;
    this.list.push({
      severity,
      message,
      line: loc?.start.line ?? 1,
      column: (loc?.start.column ?? 0) + 1,
      endLine: loc?.end.line ?? 1,
      endColumn: (loc?.end.column ?? 0) + 1,
    });
  }
}

/** Problems k6 would report for this script, in source order. An empty list: nothing found. */
export function validateScript(text: string): Diagnostic[] {
  let program: acorn.Program;
  try {
    program = parseScript(text);
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    const line = e.loc?.line ?? 1;
    const column = (e.loc?.column ?? 0) + 1;
    const message = String(e.message).replace(/\s*\(\d+:\d+\)$/, '');
    return [{ severity: 'error', message: `Syntax error: ${message}`, line, column, endLine: line, endColumn: column + 1 }];
  }
  const shape = scriptShape(program);
  const c = new Collector();
  const execs: { name: string; node: acorn.Node }[] = [];
  let needsDefault = true;
  const options = shape.options;
  if (options?.kind === 'object') {
    const scenarios = options.props.get('scenarios');
    if (scenarios?.value.kind === 'object') {
      needsDefault = checkScenarios(scenarios.value, c, execs);
      warnShortcutsWithScenarios(options, c);
    } else {
      checkShortcuts(options, c);
    }
    const thresholds = options.props.get('thresholds');
    if (thresholds) checkThresholds(thresholds.value, c);
    for (const key of ['setupTimeout', 'teardownTimeout']) {
      const v = options.props.get(key);
      if (v) checkDuration(v.value, key, c, false);
    }
  } else if (options && options.kind !== 'unknown') {
    c.add(options.node, '`options` must be an object.');
  }
  for (const e of execs) {
    if (!shape.exports.has(e.name)) c.add(e.node, `The scenario's exec function "${e.name}" is not exported by this script (export function ${e.name}() {...}).`);
  }
  if (needsDefault && !shape.exports.has('default')) {
    c.add(shape.optionsNode ?? firstLine(program), 'The script has no default function: add `export default function () { ... }` or give every scenario an `exec`.');
  }
  return c.list.sort((a, b) => a.line - b.line || a.column - b.column);
}

function firstLine(program: acorn.Program): acorn.Node {
  return program.body[0] ?? program;
}

/** Returns whether some scenario runs the default function. */
function checkScenarios(scenarios: ObjectValue, c: Collector, execs: { name: string; node: acorn.Node }[]): boolean {
  let needsDefault = false;
  if (scenarios.props.size === 0 && !scenarios.open) c.add(scenarios.node, '`scenarios` is empty: add at least one scenario.');
  for (const [name, { key, value }] of scenarios.props) {
    if (!/^[0-9a-zA-Z_-]+$/.test(name)) c.add(key, `Scenario name "${name}" may contain only latin letters, digits, underscores and dashes.`);
    if (value.kind === 'unknown') {
      needsDefault = true;
      continue;
    }
    if (value.kind !== 'object') {
      c.add(value.node, `Scenario "${name}" must be an object with an executor.`);
      continue;
    }
    const exec = value.props.get('exec');
    if (exec?.value.kind === 'value' && typeof exec.value.value === 'string') {
      if (exec.value.value === '') c.add(exec.value.node, 'exec cannot be empty.');
      else execs.push({ name: exec.value.value, node: exec.value.node });
    } else if (!exec) needsDefault = true;
    checkScenario(name, key, value, c);
  }
  return needsDefault;
}

function checkScenario(name: string, key: acorn.Node, sc: ObjectValue, c: Collector): void {
  const executorProp = sc.props.get('executor');
  if (!executorProp) {
    if (!sc.open) c.add(key, `Scenario "${name}" has no executor. Use one of: ${knownExecutors.join(', ')}.`);
    return;
  }
  const ev = executorProp.value;
  if (ev.kind !== 'value') return;
  const executor = String(ev.value);
  const fields = executorFields[executor];
  if (!fields) {
    c.add(ev.node, `Unknown executor "${executor}". Use one of: ${knownExecutors.join(', ')}.`);
    return;
  }
  const allowed = new Set([...baseFields, ...fields]);
  for (const [field, p] of sc.props) {
    if (!allowed.has(field)) c.add(p.key, `"${field}" is not a field of the ${executor} executor (k6 refuses unknown fields). Its fields: ${fields.join(', ')}.`);
  }
  if (!sc.open) {
    for (const field of requiredFields[executor] ?? []) {
      if (!sc.props.has(field)) c.add(key, `Scenario "${name}" (${executor}) needs "${field}".`);
    }
  }
  const num = (field: string): number | undefined => {
    const v = sc.props.get(field)?.value;
    return v?.kind === 'value' && typeof v.value === 'number' ? v.value : undefined;
  };
  for (const [field, p] of sc.props) {
    if (durationFields.has(field)) {
      const minOneSecond = (field === 'duration' && executor !== 'externally-controlled') || field === 'maxDuration';
      checkDuration(p.value, field, c, minOneSecond);
      if (field === 'timeUnit') {
        const ms = p.value.kind === 'value' ? parseK6Duration(p.value.value) : undefined;
        if (ms !== undefined && ms <= 0) c.add(p.value.node, 'timeUnit must be more than 0.');
      }
    } else if (integerFields.has(field)) {
      checkCount(p.value, field, c, field === 'vus' || field === 'iterations' || field === 'rate' ? 1 : 0);
    } else if (field === 'stages') {
      checkStages(p.value, c);
    } else if ((field === 'env' || field === 'tags') && p.value.kind !== 'object' && p.value.kind !== 'unknown') {
      c.add(p.value.node, `${field} must be an object of strings.`);
    }
  }
  const pre = num('preAllocatedVUs');
  const max = num('maxVUs');
  if (pre !== undefined && max !== undefined && max < pre) c.add(sc.props.get('maxVUs')?.value.node, `maxVUs (${max}) can't be less than preAllocatedVUs (${pre}).`);
  const vus = num('vus') ?? 1;
  const iterations = num('iterations');
  if (executor === 'shared-iterations' && iterations !== undefined && iterations < vus) {
    c.add(sc.props.get('iterations')?.value.node, `The number of iterations (${iterations}) can't be less than the number of VUs (${vus}).`);
  }
}

function checkDuration(v: StaticValue, field: string, c: Collector, minOneSecond: boolean): void {
  if (v.kind !== 'value') {
    if (v.kind !== 'unknown') c.add(v.node, `${field} must be a duration such as '30s', '5m' or '1h30m'.`);
    return;
  }
  const ms = parseK6Duration(v.value);
  if (ms === undefined) {
    c.add(v.node, `${field}: ${JSON.stringify(v.value)} is not a duration. Write it like '30s', '5m', '1h30m' or '500ms'.`);
    return;
  }
  if (ms < 0) c.add(v.node, `${field} can't be negative.`);
  else if (minOneSecond && ms < 1000) c.add(v.node, `${field} must be at least 1s${typeof v.value === 'number' ? ' (a bare number is read as milliseconds)' : ''}.`);
}

function checkCount(v: StaticValue, field: string, c: Collector, min: number): void {
  if (v.kind === 'unknown') return;
  if (v.kind !== 'value' || typeof v.value !== 'number' || !Number.isInteger(v.value)) {
    c.add(v.node, `${field} must be a whole number.`);
    return;
  }
  if (v.value < min) c.add(v.node, min === 1 ? `${field} must be more than 0.` : `${field} can't be negative.`);
}

function checkStages(v: StaticValue, c: Collector): void {
  if (v.kind === 'unknown') return;
  if (v.kind !== 'array') {
    c.add(v.node, 'stages must be a list like [{ duration: \'1m\', target: 10 }].');
    return;
  }
  if (v.items.length === 0) c.add(v.node, 'At least one stage has to be specified.');
  v.items.forEach((st, i) => {
    if (st.kind === 'unknown') return;
    if (st.kind !== 'object') {
      c.add(st.node, `Stage ${i + 1} must be an object { duration, target }.`);
      return;
    }
    const d = st.props.get('duration');
    const t = st.props.get('target');
    if (!d && !st.open) c.add(st.node, `Stage ${i + 1} doesn't have a duration.`);
    else if (d) checkDuration(d.value, `Stage ${i + 1} duration`, c, false);
    if (!t && !st.open) c.add(st.node, `Stage ${i + 1} doesn't have a target.`);
    else if (t) checkCount(t.value, `Stage ${i + 1} target`, c, 0);
    for (const [k, p] of st.props) if (k !== 'duration' && k !== 'target') c.add(p.key, `"${k}" is not a stage field (a stage has duration and target).`);
  });
}

const shortcutKeys = ['duration', 'iterations', 'stages'] as const;

function checkShortcuts(options: ObjectValue, c: Collector): void {
  const present = shortcutKeys.filter((k) => options.props.has(k));
  if (present.length > 1) {
    c.add(options.props.get(present[1])?.key, `Using ${present.join(' and ')} together is not allowed: k6 accepts only one of duration, iterations and stages.`);
  }
  const get = (k: string) => options.props.get(k)?.value;
  const duration = get('duration');
  if (duration) checkDuration(duration, 'duration', c, false);
  const vus = get('vus');
  if (vus) checkCount(vus, 'vus', c, 0);
  const iterations = get('iterations');
  if (iterations) checkCount(iterations, 'iterations', c, 1);
  const stages = get('stages');
  if (stages) checkStages(stages, c);
}

function warnShortcutsWithScenarios(options: ObjectValue, c: Collector): void {
  for (const k of shortcutKeys) {
    const p = options.props.get(k);
    if (p) c.add(p.key, `"${k}" overrides \`scenarios\`: k6 then ignores the scenarios. Remove one of them.`, 'warning');
  }
}

function checkThresholds(v: StaticValue, c: Collector): void {
  if (v.kind === 'unknown') return;
  if (v.kind !== 'object') {
    c.add(v.node, 'thresholds must be an object: { metric: [\'expression\', ...] }.');
    return;
  }
  for (const [metricKey, { key, value }] of v.props) {
    const metric = metricKey.split('{')[0].trim();
    if (metricKey.includes('{') && !/^[^{}]+\{[^{}]*\}$/.test(metricKey.trim())) c.add(key, `"${metricKey}" is not a valid metric name with tags: write it like http_req_duration{name:GET /items}.`);
    const items = value.kind === 'array' ? value.items : [value];
    for (const item of items) {
      if (item.kind === 'unknown') continue;
      let expr: StaticValue | undefined = item;
      if (item.kind === 'object') {
        expr = item.props.get('threshold')?.value;
        if (!expr) {
          if (!item.open) c.add(item.node, 'A threshold object needs "threshold", e.g. { threshold: \'p(95)<500\', abortOnFail: true }.');
          continue;
        }
        const delay = item.props.get('delayAbortEval');
        if (delay) checkDuration(delay.value, 'delayAbortEval', c, false);
        const abort = item.props.get('abortOnFail');
        if (abort && abort.value.kind === 'value' && typeof abort.value.value !== 'boolean') c.add(abort.value.node, 'abortOnFail must be true or false.');
      }
      if (expr.kind === 'unknown') continue;
      if (expr.kind !== 'value' || typeof expr.value !== 'string') {
        c.add(expr.node, 'A threshold is a string like \'p(95)<500\' or \'rate<0.01\'.');
        continue;
      }
      const m = thresholdExpression.exec(expr.value);
      if (!m) {
        c.add(expr.node, `"${expr.value}" is not a threshold expression. Write aggregation, operator, number: 'p(95)<500', 'rate<0.01', 'count>100'.`);
        continue;
      }
      const type = metricTypes[metric];
      const aggregation = m[1].replace(/\s+/g, '');
      if (type && !aggregationsFor[type].test(aggregation)) {
        const allowed = { counter: 'count, rate', gauge: 'value', rate: 'rate', trend: 'avg, min, max, med, p(N)' }[type];
        c.add(expr.node, `${metric} is a ${type} metric: "${aggregation}" does not apply. Use ${allowed}.`);
      }
    }
  }
}
