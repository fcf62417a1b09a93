// From a k6-operator TestRun and its pods to the run's status. The operator reports the
// stage (initialization → … → started → finished | error) but says `finished` whether the
// thresholds passed or not, so the runners' exit codes — collected while the pods exist,
// since `cleanup: post` deletes them — decide the verdict.
import { deadlineAnnotation } from '../manifests/labels';
import { type PodLike, type TestRunLike, toMillis } from './kubeShapes';
import { podFailure, podHopeless } from './jobStatus';
import { isTerminal, type RunStatus, thresholdsFailedReason } from './runState';

export interface RunnerOutcome {
  pod: string;
  exitCode?: number;
  reason?: string;
}

/** Exit outcomes of terminated pods, to remember across observations. */
export function runnerOutcomes(pods: PodLike[]): RunnerOutcome[] {
  const out: RunnerOutcome[] = [];
  for (const p of pods) {
    const term = (p.status?.containerStatuses ?? []).find((s) => s.name === 'k6')?.state?.terminated;
    const failure = podFailure(p);
    if (term || failure) out.push({ pod: p.metadata?.name ?? '?', exitCode: failure?.exitCode ?? term?.exitCode, reason: failure?.reason });
  }
  return out;
}

export function deriveTestRunStatus(tr: TestRunLike, pods: PodLike[], seen: RunnerOutcome[]): RunStatus {
  const stage = tr.status?.stage;
  const all = [...seen, ...runnerOutcomes(pods)];
  const failure = all.find((o) => o.exitCode !== undefined && o.exitCode !== 0 && o.exitCode !== 99) ?? all.find((o) => o.reason && o.exitCode === undefined);
  const thresholds = all.some((o) => o.exitCode === 99);
  if (stage === 'error') {
    const c = tr.status?.conditions?.find((x) => x.status === 'True' && x.message) ?? tr.status?.conditions?.[0];
    return { state: 'failed', reason: failure?.reason ?? `k6-operator reported an error${c?.message ? `: ${c.message}` : ''}`, abandon: true };
  }
  if (stage === 'finished') {
    if (failure) return { state: 'failed', reason: failure.reason ?? `k6 exited with code ${failure.exitCode}`, exitCode: failure.exitCode };
    if (thresholds) return { state: 'finished', reason: thresholdsFailedReason, exitCode: 99 };
    return { state: 'finished', exitCode: 0 };
  }
  for (const p of pods) {
    const hopeless = podHopeless(p);
    if (hopeless) return { state: 'failed', reason: hopeless, abandon: true };
  }
  // A broken runner leaves the others' segments meaningless, and the operator may wait forever.
  if (failure) return { state: 'failed', reason: failure.reason ?? `k6 exited with code ${failure.exitCode}`, exitCode: failure.exitCode, abandon: true };
  if (stage === 'started' || stage === 'stopped') {
    const starts = pods.map((p) => toMillis(p.status?.containerStatuses?.find((s) => s.name === 'k6')?.state?.running?.startedAt)).filter((t): t is number => t !== undefined);
    return { state: 'running', startedAt: starts.length ? Math.min(...starts) : undefined };
  }
  if (stage) return { state: 'starting', reason: `k6-operator: ${stage}` };
  return { state: 'queued' };
}

/**
 * The status once the TestRun's deadline (its creation plus the deadline annotation) has
 * passed at `now` and it is still not over: failed, and to be deleted — k6-operator has no
 * deadline of its own, so a runner that never ends would keep the run going for ever.
 */
export function pastTestRunDeadline(tr: TestRunLike, status: RunStatus, now: number): RunStatus | undefined {
  if (isTerminal(status.state)) return undefined;
  const seconds = Number(tr.metadata?.annotations?.[deadlineAnnotation]);
  const created = toMillis(tr.metadata?.creationTimestamp);
  if (created === undefined || !Number.isFinite(seconds) || seconds <= 0 || now <= created + seconds * 1000) return undefined;
  return { state: 'failed', reason: `DeadlineExceeded: the run was still going after its ${seconds} s deadline and was stopped`, startedAt: status.startedAt, abandon: true };
}
