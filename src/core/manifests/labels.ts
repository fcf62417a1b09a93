// Labels and annotations every Kubernetes object of a run carries (docs/ARCHITECTURE.md: Kubernetes
// objects). The labels are what reattachment and teammates' views select on; the
// annotations carry what a teammate's editor needs to show the run (script, endpoints).

export const managedByLabel = 'app.kubernetes.io/managed-by';
export const nameLabel = 'app.kubernetes.io/name';
export const componentLabel = 'app.kubernetes.io/component';
export const testIdLabel = 'testid';
export const managedByValue = 'metric-vault';

export const scriptAnnotation = 'metric-vault.dev/script';
export const endpointsAnnotation = 'metric-vault.dev/endpoints';
export const targetAnnotation = 'metric-vault.dev/target';
export const engineAnnotation = 'metric-vault.dev/engine';
export const durationAnnotation = 'metric-vault.dev/duration-seconds';
/** On a TestRun: seconds after its creation at which the monitor stops it (k6-operator has no deadline of its own). */
export const deadlineAnnotation = 'metric-vault.dev/deadline-seconds';

/** Selects every object Metric Vault created, whoever started the run. */
export const managedSelector = `${managedByLabel}=${managedByValue}`;

/** Selects the objects (Job, pods, ConfigMap, Secret) of one run. */
export function runSelector(runId: string): string {
  return `${managedSelector},${testIdLabel}=${runId}`;
}

export function runLabels(runId: string, component?: string): Record<string, string> {
  return {
    [managedByLabel]: managedByValue,
    [nameLabel]: managedByValue,
    ...(component ? { [componentLabel]: component } : {}),
    [testIdLabel]: runId,
  };
}

export interface RunAnnotationsInput {
  scriptPath: string;
  endpoints: readonly string[];
  target?: string;
  engine: string;
  durationSeconds?: number;
}

export function runAnnotations(a: RunAnnotationsInput): Record<string, string> {
  const out: Record<string, string> = {
    [scriptAnnotation]: a.scriptPath,
    [endpointsAnnotation]: JSON.stringify(a.endpoints),
    [engineAnnotation]: a.engine,
  };
  if (a.target) out[targetAnnotation] = a.target;
  if (a.durationSeconds !== undefined) out[durationAnnotation] = String(Math.ceil(a.durationSeconds));
  return out;
}

/** Reads back what runAnnotations wrote; tolerant of objects edited by hand. */
export function readRunAnnotations(annotations: Record<string, string> | undefined): Partial<RunAnnotationsInput> {
  if (!annotations) return {};
  let endpoints: string[] | undefined;
  try {
    const parsed: unknown = JSON.parse(annotations[endpointsAnnotation] ?? '[]');
    if (Array.isArray(parsed)) endpoints = parsed.filter((e): e is string => typeof e === 'string');
  } catch {
    endpoints = undefined;
  }
  const duration = Number(annotations[durationAnnotation]);
  return {
    scriptPath: annotations[scriptAnnotation],
    endpoints,
    target: annotations[targetAnnotation],
    engine: annotations[engineAnnotation],
    durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : undefined,
  };
}
