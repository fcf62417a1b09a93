// A k6-operator TestRun (k6.io/v1alpha1) for distributed runs when the CRD is installed. The
// operator splits the load by execution segments itself and starts all runners together;
// `cleanup: post` has it delete its Jobs — and the TestRun — once the test is over.
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';
import { k6Env, k6Resources, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './job';
import { deadlineAnnotation, runAnnotations, runLabels } from './labels';
import { runObjectNames } from './runId';
import { activeDeadlineSeconds, k6RunArgs, type RunManifestSpec } from './runSpec';

export const testRunApiVersion = 'k6.io/v1alpha1';
export const testRunGroup = 'k6.io';
export const testRunPlural = 'testruns';
/** The operator mounts the ConfigMap here. */
export const operatorScriptsMountPath = '/test';

export interface TestRunManifest {
  apiVersion: typeof testRunApiVersion;
  kind: 'TestRun';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>; ownerReferences?: unknown[] };
  spec: Record<string, unknown>;
}

/**
 * The operator mounts the whole ConfigMap flat under /test, so files in subfolders (or with
 * names a ConfigMap key cannot hold) cannot be placed: the caller reports these as problems.
 */
export function testRunBundleProblems(items: IKeyToPath[]): string[] {
  return items
    .filter((i) => i.key !== i.path)
    .map((i) => `"${i.path}" is in a subfolder or has characters a ConfigMap key cannot hold; the k6-operator engine mounts files flat. Move it next to the script or use the Job engine.`);
}

export function renderTestRun(spec: RunManifestSpec, entry: string): TestRunManifest {
  const names = runObjectNames(spec.runId);
  // The operator appends the script path itself; arguments are split on whitespace.
  const args = k6RunArgs(spec, '').filter((a) => a !== '');
  const podMeta = { labels: runLabels(spec.runId, 'load-generator') };
  const hardened = { securityContext: restrictedPodSecurityContext(), containerSecurityContext: restrictedContainerSecurityContext(), metadata: podMeta };
  return {
    apiVersion: testRunApiVersion,
    kind: 'TestRun',
    metadata: {
      name: names.workload,
      namespace: spec.namespace,
      labels: runLabels(spec.runId, 'run'),
      annotations: {
        ...runAnnotations({ scriptPath: spec.scriptPath, endpoints: spec.endpoints, target: spec.target, engine: 'k6-operator', durationSeconds: spec.durationSeconds }),
        // The operator has no deadline of its own; the monitor stops the run past this.
        [deadlineAnnotation]: String(activeDeadlineSeconds(spec.durationSeconds)),
      },
    },
    spec: {
      parallelism: spec.parallelism,
      script: { configMap: { name: names.configMap, file: entry } },
      arguments: args.join(' '),
      separate: false,
      quiet: 'false',
      cleanup: 'post',
      runner: {
        image: spec.image,
        imagePullPolicy: 'IfNotPresent',
        automountServiceAccountToken: 'false',
        env: k6Env(spec),
        resources: k6Resources(spec),
        ...hardened,
      },
      initializer: { image: spec.image, ...hardened },
      starter: hardened,
    },
  };
}
