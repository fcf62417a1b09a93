// The Template Method base of the periodic workers, driven step by step with a manual clock.
import { strict as assert } from 'node:assert';
import { PeriodicWorker, type PeriodicWorkerOptions, type TickOutcome } from '../../../src/app/periodicWorker';
import type { Scheduler } from '../../../src/core/timing';
import { ManualScheduler } from '../../support/manualScheduler';

class Counter extends PeriodicWorker<number, { from?: number; to: number }> {
  values: (number | Error)[] = [];
  published: { from?: number; to: number }[] = [];
  errors: [string, number][] = [];
  recovered = 0;
  fetching = 0;
  maxConcurrent = 0;
  gate: Promise<void> | undefined;
  doneAt: number | undefined;

  constructor(opts: Partial<PeriodicWorkerOptions> & { scheduler: Scheduler }) {
    super({ name: 'counter', intervalMs: 1000, random: () => 1, ...opts });
  }
  protected async fetch(): Promise<number> {
    this.fetching++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.fetching);
    try {
      if (this.gate) await this.gate;
      const v = this.values.shift();
      if (v === undefined) throw new Error('no value');
      if (v instanceof Error) throw v;
      return v;
    } finally {
      this.fetching--;
    }
  }
  protected override diff(prev: number | undefined, next: number) {
    return prev === next ? undefined : { from: prev, to: next };
  }
  protected publish(change: { from?: number; to: number }): void {
    this.published.push(change);
  }
  protected override isDone(next: number): boolean {
    return next === this.doneAt;
  }
  protected override onError(err: unknown, n: number): void {
    this.errors.push([(err as Error).message, n]);
  }
  protected override onRecovered(): void {
    this.recovered++;
  }
}

const settle = () => new Promise((r) => setImmediate(r));

async function tickOnce(s: ManualScheduler, w: Counter): Promise<TickOutcome> {
  const outcome = new Promise<TickOutcome>((resolve) => {
    const sub = w.onDidTick((o) => {
      sub.dispose();
      resolve(o);
    });
  });
  s.next();
  return outcome;
}

describe('PeriodicWorker (fetch → diff → publish, backoff, no overlap)', () => {
  it('ticks at once on start, then every interval, publishing only changes', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s });
    w.values = [1, 1, 2];
    w.start();
    assert.deepEqual(s.pending, [0]);
    assert.equal((await tickOnce(s, w)).status, 'published');
    assert.deepEqual(s.pending, [1000]);
    assert.equal((await tickOnce(s, w)).status, 'unchanged');
    assert.equal((await tickOnce(s, w)).status, 'published');
    assert.deepEqual(w.published, [{ from: undefined, to: 1 }, { from: 1, to: 2 }]);
    assert.equal(w.lastSnapshot, 2);
    w.dispose();
  });

  it('backs off exponentially (capped) after failures and resets after a good tick', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s, backoff: { initialMs: 100, maxMs: 350, jitter: 0.5 } });
    w.values = [new Error('boom'), new Error('boom'), new Error('boom'), new Error('boom'), 5];
    w.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await tickOnce(s, w);
      assert.equal(o.status, 'failed');
      delays.push(s.pending[0]);
    }
    assert.deepEqual(delays, [100, 200, 350, 350], 'with random() = 1 the full delay: 100, 200, 400→350 cap');
    assert.deepEqual(w.errors.map(([, n]) => n), [1, 2, 3, 4]);
    assert.equal((await tickOnce(s, w)).status, 'published');
    assert.equal(w.recovered, 1);
    assert.equal(w.consecutiveFailures, 0);
    assert.deepEqual(s.pending, [1000]);
    w.dispose();
  });

  it('jitters the backoff between half and the full delay', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s, random: () => 0, backoff: { initialMs: 100, maxMs: 1000, jitter: 0.5 } });
    w.values = [new Error('x')];
    w.start();
    await tickOnce(s, w);
    assert.deepEqual(s.pending, [50]);
    w.dispose();
  });

  it('never overlaps ticks: runNow during a tick runs one more tick after it, shared by concurrent callers', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s });
    let open!: () => void;
    w.gate = new Promise((r) => (open = r));
    w.values = [1, 2];
    w.start();
    s.next(); // tick 1 starts and waits on the gate
    await settle();
    const a = w.runNow();
    const b = w.runNow();
    assert.equal(a, b);
    open();
    w.gate = undefined;
    assert.equal((await a).status, 'published');
    assert.equal(w.maxConcurrent, 1);
    assert.deepEqual(w.published.map((p) => p.to), [1, 2]);
    assert.deepEqual(s.pending, [1000], 'one timer planned after the follow-up tick');
    w.dispose();
  });

  it('stop() cancels the planned tick and aborts the one in flight without publishing', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s });
    let open!: () => void;
    w.gate = new Promise((r) => (open = r));
    w.values = [1];
    w.start();
    const outcome = new Promise<TickOutcome>((r) => w.onDidTick(r));
    s.next();
    await settle();
    w.stop();
    open();
    assert.equal((await outcome).status, 'stopped');
    assert.deepEqual(w.published, []);
    assert.deepEqual(s.pending, []);
    assert.equal(w.isRunning, false);
  });

  it('stops by itself when isDone says the work is over', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s });
    w.values = [1, 2];
    w.doneAt = 2;
    w.start();
    await tickOnce(s, w);
    await tickOnce(s, w);
    assert.equal(w.isRunning, false);
    assert.deepEqual(s.pending, []);
  });

  it('a follow-up tick queued by runNow() does not run after stop()', async () => {
    const s = new ManualScheduler();
    const w = new Counter({ scheduler: s });
    let open!: () => void;
    w.gate = new Promise((r) => (open = r));
    w.values = [1, 2];
    w.start();
    s.next(); // tick 1 waits on the gate
    await settle();
    const followUp = w.runNow();
    w.stop();
    open();
    w.gate = undefined;
    assert.equal((await followUp).status, 'stopped');
    assert.deepEqual(w.published, [], 'nothing fetched or published after stop');
    assert.deepEqual(w.values, [2], 'the second value was never read');
    assert.equal((await w.runNow()).status, 'published', 'an explicit runNow() after stop still reads once');
    assert.deepEqual(s.pending, [], 'but plans no further tick');
    w.dispose();
    assert.equal((await w.runNow()).status, 'stopped', 'a disposed worker never ticks again');
  });
});
