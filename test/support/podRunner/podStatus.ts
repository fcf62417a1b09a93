// Pod status as a kubelet writes it, for each step the pod runner stands in for: waiting
// (ContainerCreating, CreateContainerConfigError, ErrImagePull/ImagePullBackOff), running and
// ready, terminated (exit code and reason: Completed, Error, OOMKilled), evicted.
import type { Json } from './kubeApi';

export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export interface PodPlace {
  hostIP: string;
  podIP: string;
}

interface ContainerRef {
  name: string;
  image?: string;
}

const cond = (type: string, status: 'True' | 'False', extra: Json = {}): Json => ({ type, status, lastProbeTime: null, lastTransitionTime: now(), ...extra });

function containerStatus(c: ContainerRef, state: Json, ready: boolean): Json {
  return { name: c.name, image: c.image ?? '', imageID: '', ready, started: 'running' in state, restartCount: 0, state };
}

export function waitingStatus(containers: ContainerRef[], reason: string, message: string, place: PodPlace): Json {
  return {
    phase: 'Pending',
    hostIP: place.hostIP,
    hostIPs: [{ ip: place.hostIP }],
    startTime: now(),
    conditions: [cond('PodReadyToStartContainers', reason === 'ContainerCreating' ? 'False' : 'True'), cond('Initialized', 'True'), cond('Ready', 'False', { reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` }), cond('ContainersReady', 'False', { reason: 'ContainersNotReady' }), cond('PodScheduled', 'True')],
    containerStatuses: containers.map((c) => containerStatus(c, { waiting: { reason, message } }, false)),
  };
}

/** Running; `ready` false while a readiness probe has not passed yet. */
export function runningStatus(containers: ContainerRef[], startedAt: string, place: PodPlace, ready = true): Json {
  const readiness = ready ? 'True' : 'False';
  const unready = ready ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` };
  return {
    phase: 'Running',
    hostIP: place.hostIP,
    hostIPs: [{ ip: place.hostIP }],
    podIP: place.podIP,
    podIPs: [{ ip: place.podIP }],
    startTime: startedAt,
    conditions: [cond('PodReadyToStartContainers', 'True'), cond('Initialized', 'True'), cond('Ready', readiness, unready), cond('ContainersReady', readiness, unready), cond('PodScheduled', 'True')],
    containerStatuses: containers.map((c) => containerStatus(c, { running: { startedAt } }, ready)),
  };
}

export interface Termination {
  exitCode: number;
  reason: 'Completed' | 'Error' | 'OOMKilled';
  startedAt: string;
  /** Pod-level reason and message (eviction). */
  podReason?: string;
  podMessage?: string;
}

export function terminatedStatus(containers: ContainerRef[], t: Termination): Json {
  const finishedAt = now();
  const phase = t.exitCode === 0 && !t.podReason ? 'Succeeded' : 'Failed';
  const conditions = [cond('PodReadyToStartContainers', 'False'), cond('Initialized', 'True'), cond('Ready', 'False', { reason: phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed' }), cond('ContainersReady', 'False', { reason: phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed' }), cond('PodScheduled', 'True')];
  if (t.podReason === 'Evicted') conditions.push(cond('DisruptionTarget', 'True', { reason: 'TerminationByKubelet', message: t.podMessage }));
  return {
    phase,
    ...(t.podReason ? { reason: t.podReason, message: t.podMessage } : {}),
    conditions,
    containerStatuses: containers.map((c) => containerStatus(c, { terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: t.startedAt, finishedAt, containerID: '' } }, false)),
  };
}
