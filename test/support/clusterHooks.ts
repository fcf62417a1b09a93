// Mocha root hooks (loaded by the integration suite's .mocharc.json): the local control plane is
// started by the first test that needs it and stopped once, after the whole run, if this run
// started it.
import { stopLocalClusterIfStartedHere } from './localCluster';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    await stopLocalClusterIfStartedHere();
  },
};
