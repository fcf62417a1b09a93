// `k6`: check, sleep, group, fail, randomSeed — with k6's semantics.
import { state } from './state.mjs';

/** Runs each check on `value`; one `checks` sample (1 pass / 0 fail) per check; true if all passed. */
export function check(value, sets, tags = {}) {
  if (state.initContext) throw new Error('Using check() in the init context is not supported');
  let all = true;
  for (const [name, test] of Object.entries(sets ?? {})) {
    // An exception in a check propagates: k6 fails the iteration.
    const passed = Boolean(typeof test === 'function' ? test(value) : test);
    state.addSample('checks', 'rate', passed ? 1 : 0, state.sampleTags({ check: name, ...tags }));
    if (!passed) all = false;
  }
  return all;
}

/** Pauses the VU for real (k6's sleep); an interrupt from the engine ends it early. */
export function sleep(seconds) {
  const ms = Number(seconds) * 1000;
  state.flush();
  if (ms > 0) Atomics.wait(state.flags, 1, 0, ms);
  state.checkInterrupt();
}

export function group(name, fn) {
  if (typeof name !== 'string' || name.includes('::')) throw new Error('group and check names may not contain \'::\'');
  if (state.initContext) throw new Error('Using group() in the init context is not supported');
  const parent = state.group;
  state.group = `${parent}::${name}`;
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    state.addSample('group_duration', 'trend', performance.now() - t0, state.sampleTags(), 'time');
    state.group = parent;
  }
}

export function fail(message = '') {
  throw new Error(message);
}

export function randomSeed() {}

export default { check, sleep, group, fail, randomSeed };
