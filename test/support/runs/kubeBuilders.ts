// Job and pod statuses as the Job controller and kubelet write them, for state-machine tests.
import type { ContainerStateLike, JobLike, PodLike } from '../../../src/core/runs/kubeShapes';

export const t0 = '2026-11-26T14:30:12Z';
export const t1 = '2026-11-26T14:30:20Z';
export const t2 = '2026-11-26T14:31:00Z';

export function aPod(name: string, phase: string, k6?: ContainerStateLike, extra: Partial<NonNullable<PodLike['status']>> = {}): PodLike {
  return { metadata: { name }, status: { phase, ...(k6 ? { containerStatuses: [{ name: 'k6', state: k6 }] } : {}), ...extra } };
}

export const waiting = (reason: string, message?: string): ContainerStateLike => ({ waiting: { reason, message } });
export const running = (startedAt = t1): ContainerStateLike => ({ running: { startedAt } });
export const terminated = (exitCode: number, reason = exitCode === 0 ? 'Completed' : 'Error'): ContainerStateLike => ({ terminated: { exitCode, reason, startedAt: t1, finishedAt: t2 } });

export function aJob(status: JobLike['status'] = {}, spec: JobLike['spec'] = { activeDeadlineSeconds: 150 }): JobLike {
  return { metadata: { name: 'mv-20261126-143012-k3x9', creationTimestamp: t0 }, spec, status };
}

export const cond = (type: string, reason?: string, message?: string) => ({ type, status: 'True', reason, message, lastTransitionTime: t2 });
