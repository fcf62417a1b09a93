// The Job that runs k6 (docs/ARCHITECTURE.md, Kubernetes objects): one pod, or an Indexed Job with one
// pod per execution segment. It never retries (a retried load test double-counts load), ends
// at a deadline, cleans itself up after a day, and tells thresholds-failed (exit 99) apart
// from crashes through its podFailurePolicy.
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { runAnnotations, runLabels } from './labels';
import { runObjectNames } from './runId';
import {
  activeDeadlineSeconds,
  executionSegment,
  k6RunArgs,
  k6Uid,
  type RunManifestSpec,
  scriptsMountPath,
  secretKeys,
  ttlSecondsAfterFinished,
} from './runSpec';

export const k6ContainerName = 'k6';
/** k6's exit code when thresholds failed. */
export const thresholdsFailedExitCode = 99;

/** Pod-level part of the Restricted Pod Security Standard, as the k6 image's user. */
export function restrictedPodSecurityContext(): IPodSecurityContext {
  return { runAsNonRoot: true, runAsUser: k6Uid, runAsGroup: k6Uid, fsGroup: k6Uid, seccompProfile: { type: 'RuntimeDefault' } };
}

export function restrictedContainerSecurityContext(): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    runAsUser: k6Uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** k6's environment: credentials from the run's Secret (optional keys), the rest plain. */
export function k6Env(spec: Pick<RunManifestSpec, 'runId' | 'target' | 'env'>): IEnvVar[] {
  const secret = runObjectNames(spec.runId).secret;
  const fromSecret = (name: string, key: string): IEnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key, optional: true } } });
  const env: IEnvVar[] = [
    fromSecret('K6_INFLUXDB_USERNAME', secretKeys.influxUsername),
    fromSecret('K6_INFLUXDB_PASSWORD', secretKeys.influxPassword),
    fromSecret('API_TOKEN', secretKeys.apiToken),
    { name: 'K6_NO_USAGE_REPORT', value: 'true' },
    { name: 'TESTID', value: spec.runId },
  ];
  if (spec.target) env.push({ name: 'BASE_URL', value: spec.target });
  const reserved = new Set(env.map((e) => e.name));
  for (const [name, value] of Object.entries(spec.env ?? {})) if (!reserved.has(name)) env.push({ name, value });
  return env;
}

export function k6Resources(spec: Pick<RunManifestSpec, 'resources'>): IContainer['resources'] {
  const r = { cpu: spec.resources.cpu, memory: spec.resources.memory };
  return { requests: { ...r }, limits: { ...r } };
}

/**
 * The shell wrapper of an Indexed Job: the pod template is shared by all indexes, so each pod
 * maps its JOB_COMPLETION_INDEX (set by Kubernetes) to its segment. The grafana/k6 image has
 * /bin/sh (Alpine). `exec` keeps k6's exit code (99) as the container's. Each runner tags its
 * samples `runner=<index>`: InfluxDB keeps one point per measurement + tag set + timestamp, so
 * two runners' samples at the same instant stay apart, and the summary aggregates all of them.
 */
export function segmentWrapperScript(total: number): string {
  const cases = Array.from({ length: total }, (_, i) => `  ${i}) seg='${executionSegment(i, total).segment}' ;;`);
  const { sequence } = executionSegment(0, total);
  return [
    'case "${JOB_COMPLETION_INDEX:-}" in',
    ...cases,
    `  *) echo "metric-vault: unexpected JOB_COMPLETION_INDEX '\${JOB_COMPLETION_INDEX:-}' for ${total} load generators" >&2; exit 2 ;;`,
    'esac',
    `exec k6 run --execution-segment "$seg" --execution-segment-sequence '${sequence}' --tag "runner=$JOB_COMPLETION_INDEX" "$@"`,
  ].join('\n');
}

export function renderJob(spec: RunManifestSpec, configMapItems: IKeyToPath[], entry: string): IJob {
  const names = runObjectNames(spec.runId);
  const indexed = spec.parallelism > 1;
  const args = k6RunArgs(spec, `${scriptsMountPath}/${entry}`);
  const container: IContainer = {
    name: k6ContainerName,
    image: spec.image,
    imagePullPolicy: 'IfNotPresent',
    ...(indexed ? { command: ['/bin/sh', '-c', segmentWrapperScript(spec.parallelism), 'k6'], args } : { args: ['run', ...args] }),
    env: k6Env(spec),
    resources: k6Resources(spec),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [{ name: 'scripts', mountPath: scriptsMountPath, readOnly: true }],
  };
  const annotations = runAnnotations({ scriptPath: spec.scriptPath, endpoints: spec.endpoints, target: spec.target, engine: indexed ? 'indexed-job' : 'job', durationSeconds: spec.durationSeconds });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: names.workload, namespace: spec.namespace, labels: runLabels(spec.runId, 'run'), annotations },
    spec: {
      backoffLimit: 0,
      ...(indexed ? { completionMode: 'Indexed', completions: spec.parallelism, parallelism: spec.parallelism } : {}),
      activeDeadlineSeconds: activeDeadlineSeconds(spec.durationSeconds),
      ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished ?? ttlSecondsAfterFinished,
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onExitCodes: { containerName: k6ContainerName, operator: 'In', values: [thresholdsFailedExitCode] } }],
      },
      template: {
        metadata: { labels: runLabels(spec.runId, 'load-generator'), annotations },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(),
          containers: [container],
          volumes: [{ name: 'scripts', configMap: { name: names.configMap, items: configMapItems } }],
        },
      },
    },
  };
}
