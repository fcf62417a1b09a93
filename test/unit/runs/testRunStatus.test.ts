import { strict as assert } from 'node:assert';
import { deriveTestRunStatus, runnerOutcomes } from '../../../src/core/runs/testRunStatus';
import { aPod, running, terminated, waiting } from '../../support/runs/kubeBuilders';

const tr = (stage?: string) => ({ metadata: { name: 'mv-x' }, status: stage ? { stage } : {} });

describe('run state from a k6-operator TestRun', () => {
  it('follows the operator stages', () => {
    assert.equal(deriveTestRunStatus(tr(), [], []).state, 'queued');
    assert.equal(deriveTestRunStatus(tr('initialization'), [], []).state, 'starting');
    assert.equal(deriveTestRunStatus(tr('started'), [aPod('mv-x-1', 'Running', running())], []).state, 'running');
    assert.deepEqual(deriveTestRunStatus(tr('finished'), [], []), { state: 'finished', exitCode: 0 });
  });

  it('tells failed thresholds from a pass by the runners\' exit codes, remembered after cleanup', () => {
    const seen = runnerOutcomes([aPod('mv-x-1', 'Failed', terminated(99)), aPod('mv-x-2', 'Succeeded', terminated(0))]);
    const r = deriveTestRunStatus(tr('finished'), [], seen);
    assert.equal(r.state, 'finished');
    assert.equal(r.exitCode, 99);
  });

  it('fails on a runner crash or an image that cannot be pulled', () => {
    assert.equal(deriveTestRunStatus(tr('started'), [aPod('mv-x-1', 'Failed', terminated(107))], []).state, 'failed');
    const r = deriveTestRunStatus(tr('initialization'), [aPod('mv-x-initializer', 'Pending', waiting('ImagePullBackOff'))], []);
    assert.deepEqual([r.state, r.reason, r.abandon], ['failed', 'ImagePullBackOff', true]);
    assert.equal(deriveTestRunStatus(tr('error'), [], []).state, 'failed');
  });
});
