// Timers behind an interface, so workers and watches can be driven step by step in unit
// tests (no timed assertions), and the jittered exponential backoff they share.

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  now(): number;
  /** Runs `fn` after `ms`; the handle cancels it. */
  after(ms: number, fn: () => void): TimerHandle;
}

/** Real timers; unref'd so a pending retry never keeps a CLI process alive. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** 0..1: how much of each delay is randomised (0.5: between half and the full delay). */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (0-based): initialMs · 2^attempt, capped at maxMs,
 * with its upper `jitter` fraction randomised so many clients do not retry in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.5));
  return Math.round(base * (1 - jitter) + base * jitter * random());
}
