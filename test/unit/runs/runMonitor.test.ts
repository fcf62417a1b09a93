// The run monitor, driven look by look with a manual clock and a scripted observer.
import { strict as assert } from 'node:assert';
import type { RunRecord } from '../../../src/core/model';
import { type Errorable, kubeError, ok, fail } from '../../../src/core/result';
import type { RunStatus } from '../../../src/core/runs/runState';
import type { Observation, RunObserver } from '../../../src/app/runs/observers';
import { goneReason, RunMonitor } from '../../../src/app/runs/runMonitor';
import type { RunEvents, RunMetrics, SummaryOutcome } from '../../../src/app/runs/ports';
import type { RunUpdate } from '../../../src/infra/store/runsRepository';
import { aRun } from '../../support/builders';
import { ManualScheduler } from '../../support/manualScheduler';

class ScriptedObserver implements RunObserver {
  looks: Errorable<Observation>[] = [];
  abandoned = 0;
  disposed = 0;
  settle?: () => Promise<void>;
  async observe(): Promise<Errorable<Observation>> {
    const next = this.looks.shift();
    if (!next) throw new Error('no scripted look left');
    return next;
  }
  async abandon() {
    this.abandoned++;
  }
  dispose() {
    this.disposed++;
  }
}

const look = (status: RunStatus) => ok({ status } as Observation);

/** A SQLITE_BUSY as better-sqlite3 throws it when another process holds the write lock too long. */
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

function harness(initial: Partial<RunRecord> = {}, faults: { refuseWrites?: (change: RunUpdate) => boolean; summarize?: () => Promise<never> } = {}) {
  const runs = new Map<string, RunRecord>([['r1', aRun({ id: 'r1', state: 'queued', startedAt: undefined, ...initial })]]);
  const events = { changed: [] as string[], warnings: [] as string[], finished: [] as RunRecord[], summaries: [] as (SummaryOutcome | undefined)[] };
  const sink: RunEvents = {
    changed: (r) => events.changed.push(`${r.state}${r.reason ? `: ${r.reason}` : ''}`),
    output: () => undefined,
    finished: (r, summary) => (events.finished.push(r), events.summaries.push(summary)),
    warn: (m) => events.warnings.push(m),
  };
  let summaries = 0;
  const metrics: RunMetrics = { ping: async () => ({ ok: true }), summarize: faults.summarize ?? (async () => (summaries++, { ok: true, verdict: 'passed' })) };
  const store = {
    get: (id: string) => runs.get(id),
    end: (id: string, change: RunUpdate) => {
      const before = runs.get(id);
      if (before && ['finished', 'failed', 'stopped'].includes(before.state)) return { run: before, ended: false };
      return { run: store.update(id, change), ended: true };
    },
    update: (id: string, change: RunUpdate): RunRecord | undefined => {
      if (faults.refuseWrites?.(change)) throw busy();
      const r = runs.get(id);
      if (!r) return undefined;
      const next = { ...r, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as RunRecord;
      runs.set(id, next);
      return next;
    },
  };
  const clock = new ManualScheduler(1_000_000);
  const observer = new ScriptedObserver();
  const monitor = new RunMonitor('r1', observer, { runs: store, events: sink, metrics, periodMs: 5000, scheduler: clock, backoff: { initialMs: 1000, maxMs: 8000, jitter: 0 }, endWriteAttempts: 4 });
  let resolved = false;
  void monitor.done.then(() => (resolved = true));
  return { runs, events, clock, observer, monitor, summaries: () => summaries, resolved: () => resolved };
}

describe('run monitor', () => {
  it('publishes each change once and completes the run once it ends (summary, finished event)', async () => {
    const h = harness();
    h.observer.looks.push(look({ state: 'queued' }), look({ state: 'running', startedAt: 5 }), look({ state: 'running', startedAt: 5 }), look({ state: 'finished', exitCode: 0, startedAt: 5, finishedAt: 9 }));
    h.monitor.start();
    await h.clock.nextSettled();
    assert.deepEqual(h.events.changed, [], 'queued is what the record already says');
    await h.monitor.firstLook;
    assert.deepEqual(h.clock.pending, [5000], 'next look after the period');
    await h.clock.nextSettled();
    await h.clock.nextSettled();
    assert.deepEqual(h.events.changed, ['running']);
    await h.clock.nextSettled();
    const done = await h.monitor.done;
    assert.deepEqual([done!.state, done!.exitCode, done!.startedAt, done!.finishedAt], ['finished', 0, 5, 9]);
    assert.deepEqual(h.events.changed, ['running', 'finished']);
    assert.equal(h.summaries(), 1);
    assert.equal(h.events.finished.length, 1);
    assert.equal(h.observer.disposed, 1);
    assert.deepEqual(h.clock.pending, [], 'no more looks');
  });

  it('backs off while the cluster does not answer, says so once, and says when it is back', async () => {
    const h = harness({ state: 'running', startedAt: 5 });
    const down = fail(kubeError('unreachable', 'Cannot reach the Kubernetes API server.'));
    h.observer.looks.push(down, down, down, look({ state: 'running', startedAt: 5 }));
    h.monitor.start();
    await h.clock.nextSettled();
    assert.deepEqual(h.clock.pending, [1000]);
    await h.clock.nextSettled();
    assert.deepEqual(h.clock.pending, [2000]);
    await h.clock.nextSettled();
    assert.deepEqual(h.clock.pending, [4000]);
    assert.equal(h.events.warnings.length, 1);
    assert.match(h.events.warnings[0], /Cannot reach the Kubernetes API server\. Watching resumes by itself/);
    await h.clock.nextSettled();
    assert.match(h.events.warnings[1], /back in contact/);
    assert.equal(h.runs.get('r1')!.state, 'running', 'an unreachable cluster never changes the run');
    h.monitor.dispose();
  });

  it('a run whose objects vanished is stopped — as asked when the user stopped it, "deleted outside" otherwise', async () => {
    const a = harness({ state: 'running', startedAt: 5 });
    a.observer.looks.push(ok({ gone: true }));
    a.monitor.start();
    await a.clock.nextSettled();
    assert.deepEqual([(await a.monitor.done)!.state, (await a.monitor.done)!.reason], ['stopped', goneReason]);

    const b = harness({ state: 'running', startedAt: 5 });
    b.observer.looks.push(look({ state: 'running', startedAt: 5 }), ok({ gone: true }));
    b.monitor.start();
    await b.clock.nextSettled();
    b.monitor.stopping();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    assert.deepEqual([(await b.monitor.done)!.state, (await b.monitor.done)!.reason], ['stopped', 'stopped']);
  });

  it('deletes what a hopeless run left behind, and does not summarize a run that never started', async () => {
    const h = harness();
    h.observer.looks.push(look({ state: 'failed', reason: 'ImagePullBackOff: Back-off pulling image "x"', abandon: true }));
    h.monitor.start();
    await h.clock.nextSettled();
    const done = await h.monitor.done;
    assert.match(done!.reason!, /^ImagePullBackOff/);
    assert.equal(h.observer.abandoned, 1);
    assert.equal(h.summaries(), 0);
  });

  it('after dispose (the editor closing) it touches the run no more', async () => {
    const h = harness({ state: 'running', startedAt: 5 });
    h.observer.looks.push(look({ state: 'running', startedAt: 5 }), look({ state: 'finished', exitCode: 0 }));
    h.monitor.start();
    await h.clock.nextSettled();
    h.monitor.dispose();
    assert.deepEqual(h.clock.pending, []);
    assert.equal(h.runs.get('r1')!.state, 'running');
  });

  describe('the end of a run is never lost', () => {
    it('a SQLITE_BUSY on the "finished" write: nothing changes until it is recorded, then the run completes once', async () => {
      let refusals = 1;
      const h = harness({ state: 'running', startedAt: 5 }, { refuseWrites: (c) => c.state === 'finished' && refusals-- > 0 });
      h.observer.looks.push(look({ state: 'finished', exitCode: 0, startedAt: 5, finishedAt: 9 }));
      h.monitor.start();
      await h.clock.nextSettled();
      assert.equal(h.runs.get('r1')!.state, 'running');
      assert.equal(h.monitor.runStatus.state, 'running', 'the monitor does not claim what the store did not record');
      assert.deepEqual(h.events.finished, []);
      assert.match(h.events.warnings[0], /could not record that the run is finished \(database is locked\); trying again/);
      assert.deepEqual(h.clock.pending, [1000], 'retried after a backoff');
      await h.clock.nextSettled();
      assert.equal(h.observer.looks.length, 0, 'the end is recorded from memory, not looked for again');
      const done = await h.monitor.done;
      assert.deepEqual([done!.state, done!.exitCode, done!.finishedAt], ['finished', 0, 9]);
      assert.equal(h.runs.get('r1')!.state, 'finished');
      assert.equal(h.summaries(), 1);
      assert.equal(h.events.finished.length, 1);
      assert.deepEqual(h.clock.pending, []);
    });

    it('a store that stays unwritable: after the attempts, done resolves anyway and says the end was not recorded', async () => {
      const h = harness({ state: 'running', startedAt: 5 }, { refuseWrites: (c) => c.state === 'failed' });
      h.observer.looks.push(look({ state: 'failed', reason: 'k6 exited with code 107', exitCode: 107, startedAt: 5, finishedAt: 9 }));
      h.monitor.start();
      await h.clock.nextSettled();
      const delays: number[][] = [];
      while (!h.resolved() && h.clock.pending.length > 0) {
        delays.push(h.clock.pending);
        await h.clock.nextSettled();
      }
      assert.deepEqual(delays, [[1000], [2000], [4000]], 'backing off between attempts');
      assert.equal(h.resolved(), true, 'whoever waits for the run is released');
      const done = await h.monitor.done;
      assert.equal(done!.state, 'failed', 'the outcome as observed');
      assert.equal(h.runs.get('r1')!.state, 'running', 'the record was never written');
      assert.match(h.monitor.unrecorded!, /could not record that the run is failed \(database is locked\)\. Its record still says "running"/);
      assert.equal(h.events.finished.length, 1);
    });

    it('a summary that throws still completes the run, with the reason instead of a verdict', async () => {
      const h = harness({ state: 'running', startedAt: 5 }, { summarize: async () => Promise.reject(new Error('socket hang up')) });
      h.observer.looks.push(look({ state: 'finished', exitCode: 0, startedAt: 5, finishedAt: 9 }));
      h.observer.settle = async () => {
        throw new Error('log stream reset');
      };
      h.monitor.start();
      await h.clock.nextSettled();
      const done = await h.monitor.done;
      assert.equal(done!.state, 'finished');
      assert.equal(h.events.finished.length, 1);
      assert.equal(h.events.summaries[0]?.ok, false);
      assert.match(h.events.summaries[0]!.message!, /the summary could not be computed \(socket hang up\)/);
      assert.ok(h.events.warnings.some((w) => /collecting the end of its output failed: log stream reset/.test(w)));
    });
  });

  it('an end another process recorded first is not completed a second time (no second summary or notification)', async () => {
    const h = harness({ state: 'running', startedAt: 5 });
    h.observer.looks.push(look({ state: 'finished', exitCode: 0, startedAt: 5, finishedAt: 9 }));
    h.runs.set('r1', { ...h.runs.get('r1')!, state: 'stopped', reason: 'stopped', finishedAt: 8 });
    h.monitor.start();
    await h.clock.nextSettled();
    const done = await h.monitor.done;
    assert.deepEqual([done!.state, done!.finishedAt], ['stopped', 8]);
    assert.equal(h.summaries(), 0);
    assert.deepEqual(h.events.finished, []);
    assert.deepEqual(h.events.changed, []);
  });
});
