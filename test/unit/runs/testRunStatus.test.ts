import { strict as assert } from 'node:assert';
import { deriveTestRunStatus, pastTestRunDeadline, runnerOutcomes } from '../../../src/core/runs/testRunStatus';
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

  it('stops a TestRun still going past its deadline (the operator has none of its own)', () => {
    const created = Date.parse('2026-11-26T10:00:00Z');
    const withDeadline = { ...tr('started'), metadata: { name: 'mv-x', creationTimestamp: '2026-11-26T10:00:00Z', annotations: { 'metric-vault.dev/deadline-seconds': '300' } } };
    const running = { state: 'running' as const, startedAt: created + 5000 };
    assert.equal(pastTestRunDeadline(withDeadline, running, created + 300_000), undefined);
    const r = pastTestRunDeadline(withDeadline, running, created + 301_000);
    assert.deepEqual([r?.state, r?.abandon, r?.startedAt], ['failed', true, created + 5000]);
    assert.match(r!.reason!, /DeadlineExceeded: the run was still going after its 300 s deadline/);
    // An ended run keeps its outcome; a TestRun without the annotation has no deadline.
    assert.equal(pastTestRunDeadline(withDeadline, { state: 'finished', exitCode: 0 }, created + 999_000), undefined);
    assert.equal(pastTestRunDeadline({ ...withDeadline, metadata: { name: 'mv-x', creationTimestamp: '2026-11-26T10:00:00Z' } }, running, created + 999_000), undefined);
  });
});
