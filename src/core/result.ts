// Results, not exceptions, across I/O boundaries (vscode-kubernetes-tools' Errorable<T>):
// a failed cluster call becomes a value the UI can show with a next step.

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Why a Kubernetes call failed, in the terms the user acts on. */
export type KubeErrorKind =
  | 'no-kubeconfig'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'namespace-missing'
  | 'not-found'
  | 'conflict'
  | 'metrics-unavailable'
  | 'server';

export interface KubeError {
  kind: KubeErrorKind;
  /** One sentence for the user, naming what failed. */
  message: string;
  /** What to do about it, when there is something to do. */
  nextStep?: string;
  /** The HTTP status, when the API server answered. */
  status?: number;
}

/** A result of a Kubernetes call. */
export type Errorable<T, E = KubeError> = Result<T, E>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

export function kubeError(kind: KubeErrorKind, message: string, nextStep?: string, status?: number): KubeError {
  return { kind, message, ...(nextStep ? { nextStep } : {}), ...(status !== undefined ? { status } : {}) };
}
