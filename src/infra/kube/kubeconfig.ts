// Reading kubeconfig: KUBECONFIG (one or more files) or ~/.kube/config.
import { KubeConfig } from '@kubernetes/client-node';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  current: boolean;
}

/** The kubeconfig files that would be read, existing ones only. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
  const candidates = fromEnv.length > 0 ? fromEnv : [path.join(os.homedir(), '.kube', 'config')];
  return candidates.filter((f) => fs.existsSync(f));
}

/** Loads the kubeconfig, or returns undefined when there is none on this machine. */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env, context?: string): KubeConfig | undefined {
  const files = kubeconfigFiles(env);
  if (files.length === 0) return undefined;
  const kc = new KubeConfig();
  kc.loadFromFile(files[0]);
  for (const extra of files.slice(1)) {
    const more = new KubeConfig();
    more.loadFromFile(extra);
    kc.mergeConfig(more);
  }
  if (context) {
    if (!kc.getContextObject(context)) throw new Error(`The kubeconfig has no context named "${context}".`);
    kc.setCurrentContext(context);
  }
  return kc;
}

export function listKubeContexts(env: NodeJS.ProcessEnv = process.env): KubeContextInfo[] {
  const kc = loadKubeConfig(env);
  if (!kc) return [];
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, current: c.name === current }));
}
