// `k6`: check, sleep, group, fail, randomSeed — with k6's semantics.
import { state } from './state.mjs';

/** Runs each check on `value`; records a pass/fail per check with the given tags; true if all passed. */
export function check(value, sets, tags = {}) {
  let all = true;
  for (const [name, test] of Object.entries(sets ?? {})) {
    // An exception in a check propagates: k6 fails the iteration.
    const passed = Boolean(typeof test === 'function' ? test(value) : test);
    state.checks.push({ name, passed, tags: { scenario: state.scenario.name, group: state.group, check: name, ...tags } });
    if (!passed) all = false;
  }
  return all;
}

/** Pauses the VU. The stand-in does not pace unless asked to (it checks what is sent, not timing). */
export function sleep(seconds) {
  state.sleeps = (state.sleeps ?? 0) + Number(seconds);
  if (state.realSleep && seconds > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(Number(seconds) * 1000, 5000));
}

export function group(name, fn) {
  if (typeof name !== 'string' || name.includes('::')) throw new Error('group name must be a string without "::"');
  const parent = state.group;
  state.group = `${parent}::${name}`;
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    state.addSample('group_duration', 'trend', performance.now() - t0, {}, true);
    state.group = parent;
  }
}

export function fail(message = '') {
  throw new Error(message);
}

export function randomSeed() {}

export default { check, sleep, group, fail, randomSeed };
