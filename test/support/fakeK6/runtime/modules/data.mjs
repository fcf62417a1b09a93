// `k6/data`: SharedArray — built once in the init context from a function's array, then
// read-only. k6 shares one copy between VUs; here each VU builds its own (same contents).
import { state } from './state.mjs';

export class SharedArray {
  constructor(name, fn) {
    if (!state.initContext) throw new Error('new SharedArray must be called in the init context');
    if (typeof name !== 'string' || name === '') throw new Error('empty name provided to SharedArray\'s constructor');
    if (typeof fn !== 'function') throw new Error('a function is expected as the second argument of SharedArray\'s constructor');
    const value = fn();
    if (!Array.isArray(value)) throw new Error('only arrays can be made into SharedArray');
    // k6 keeps the elements as JSON: functions and undefined do not survive, as there.
    return Object.freeze(JSON.parse(JSON.stringify(value)).map((v) => deepFreeze(v)));
  }
}

function deepFreeze(v) {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export default { SharedArray };
