// Everything a run's manifests depend on, gathered once by the caller (settings, script
// analysis, the run id) so rendering is a pure function of it.
import type { RunEngine } from '../model';

export interface RunManifestSpec {
  runId: string;
  namespace: string;
  engine: Exclude<RunEngine, 'local'>;
  /** Load-generator pods; more than one splits the load with execution segments. */
  parallelism: number;
  image: string;
  /** Kubernetes quantities; each is used for both request and limit (a predictable generator). */
  resources: { cpu: string; memory: string };
  /** The InfluxDB v1 endpoint as reached from pods, and the database k6 writes to. */
  influx: { inClusterUrl: string; database: string };
  /** The script's expected duration; unknown when k6 options do not make it computable. */
  durationSeconds?: number;
  /** Workspace-relative path, recorded in annotations for teammates' editors. */
  scriptPath: string;
  endpoints: readonly string[];
  /** Base URL of the service under test, passed to the script as BASE_URL. */
  target?: string;
  /** Extra plain environment for k6 (never secrets: those come from the run's Secret). */
  env?: Readonly<Record<string, string>>;
  /** How long the finished Job (and, by garbage collection, its pods, ConfigMap and Secret) stays; default a day. */
  ttlSecondsAfterFinished?: number;
}

/** Keys of the run's Secret. All optional: a missing key leaves the variable unset. */
export const secretKeys = {
  influxUsername: 'influxdb-username',
  influxPassword: 'influxdb-password',
  apiToken: 'api-token',
} as const;

/** Where the ConfigMap is mounted in the runner pod (Job engines). */
export const scriptsMountPath = '/scripts';
/** k6's uid/gid in the grafana/k6 image. */
export const k6Uid = 12345;

/** Kept long enough that a run finished overnight is still found when the editor reopens. */
export const ttlSecondsAfterFinished = 24 * 60 * 60;
/** Image pull and start, k6's default gracefulStop (30 s), teardown and output flush. */
export const deadlineGraceSeconds = 120;
/** When the duration cannot be computed (iterations-based scenarios), the Job still ends. */
export const unknownDurationDeadlineSeconds = 60 * 60;

/** activeDeadlineSeconds: the script's duration plus grace (at least 10 % of a long run). */
export function activeDeadlineSeconds(durationSeconds: number | undefined): number {
  if (durationSeconds === undefined || !Number.isFinite(durationSeconds) || durationSeconds <= 0) return unknownDurationDeadlineSeconds;
  const d = Math.ceil(durationSeconds);
  return d + Math.max(deadlineGraceSeconds, Math.ceil(d * 0.1));
}

/** `--execution-segment` and `--execution-segment-sequence` for generator `index` of `total`. */
export function executionSegment(index: number, total: number): { segment: string; sequence: string } {
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(index) || index < 0 || index >= total) throw new RangeError(`segment ${index} of ${total}`);
  const point = (i: number) => (i === 0 ? '0' : i === total ? '1' : `${i}/${total}`);
  const sequence = Array.from({ length: total + 1 }, (_, i) => point(i)).join(',');
  return { segment: `${point(index)}:${point(index + 1)}`, sequence };
}

/** k6's arguments after `run` (without segments), ending with the script path. */
export function k6RunArgs(spec: Pick<RunManifestSpec, 'runId' | 'influx'>, scriptPath: string): string[] {
  const url = spec.influx.inClusterUrl.replace(/\/+$/, '');
  return ['--out', `influxdb=${url}/${encodeURIComponent(spec.influx.database)}`, '--tag', `testid=${spec.runId}`, scriptPath];
}
