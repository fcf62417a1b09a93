// One entry point for a run's manifests, used by the submit use case and `metric-vault render`.
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { configMapLimitBytes, formatBytes, renderScriptConfigMap } from './configMap';
import { renderJob } from './job';
import { runLabels } from './labels';
import { isDns1123Label, runObjectNames } from './runId';
import type { RunManifestSpec } from './runSpec';
import { secretKeys } from './runSpec';
import type { ScriptBundle } from './scriptBundle';
import { renderTestRun, type TestRunManifest, testRunBundleProblems } from './testRun';

export interface RenderedRun {
  configMap: IConfigMap;
  /** The Job (single or Indexed) or the TestRun. */
  workload: IJob | TestRunManifest;
  configMapBytes: number;
  /** Reasons these manifests must not be submitted (pre-flight refuses on any). */
  problems: string[];
  warnings: string[];
}

export function renderRun(spec: RunManifestSpec, bundle: ScriptBundle): RenderedRun {
  const problems = [...bundle.problems];
  const warnings = [...bundle.warnings];
  if (!isDns1123Label(spec.namespace)) problems.push(`"${spec.namespace}" is not a valid namespace name.`);
  if (!isDns1123Label(runObjectNames(spec.runId).configMap)) problems.push(`"${spec.runId}" is not a valid run id.`);
  if (!Number.isInteger(spec.parallelism) || spec.parallelism < 1) problems.push(`Parallelism must be a positive whole number, got ${spec.parallelism}.`);
  const { configMap, items, sizeBytes } = renderScriptConfigMap(spec.runId, spec.namespace, bundle);
  if (sizeBytes >= configMapLimitBytes) {
    problems.push(`The script and its files take ${formatBytes(sizeBytes)}; a ConfigMap holds less than 1 MiB. Shrink the data files or load them from a URL.`);
  }
  if (spec.durationSeconds === undefined) warnings.push('The script\'s duration could not be computed from its options; the run is stopped after 1 hour at the latest.');
  let workload: IJob | TestRunManifest;
  if (spec.engine === 'k6-operator') {
    problems.push(...testRunBundleProblems(items));
    workload = renderTestRun(spec, bundle.entry);
  } else {
    workload = renderJob({ ...spec, parallelism: spec.engine === 'job' ? 1 : spec.parallelism }, items, bundle.entry);
  }
  return { configMap, workload, configMapBytes: sizeBytes, problems, warnings };
}

export interface RunCredentials {
  influxUsername?: string;
  influxPassword?: string;
  apiToken?: string;
}

/** The run's Secret, created only when there is something to put in it; owned by the workload. */
export function renderCredentialsSecret(runId: string, namespace: string, creds: RunCredentials): ISecret | undefined {
  const stringData: Record<string, string> = {};
  if (creds.influxUsername) stringData[secretKeys.influxUsername] = creds.influxUsername;
  if (creds.influxPassword) stringData[secretKeys.influxPassword] = creds.influxPassword;
  if (creds.apiToken) stringData[secretKeys.apiToken] = creds.apiToken;
  if (Object.keys(stringData).length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: runObjectNames(runId).secret, namespace, labels: runLabels(runId, 'credentials') },
    stringData,
  };
}

/** The ownerReference that makes the ConfigMap and Secret go when the workload is deleted. */
export function ownedBy(owner: { apiVersion: string; kind: string; name: string; uid: string }): { apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean } {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: false, blockOwnerDeletion: false };
}
