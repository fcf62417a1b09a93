// `k6/execution`: information about the running VU, scenario and test.
import { state } from './state.mjs';

const execution = {
  get vu() {
    return { idInInstance: 1, idInTest: 1, iterationInInstance: state.iteration.inTest, iterationInScenario: state.iteration.inScenario, tags: {}, metrics: { tags: {}, metadata: {} } };
  },
  get scenario() {
    return { name: state.scenario.name, executor: state.scenario.executor, startTime: state.scenario.startTime, progress: 0, iterationInInstance: state.iteration.inTest, iterationInTest: state.iteration.inTest };
  },
  get instance() {
    return { iterationsCompleted: state.iteration.inTest, iterationsInterrupted: 0, vusActive: 1, vusInitialized: 1, currentTestRunDuration: 0 };
  },
  test: {
    abort(reason = 'test aborted') {
      const err = new Error(reason);
      err.__k6Abort = true;
      throw err;
    },
    get options() {
      return {};
    },
  },
};

export default execution;
