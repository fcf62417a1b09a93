// The few fields of Jobs, pods and TestRuns the state machine reads. Structural, so it
// accepts objects from @kubernetes/client-node, raw JSON and test builders alike.

export interface ConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
}

export interface ContainerStateLike {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string | Date };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: string | Date; finishedAt?: string | Date };
}

export interface ContainerStatusLike {
  name: string;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

export interface PodLike {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string | Date };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string | Date;
    conditions?: ConditionLike[];
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

export interface JobLike {
  metadata?: { name?: string; creationTimestamp?: string | Date; deletionTimestamp?: string | Date; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { completions?: number; parallelism?: number; activeDeadlineSeconds?: number };
  status?: {
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string | Date;
    completionTime?: string | Date;
    conditions?: ConditionLike[];
  };
}

export interface TestRunLike {
  metadata?: { name?: string; creationTimestamp?: string | Date; deletionTimestamp?: string | Date; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { parallelism?: number };
  status?: { stage?: string; conditions?: ConditionLike[] };
}

export function toMillis(t: string | Date | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}
