// The run's ConfigMap: the script and its files. Kubernetes keys cannot hold '/', so files in
// subfolders get flattened keys and the volume's `items` put them back at their paths.
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';
import type { BundleFile, ScriptBundle } from './scriptBundle';
import { runLabels } from './labels';
import { runObjectNames } from './runId';

/** The API server refuses ConfigMaps whose keys and values add up to more than 1 MiB. */
export const configMapLimitBytes = 1024 * 1024;

export interface ConfigMapRender {
  configMap: IConfigMap;
  /** Volume items mapping each key back to its relative path. */
  items: IKeyToPath[];
  /** Key + value bytes as the API server counts them against the 1 MiB limit. */
  sizeBytes: number;
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function keyFor(path: string, taken: Set<string>): string {
  const base = path.replace(/\//g, '__').replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 240) || 'file';
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}.${i}`;
  taken.add(key);
  return key;
}

export function renderScriptConfigMap(runId: string, namespace: string, bundle: Pick<ScriptBundle, 'files'>): ConfigMapRender {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const items: IKeyToPath[] = [];
  const taken = new Set<string>();
  let sizeBytes = 0;
  for (const file of bundle.files as BundleFile[]) {
    const key = keyFor(file.path, taken);
    items.push({ key, path: file.path });
    sizeBytes += key.length + file.content.byteLength;
    if (isText(file.content)) data[key] = new TextDecoder().decode(file.content);
    else binaryData[key] = Buffer.from(file.content).toString('base64');
  }
  const configMap: IConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: runObjectNames(runId).configMap, namespace, labels: runLabels(runId, 'script') },
    data,
    ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
  };
  return { configMap, items, sizeBytes };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
