// What the kubelet gathers before it can start a container: the files of the pod's ConfigMap
// and Secret volumes and the container's environment (plain values, secretKeyRef,
// configMapKeyRef, fieldRef). A missing object or key is an answer, not an exception: the
// kubelet keeps the pod waiting with the same reasons (volume → ContainerCreating with a
// FailedMount message, env → CreateContainerConfigError) until it appears.
import type { KubeApi, KubeObject } from './kubeApi';

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string }[];
  readinessProbe?: { httpGet?: { path?: string; port: number | string } };
}

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: { fieldPath: string } };
}

interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[]; optional?: boolean };
  secret?: { secretName: string; items?: { key: string; path: string }[]; optional?: boolean };
}

export interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
  nodeName?: string;
  terminationGracePeriodSeconds?: number;
}

/** Files of one volume: path inside the volume → content. */
export type VolumeFiles = Map<string, Buffer>;

export type ContainerConfig =
  | { ready: true; env: Record<string, string>; volumes: Map<string, VolumeFiles> }
  | { ready: false; reason: 'ContainerCreating' | 'CreateContainerConfigError'; message: string };

type Source = { kind: 'configmap' | 'secret'; data: Record<string, Buffer> } | undefined;

async function readSource(api: KubeApi, namespace: string, kind: 'configmap' | 'secret', name: string): Promise<Source> {
  const res = await api.get(`/api/v1/namespaces/${namespace}/${kind === 'configmap' ? 'configmaps' : 'secrets'}/${encodeURIComponent(name)}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`reading ${kind} ${namespace}/${name}: HTTP ${res.status} ${String(res.body.message ?? '')}`);
  const data: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries((res.body.data as Record<string, string> | undefined) ?? {})) data[k] = kind === 'secret' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8');
  for (const [k, v] of Object.entries((res.body.binaryData as Record<string, string> | undefined) ?? {})) data[k] = Buffer.from(v, 'base64');
  return { kind, data };
}

function fieldValue(pod: KubeObject, fieldPath: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  const spec = pod.spec as PodSpec;
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return spec.nodeName ?? '';
    default:
      return '';
  }
}

export async function resolveContainerConfig(api: KubeApi, pod: KubeObject, container: Container): Promise<ContainerConfig> {
  const namespace = pod.metadata.namespace ?? 'default';
  const spec = pod.spec as PodSpec;
  const cache = new Map<string, Source>();
  const source = async (kind: 'configmap' | 'secret', name: string): Promise<Source> => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) cache.set(key, await readSource(api, namespace, kind, name));
    return cache.get(key);
  };

  const volumes = new Map<string, VolumeFiles>();
  for (const mount of container.volumeMounts ?? []) {
    const vol = spec.volumes?.find((v) => v.name === mount.name);
    const ref = vol?.configMap ? { kind: 'configmap' as const, name: vol.configMap.name, items: vol.configMap.items, optional: vol.configMap.optional } : vol?.secret ? { kind: 'secret' as const, name: vol.secret.secretName, items: vol.secret.items, optional: vol.secret.optional } : undefined;
    if (!ref) continue;
    const src = await source(ref.kind, ref.name);
    const files: VolumeFiles = new Map();
    if (!src) {
      if (ref.optional) {
        volumes.set(mount.name, files);
        continue;
      }
      return { ready: false, reason: 'ContainerCreating', message: `MountVolume.SetUp failed for volume "${mount.name}" : ${ref.kind} "${ref.name}" not found` };
    }
    const items = ref.items ?? Object.keys(src.data).map((key) => ({ key, path: key }));
    for (const item of items) {
      const content = src.data[item.key];
      if (content === undefined) {
        return { ready: false, reason: 'ContainerCreating', message: `MountVolume.SetUp failed for volume "${mount.name}" : configmap references non-existent config key: ${item.key}` };
      }
      files.set(item.path, content);
    }
    volumes.set(mount.name, files);
  }

  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env[e.name] = expand(e.value ?? '', env);
      continue;
    }
    const { secretKeyRef, configMapKeyRef, fieldRef } = e.valueFrom;
    if (fieldRef) {
      env[e.name] = fieldValue(pod, fieldRef.fieldPath);
      continue;
    }
    const ref = secretKeyRef ?? configMapKeyRef;
    if (!ref) continue;
    const kind = secretKeyRef ? 'secret' : 'configmap';
    const src = await source(kind, ref.name);
    const value = src?.data[ref.key];
    if (value !== undefined) env[e.name] = value.toString('utf8');
    else if (!ref.optional) {
      const message = src ? `couldn't find key ${ref.key} in ${kind === 'secret' ? 'Secret' : 'ConfigMap'} ${namespace}/${ref.name}` : `${kind} "${ref.name}" not found`;
      return { ready: false, reason: 'CreateContainerConfigError', message };
    }
  }
  return { ready: true, env, volumes };
}

/** Kubernetes' `$(VAR)` expansion in env values, command and args ($$ escapes). */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && name in env ? env[name] : m));
}
