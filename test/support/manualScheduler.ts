// A clock that only moves when the test says so: timers fire one at a time, earliest first,
// and `now()` jumps to the moment each was due. No real time passes in a test that uses it.
import type { Scheduler } from '../../src/core/timing';

export class ManualScheduler implements Scheduler {
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  constructor(public time = 0) {}

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void) {
    const t = { at: this.time + ms, fn, live: true };
    this.timers.push(t);
    return { cancel: () => (t.live = false) };
  }

  /** How far ahead each live timer is due, in the order they were set. */
  get pending(): number[] {
    return this.timers.filter((t) => t.live).map((t) => t.at - this.time);
  }

  /** Fires the next live timer (synchronously). */
  next(): void {
    const t = this.timers.filter((x) => x.live).sort((a, b) => a.at - b.at)[0];
    if (!t) throw new Error('no timer pending');
    t.live = false;
    this.time = t.at;
    t.fn();
  }

  /** Fires the next live timer and lets the async work it starts run its promise chain. */
  async nextSettled(): Promise<void> {
    this.next();
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}
