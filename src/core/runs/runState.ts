// The run's state machine: queued → starting → running → finished | failed | stopped.
// States only move forward; a terminal state is final. Exit code 99 (thresholds failed) is
// a *finished* run whose verdict failed — k6 ran the whole test — not a crash.
import type { RunState } from '../model';

export interface RunStatus {
  state: RunState;
  /** Why the run is (or ended) where it is: `ImagePullBackOff: …`, `thresholds failed`, … */
  reason?: string;
  exitCode?: number;
  startedAt?: number;
  finishedAt?: number;
  /**
   * Nothing more will happen on its own (e.g. the image can never be pulled): the caller
   * should delete the run's objects instead of waiting for the deadline.
   */
  abandon?: boolean;
}

export const thresholdsFailedReason = 'thresholds failed (k6 exit code 99)';
export const stoppedReason = 'stopped';

const order: Record<RunState, number> = { queued: 0, starting: 1, running: 2, finished: 3, failed: 3, stopped: 3 };

export function isTerminal(state: RunState): boolean {
  return order[state] === 3;
}

export function canTransition(from: RunState, to: RunState): boolean {
  if (isTerminal(from)) return false;
  return order[to] >= order[from];
}

/** Merges a new observation into the known status, never moving backwards. */
export function advance(prev: RunStatus, next: RunStatus): RunStatus {
  if (!canTransition(prev.state, next.state)) return prev;
  return {
    ...next,
    startedAt: minDefined(prev.startedAt, next.startedAt),
    finishedAt: next.finishedAt ?? (isTerminal(next.state) ? prev.finishedAt : undefined),
    reason: next.reason ?? (next.state === prev.state ? prev.reason : undefined),
  };
}

function minDefined(a?: number, b?: number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** The exit code of `metric-vault run --wait`: 0 passed, 99 thresholds failed, 1 otherwise. */
export function cliExitCode(status: Pick<RunStatus, 'state' | 'exitCode'>): 0 | 1 | 99 {
  if (status.state !== 'finished') return 1;
  return status.exitCode === 99 ? 99 : 0;
}

export function describeStatus(s: Pick<RunStatus, 'state' | 'reason'>): string {
  if (s.state === 'finished' && !s.reason) return 'finished: thresholds passed';
  return s.reason ? `${s.state}: ${s.reason}` : s.state;
}

/** k6's own exit codes (errext/exitcodes), for messages. */
const k6ExitMeanings: Record<number, string> = {
  97: 'cloud test run failed',
  98: 'cloud progress unavailable',
  99: 'thresholds failed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'timed out',
  103: 'k6 engine error',
  104: 'invalid options in the script or flags',
  105: 'interrupted by a signal',
  106: 'could not start the REST API',
  107: 'the script threw an exception',
  108: 'the script called test.abort()',
  110: 'marked as failed by the script',
};

export function describeK6Exit(code: number): string {
  const meaning = k6ExitMeanings[code];
  return meaning ? `k6 exited with code ${code}: ${meaning}` : `k6 exited with code ${code}`;
}

export interface LocalExit {
  code: number | null;
  signal: string | null;
  stopRequested: boolean;
  error?: string;
}

/** The final status of a local k6 process. */
export function localExitStatus(exit: LocalExit, finishedAt: number): RunStatus {
  if (exit.error) return { state: 'failed', reason: `k6 could not start: ${exit.error}`, finishedAt };
  const exitCode = exit.code ?? undefined;
  if (exit.stopRequested) return { state: 'stopped', reason: stoppedReason, exitCode, finishedAt };
  if (exit.code === 0) return { state: 'finished', exitCode: 0, finishedAt };
  if (exit.code === 99) return { state: 'finished', reason: thresholdsFailedReason, exitCode: 99, finishedAt };
  if (exit.code === null) return { state: 'failed', reason: `k6 was killed (${exit.signal ?? 'signal'})`, finishedAt };
  return { state: 'failed', reason: describeK6Exit(exit.code), exitCode: exit.code, finishedAt };
}
