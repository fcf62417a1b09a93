import { strict as assert } from 'node:assert';
import { deriveJobStatus } from '../../../src/core/runs/jobStatus';
import { advance, cliExitCode, localExitStatus } from '../../../src/core/runs/runState';
import { aJob, aPod, cond, running, t1, t2, terminated, waiting } from '../../support/runs/kubeBuilders';

const ms = (t: string) => Date.parse(t);

describe('run state from a Job and its pods', () => {
  it('is queued while no pod exists, starting while the container is created, running once k6 runs', () => {
    assert.equal(deriveJobStatus(aJob(), []).state, 'queued');
    assert.equal(deriveJobStatus(aJob({ active: 1 }), [aPod('p', 'Pending', waiting('ContainerCreating'))]).state, 'starting');
    const r = deriveJobStatus(aJob({ active: 1 }), [aPod('p', 'Running', running())]);
    assert.equal(r.state, 'running');
    assert.equal(r.startedAt, ms(t1));
  });

  it('stays queued with the scheduler\'s reason when no node fits the pod', () => {
    const pod = aPod('p', 'Pending', undefined, { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }] });
    assert.deepEqual(deriveJobStatus(aJob({ active: 1 }), [pod]), { state: 'queued', reason: 'Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.' });
  });

  it('finishes with exit 0 when the Job is Complete', () => {
    const r = deriveJobStatus(aJob({ succeeded: 1, completionTime: t2, conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }), [aPod('p', 'Succeeded', terminated(0))]);
    assert.deepEqual(r, { state: 'finished', exitCode: 0, startedAt: ms(t1), finishedAt: ms(t2) });
  });

  it('reads exit 99 under the PodFailurePolicy as finished with failed thresholds', () => {
    const r = deriveJobStatus(aJob({ failed: 1, conditions: [cond('FailureTarget', 'PodFailurePolicy'), cond('Failed', 'PodFailurePolicy', 'Container k6 for pod test/p failed with exit code 99 matching FailJob rule at index 0')] }), [aPod('p', 'Failed', terminated(99))]);
    assert.equal(r.state, 'finished');
    assert.equal(r.exitCode, 99);
    assert.match(r.reason!, /thresholds failed/);
    assert.equal(cliExitCode(r), 99);
  });

  it('fails with DeadlineExceeded when the Job ran past activeDeadlineSeconds', () => {
    const r = deriveJobStatus(aJob({ failed: 1, conditions: [cond('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline')] }), []);
    assert.equal(r.state, 'failed');
    assert.equal(r.reason, 'DeadlineExceeded: the run was still going after its 150 s deadline and was stopped');
    assert.equal(cliExitCode(r), 1);
  });

  it('fails with OOMKilled and a next step when k6 ran out of memory', () => {
    const r = deriveJobStatus(aJob({ failed: 1, conditions: [cond('Failed', 'BackoffLimitExceeded')] }), [aPod('p', 'Failed', terminated(137, 'OOMKilled'))]);
    assert.equal(r.state, 'failed');
    assert.match(r.reason!, /^OOMKilled: .*metricVault\.k6\.memory/);
    assert.equal(r.exitCode, 137);
  });

  it('fails with Evicted when the node evicted the generator', () => {
    const pod = aPod('p', 'Failed', undefined, { reason: 'Evicted', message: 'The node was low on resource: memory.' });
    const r = deriveJobStatus(aJob({ failed: 1, conditions: [cond('Failed', 'BackoffLimitExceeded')] }), [pod]);
    assert.equal(r.reason, 'Evicted: The node was low on resource: memory.');
  });

  it('names k6\'s exit code on other failures', () => {
    const r = deriveJobStatus(aJob({ failed: 1, conditions: [cond('Failed', 'BackoffLimitExceeded')] }), [aPod('p', 'Failed', terminated(107))]);
    assert.deepEqual([r.state, r.reason, r.exitCode], ['failed', 'k6 exited with code 107: the script threw an exception', 107]);
  });

  it('gives up on an image that cannot be pulled instead of waiting for the deadline', () => {
    const r = deriveJobStatus(aJob({ active: 1 }), [aPod('p', 'Pending', waiting('ImagePullBackOff', 'Back-off pulling image "grafana/k6:nope"'))]);
    assert.deepEqual(r, { state: 'failed', reason: 'ImagePullBackOff: Back-off pulling image "grafana/k6:nope"', abandon: true, finishedAt: undefined });
    assert.equal(deriveJobStatus(aJob({ active: 1 }), [aPod('p', 'Pending', waiting('ErrImagePull', 'pull access denied'))]).state, 'starting', 'one failed pull is retried');
  });

  it('in an Indexed Job, an OOMKilled generator explains more than another generator\'s exit 99', () => {
    const pods = [aPod('a', 'Failed', terminated(99)), aPod('b', 'Failed', terminated(137, 'OOMKilled'))];
    assert.match(deriveJobStatus(aJob({ failed: 2, conditions: [cond('Failed', 'PodFailurePolicy')] }), pods).reason!, /^OOMKilled/);
    assert.equal(deriveJobStatus(aJob({ active: 2 }, { completions: 2, parallelism: 2 }), [aPod('a', 'Running', running()), aPod('b', 'Pending', waiting('ContainerCreating'))]).state, 'running');
  });
});

describe('run state machine', () => {
  it('never moves backwards or out of a terminal state', () => {
    const running = { state: 'running' as const, startedAt: 5 };
    assert.deepEqual(advance(running, { state: 'starting' }), running);
    const done = advance(running, { state: 'finished', exitCode: 0, finishedAt: 9 });
    assert.deepEqual(done, { state: 'finished', exitCode: 0, startedAt: 5, finishedAt: 9, reason: undefined });
    assert.equal(advance(done, { state: 'stopped' }), done);
  });

  it('maps a local k6 exit to the run outcome', () => {
    assert.equal(localExitStatus({ code: 0, signal: null, stopRequested: false }, 1).state, 'finished');
    assert.deepEqual(localExitStatus({ code: 99, signal: null, stopRequested: false }, 1).exitCode, 99);
    assert.equal(localExitStatus({ code: 105, signal: null, stopRequested: true }, 1).state, 'stopped');
    assert.match(localExitStatus({ code: 107, signal: null, stopRequested: false }, 1).reason!, /script threw an exception/);
    assert.match(localExitStatus({ code: null, signal: 'SIGKILL', stopRequested: false }, 1).reason!, /killed \(SIGKILL\)/);
  });
});
