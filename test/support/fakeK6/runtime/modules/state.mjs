// The state of one VU (one worker thread): who it is, what it is running, and the samples it
// has recorded but not yet handed to the engine. The modules (`k6`, `k6/http`, ...) read and
// write it; runtime/vu.mjs wires `call` (the blocking bridge to the engine) and `post`.

/** Thrown into a VU's script when the engine interrupts it (gracefulStop, ramp-down, abort). */
export class Interrupted extends Error {
  constructor(reason = 'interrupted') {
    super(reason);
    this.name = 'Interrupted';
    this.__k6Interrupt = true;
  }
}

/** Epoch milliseconds with sub-millisecond digits, as the sample timestamps need. */
export const nowMs = () => performance.timeOrigin + performance.now();

export const state = {
  env: {},
  initContext: true,
  /** 0 in the init/setup VU, as in k6; 1.. for the test's VUs. */
  vu: { idInInstance: 0, idInTest: 0 },
  /** Tags set by the script through exec.vu.tags; added to every sample of this VU. */
  vuTags: {},
  scenario: { name: '', executor: '', startTime: 0, iterationInTest: 0 },
  iteration: { inInstance: -1, inScenario: -1 },
  group: '',
  pending: [],
  /** [0] request reply flag, [1] interrupt flag (set by the engine). */
  flags: new Int32Array(new SharedArrayBuffer(8)),
  call: () => {
    throw new Error('k6 stand-in: the VU is not connected');
  },
  post: () => {},

  /** The tags every sample of this VU carries now: scenario and group as k6 adds them. */
  sampleTags(extra = {}) {
    const tags = { ...(this.scenario.tags ?? {}), ...this.vuTags };
    if (this.scenario.name) tags.scenario = this.scenario.name;
    tags.group = this.group;
    return Object.assign(tags, extra);
  },

  /** Records one sample; `contains` is k6's value kind: time, data or default. */
  addSample(metric, type, value, tags, contains = 'default') {
    this.pending.push({ metric, type, contains, value: Number(value), tags, time: nowMs() });
    if (this.pending.length >= 200) this.flush();
  },

  flush() {
    if (this.pending.length === 0) return;
    this.post({ type: 'samples', samples: this.pending });
    this.pending = [];
  },

  /** Throws Interrupted if the engine asked this VU to stop. */
  checkInterrupt() {
    if (Atomics.load(this.flags, 1) !== 0) throw new Interrupted();
  },
};
