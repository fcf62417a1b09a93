// The Jobs k6-operator makes for a TestRun, as its documentation describes them (written here
// from the docs, not from k6-operator's code): `<name>-initializer` checks the script and
// reports its execution requirements, `<name>-1 … <name>-<n>` run one execution segment each,
// started paused and listening for the starter, and `<name>-starter` resumes all runners at
// once through k6's REST API. Each is owned by the TestRun, so deleting it collects them all.
import type { Json, KubeObject } from '../podRunner/kubeApi';

/** The part of a TestRun's spec the stand-in reads. */
export interface TestRunSpec {
  parallelism: number;
  script: { configMap: { name: string; file: string } };
  arguments?: string;
  quiet?: string;
  cleanup?: string;
  runner?: PodTemplate & { image?: string; imagePullPolicy?: string; resources?: Json; automountServiceAccountToken?: string };
  initializer?: PodTemplate & { image?: string };
  starter?: PodTemplate & { image?: string };
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  env?: Json[];
  securityContext?: Json;
  containerSecurityContext?: Json;
}

/** Where the operator mounts the script's ConfigMap, and the runners' REST API port. */
export const scriptMount = '/test';
export const restApiPort = 6565;

const defaultImage = 'grafana/k6:latest';

/** k6's execution segment of runner `i` (1-based) of `n`, and the whole sequence (k6 docs: execution segments). */
export function segmentArgs(i: number, n: number): string[] {
  if (n <= 1) return [];
  const frac = (k: number) => (k === 0 ? '0' : k === n ? '1' : `${k}/${n}`);
  const sequence = Array.from({ length: n + 1 }, (_, k) => frac(k)).join(',');
  return [`--execution-segment=${frac(i - 1)}:${frac(i)}`, `--execution-segment-sequence=${sequence}`];
}

function owned(tr: KubeObject, name: string, labels: Record<string, string>, pod: PodTemplate | undefined, podSpec: Json): KubeObject {
  const podLabels = { ...labels, ...pod?.metadata?.labels };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: tr.metadata.namespace,
      labels,
      ownerReferences: [{ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', name: tr.metadata.name, uid: tr.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      backoffLimit: 0,
      template: { metadata: { labels: podLabels, annotations: pod?.metadata?.annotations }, spec: { restartPolicy: 'Never', securityContext: pod?.securityContext, ...podSpec } },
    },
  };
}

const scriptVolume = (spec: TestRunSpec) => ({
  volumes: [{ name: 'k6-test-volume', configMap: { name: spec.script.configMap.name } }],
});
const scriptMountOf = [{ name: 'k6-test-volume', mountPath: scriptMount }];
const baseLabels = (name: string) => ({ app: 'k6', k6_cr: name });
const splitArgs = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);

/** Reads the script's options (k6 inspect --execution-requirements); fails on a broken script. */
export function initializerJob(tr: KubeObject): KubeObject {
  const spec = tr.spec as unknown as TestRunSpec;
  const init = spec.initializer ?? spec.runner;
  const container = {
    name: 'k6',
    image: init?.image ?? spec.runner?.image ?? defaultImage,
    args: ['inspect', '--execution-requirements', `${scriptMount}/${spec.script.configMap.file}`],
    env: init?.env,
    securityContext: init?.containerSecurityContext,
    volumeMounts: scriptMountOf,
  };
  return owned(tr, `${tr.metadata.name}-initializer`, baseLabels(tr.metadata.name), init, { containers: [container], ...scriptVolume(spec) });
}

/** Runner `i` of `n`: k6 run paused, listening for the starter, on its share of the load. */
export function runnerJob(tr: KubeObject, i: number): KubeObject {
  const spec = tr.spec as unknown as TestRunSpec;
  const name = tr.metadata.name;
  const runner = spec.runner ?? {};
  const command = [
    'k6', 'run',
    ...(spec.quiet === 'false' ? [] : ['--quiet']),
    ...segmentArgs(i, spec.parallelism),
    ...splitArgs(spec.arguments),
    `${scriptMount}/${spec.script.configMap.file}`,
    `--address=0.0.0.0:${restApiPort}`, '--paused',
    '--tag', `instance_id=${i}`, '--tag', `job_name=${name}-${i}`,
  ];
  const container = {
    name: 'k6',
    image: runner.image ?? defaultImage,
    imagePullPolicy: runner.imagePullPolicy,
    command,
    env: runner.env,
    resources: runner.resources,
    securityContext: runner.containerSecurityContext,
    ports: [{ containerPort: restApiPort }],
    // Ready once k6's REST API answers: the starter is only sent to runners that listen.
    readinessProbe: { httpGet: { path: '/v1/status', port: restApiPort } },
    volumeMounts: scriptMountOf,
  };
  return owned(tr, `${name}-${i}`, { ...baseLabels(name), runner: 'true' }, runner, {
    containers: [container],
    automountServiceAccountToken: runner.automountServiceAccountToken === undefined ? undefined : runner.automountServiceAccountToken === 'true',
    ...scriptVolume(spec),
  });
}

/** Resumes every runner at once: one PATCH /v1/status {paused: false} per runner address. */
export function starterJob(tr: KubeObject, runnerAddresses: string[]): KubeObject {
  const spec = tr.spec as unknown as TestRunSpec;
  const body = JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } });
  const calls = runnerAddresses.map((a) => `curl --silent --show-error --fail -X PATCH -H 'Content-Type: application/json' http://${a}/v1/status -d '${body}'`);
  const container = {
    name: 'k6-curl',
    image: spec.starter?.image ?? 'curlimages/curl:latest',
    command: ['sh', '-c', calls.join(' && ')],
    env: spec.starter?.env,
    securityContext: spec.starter?.containerSecurityContext,
  };
  return owned(tr, `${tr.metadata.name}-starter`, baseLabels(tr.metadata.name), spec.starter, { containers: [container] });
}
