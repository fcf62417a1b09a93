// `k6/execution`: information about the running VU, scenario and test; test.abort().
import { state } from './state.mjs';

/** Thrown by exec.test.abort(): the engine stops the test and k6 exits 108. */
export class Aborted extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Aborted';
    this.__k6Abort = true;
  }
}

const execution = {
  get vu() {
    if (state.initContext && state.vu.idInInstance === 0) throw new Error('getting VU information in the init context is not supported');
    return {
      idInInstance: state.vu.idInInstance,
      idInTest: state.vu.idInTest,
      iterationInInstance: state.iteration.inInstance,
      iterationInScenario: state.iteration.inScenario,
      tags: state.vuTags,
      metrics: { tags: state.vuTags, metadata: {} },
    };
  },
  get scenario() {
    if (!state.scenario.name) throw new Error('getting scenario information outside of the VU context is not supported');
    return {
      name: state.scenario.name,
      executor: state.scenario.executor,
      startTime: state.scenario.startTime,
      progress: state.scenario.progress ?? 0,
      iterationInInstance: state.scenario.iterationInTest,
      iterationInTest: state.scenario.iterationInTest,
    };
  },
  get instance() {
    return state.call('instance', {});
  },
  test: {
    abort(reason = 'test aborted') {
      throw new Aborted(`test aborted: ${reason}`);
    },
    get options() {
      return state.options ?? {};
    },
  },
};

export default execution;
