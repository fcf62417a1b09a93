// Whose local run is it, and is that process still there?
import { strict as assert } from 'node:assert';
import { ownerState, type ProcessFacts } from '../../../src/core/runs/ownership';
import { currentProcess, processFacts } from '../../../src/infra/process/processIdentity';

const facts = (live: Record<number, string | undefined>, host = 'dev-laptop'): ProcessFacts => ({
  host,
  exists: (pid) => pid in live,
  startOf: (pid) => live[pid],
});

describe('local run ownership', () => {
  const owner = { pid: 4242, start: 'linux:9001', host: 'dev-laptop' };

  it('a live owner keeps its run; a dead pid or a reused pid (another start) does not', () => {
    assert.equal(ownerState(owner, facts({ 4242: 'linux:9001' })), 'alive');
    assert.equal(ownerState(owner, facts({})), 'gone');
    assert.equal(ownerState(owner, facts({ 4242: 'linux:123456' })), 'gone', 'the pid now belongs to another program');
    assert.equal(ownerState(owner, facts({ 4242: undefined })), 'alive', 'where start times cannot be read, a live pid counts');
  });

  it('a run owned on another machine is never judged from here; a run with no owner recorded is closed', () => {
    assert.equal(ownerState(owner, facts({}, 'ci-runner')), 'unknown');
    assert.equal(ownerState(undefined, facts({ 4242: 'linux:9001' })), 'gone');
  });

  it('this process is alive by the real facts, and a pid that does not exist is gone', () => {
    const me = currentProcess();
    assert.equal(ownerState(me, processFacts), 'alive');
    assert.equal(ownerState({ ...me, start: `${me.start}0` }, processFacts), process.platform === 'linux' ? 'gone' : 'alive');
    assert.equal(ownerState({ ...me, pid: 2 ** 22 + 7 }, processFacts), 'gone');
  });
});
