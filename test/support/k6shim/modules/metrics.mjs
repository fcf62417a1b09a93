// `k6/metrics`: custom Counter, Gauge, Rate and Trend metrics.
import { state } from './state.mjs';

function make(type) {
  return class {
    constructor(name, isTime = false) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/.test(name)) throw new Error(`Invalid metric name: '${name}'`);
      if (!state.initContext) throw new Error('metrics must be declared in the init context');
      this.name = name;
      this.isTime = isTime;
    }
    add(value, tags = {}) {
      state.addSample(this.name, type, type === 'rate' ? (value ? 1 : 0) : Number(value), tags, this.isTime);
      return true;
    }
  };
}

export const Counter = make('counter');
export const Gauge = make('gauge');
export const Rate = make('rate');
export const Trend = make('trend');
export default { Counter, Gauge, Rate, Trend };
