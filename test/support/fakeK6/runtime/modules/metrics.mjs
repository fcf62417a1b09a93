// `k6/metrics`: custom Counter, Gauge, Rate and Trend metrics, declared in the init context.
import { state } from './state.mjs';

const builtIn = new Set(['vus', 'vus_max', 'iterations', 'iteration_duration', 'dropped_iterations', 'data_sent', 'data_received', 'checks', 'group_duration', 'http_reqs', 'http_req_failed', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving']);

function make(type) {
  return class {
    constructor(name, isTime = false) {
      if (!state.initContext) throw new Error('metrics must be declared in the init context');
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/.test(String(name))) throw new Error(`Invalid metric name: '${name}'`);
      if (builtIn.has(name)) throw new Error(`the metric name '${name}' is reserved for a built-in metric`);
      this.name = name;
      this.contains = type === 'trend' && isTime ? 'time' : 'default';
    }
    add(value, tags = {}) {
      if (state.initContext) throw new Error('Adding to metrics in the init context is not supported');
      state.addSample(this.name, type, type === 'rate' ? (value ? 1 : 0) : Number(value), state.sampleTags(tags), this.contains);
      return true;
    }
  };
}

export const Counter = make('counter');
export const Gauge = make('gauge');
export const Rate = make('rate');
export const Trend = make('trend');
export default { Counter, Gauge, Rate, Trend };
