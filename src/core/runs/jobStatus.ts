// From a Job and its pods to the run's status, the way the Job controller and kubelet report
// it: Job conditions decide the end (Complete, Failed with DeadlineExceeded /
// PodFailurePolicy / BackoffLimitExceeded); pods say why (exit 99, OOMKilled, Evicted,
// ImagePullBackOff) and when k6 actually started.
import { type ConditionLike, type ContainerStatusLike, type JobLike, type PodLike, toMillis } from './kubeShapes';
import { describeK6Exit, type RunStatus, thresholdsFailedReason } from './runState';

const k6Container = 'k6';

/** Waiting reasons after which the pod will never start by itself. */
const hopelessWaits = new Set(['ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

const isTrue = (c: ConditionLike | undefined) => c?.status === 'True';
const condition = (job: JobLike, type: string) => job.status?.conditions?.find((c) => c.type === type && isTrue(c));

function k6Status(pod: PodLike): ContainerStatusLike | undefined {
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.find((s) => s.name === k6Container) ?? statuses[0];
}

function withMessage(reason: string, message?: string): string {
  const m = message?.trim();
  return m ? `${reason}: ${m}` : reason;
}

/** Why a pod (and so the run) failed, if it did: the most specific cause first. */
export function podFailure(pod: PodLike): { reason: string; exitCode?: number } | undefined {
  if (pod.status?.reason === 'Evicted') return { reason: withMessage('Evicted', pod.status.message) };
  const term = k6Status(pod)?.state?.terminated;
  if (term) {
    if (term.reason === 'OOMKilled') return { reason: withMessage('OOMKilled', 'k6 ran out of memory; raise metricVault.k6.memory or lower the VUs per generator'), exitCode: term.exitCode };
    if (term.exitCode === 99) return { reason: thresholdsFailedReason, exitCode: 99 };
    if (term.exitCode !== 0) return { reason: describeK6Exit(term.exitCode), exitCode: term.exitCode };
  }
  if (pod.status?.phase === 'Failed') return { reason: withMessage(pod.status.reason ?? 'PodFailed', pod.status.message) };
  return undefined;
}

/** A pod stuck in a way that will not resolve (bad image, missing config). */
export function podHopeless(pod: PodLike): string | undefined {
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = s.state?.waiting;
    if (w?.reason && hopelessWaits.has(w.reason)) return withMessage(w.reason, w.message);
  }
  return undefined;
}

function unschedulable(pod: PodLike): string | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False' && x.reason === 'Unschedulable');
  return c ? withMessage('Unschedulable', c.message) : undefined;
}

function runningSince(pods: PodLike[]): number | undefined {
  const times = pods
    .map((p) => {
      const st = k6Status(p)?.state;
      return toMillis(st?.running?.startedAt ?? st?.terminated?.startedAt);
    })
    .filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

function jobFailure(job: JobLike, failed: ConditionLike, pods: PodLike[]): RunStatus {
  const finishedAt = toMillis(failed.lastTransitionTime);
  const startedAt = runningSince(pods);
  if (failed.reason === 'DeadlineExceeded') {
    const deadline = job.spec?.activeDeadlineSeconds;
    return { state: 'failed', reason: withMessage('DeadlineExceeded', deadline ? `the run was still going after its ${deadline} s deadline and was stopped` : failed.message), startedAt, finishedAt };
  }
  const causes = pods.map(podFailure).filter((c): c is { reason: string; exitCode?: number } => c !== undefined);
  // A generator that ran out of memory or was evicted explains more than another's exit 99.
  const cause = causes.find((c) => c.exitCode !== 99) ?? causes[0];
  if (cause?.exitCode === 99) return { state: 'finished', reason: thresholdsFailedReason, exitCode: 99, startedAt, finishedAt };
  if (cause) return { state: 'failed', reason: cause.reason, exitCode: cause.exitCode, startedAt, finishedAt };
  return { state: 'failed', reason: withMessage(failed.reason ?? 'Failed', failed.message), startedAt, finishedAt };
}

export function deriveJobStatus(job: JobLike, pods: PodLike[]): RunStatus {
  const complete = condition(job, 'Complete');
  if (complete) {
    return { state: 'finished', exitCode: 0, startedAt: runningSince(pods) ?? toMillis(job.status?.startTime), finishedAt: toMillis(job.status?.completionTime) ?? toMillis(complete.lastTransitionTime) };
  }
  const failed = condition(job, 'Failed') ?? condition(job, 'FailureTarget');
  if (failed) return jobFailure(job, failed, pods);

  const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
  for (const pod of live) {
    const hopeless = podHopeless(pod);
    if (hopeless) return { state: 'failed', reason: hopeless, abandon: true, finishedAt: undefined };
  }
  const startedAt = runningSince(live);
  if (live.some((p) => k6Status(p)?.state?.running)) return { state: 'running', startedAt };
  const waiting = live.find((p) => k6Status(p)?.state?.waiting?.reason)?.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting;
  if (live.some((p) => p.status?.phase === 'Running' || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) return { state: 'running', startedAt };
  const stuck = live.map(unschedulable).find(Boolean);
  if (stuck) return { state: 'queued', reason: stuck };
  if (live.length > 0) return { state: 'starting', reason: waiting?.reason === 'ErrImagePull' ? withMessage(waiting.reason, waiting.message) : undefined };
  return { state: 'queued' };
}
