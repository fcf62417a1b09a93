// Reading kubeconfig: KUBECONFIG (one or more files) or ~/.kube/config.
import { KubeConfig } from '@kubernetes/client-node';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Errorable, fail, type KubeError, kubeError, ok } from '../../core/result';

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

/**
 * The kubeconfig's current context by name, read without the Kubernetes client (which loads
 * only when a view connects): the first file that sets `current-context`, as kubectl merges.
 */
export async function kubeconfigCurrentContext(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const file of kubeconfigFiles(env)) {
    const text = await fs.promises.readFile(file, 'utf8').catch(() => '');
    const name = /^current-context:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#][^\n#]*?))[ \t]*(?:#.*)?$/m.exec(text);
    const value = name?.[1] ?? name?.[2] ?? name?.[3];
    if (value) return value;
  }
  return undefined;
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

/** The kubeconfig's contexts (none without a kubeconfig); an unreadable file is an error, not a throw. */
export function listKubeContexts(env: NodeJS.ProcessEnv = process.env): Errorable<KubeContextInfo[]> {
  let kc: KubeConfig | undefined;
  try {
    kc = loadKubeConfig(env);
  } catch (err) {
    return fail(unreadable(kubeconfigFiles(env)[0], err));
  }
  if (!kc) return ok([]);
  const current = kc.getCurrentContext();
  return ok(kc.getContexts().map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, current: c.name === current })));
}

function unreadable(file: string | undefined, err: unknown): KubeError {
  return kubeError('no-kubeconfig', `The kubeconfig ${file ?? ''} could not be read: ${err instanceof Error ? err.message : String(err)}`, 'Fix or replace the file, then select a context.');
}

/** A kubeconfig loaded and pointed at one context. */
export interface KubeTarget {
  kc: KubeConfig;
  contextName: string;
  /** The API server URL of the context's cluster. */
  server: string;
  /** The namespace the context names, if any (the setting wins over it). */
  contextNamespace?: string;
  files: string[];
}

/**
 * Loads the kubeconfig for a context (empty: the kubeconfig's current context) as a result:
 * no file, an unreadable file, or an unknown context become a KubeError with a next step.
 */
export function openKubeConfig(opts: { env?: NodeJS.ProcessEnv; context?: string } = {}): Errorable<KubeTarget> {
  const env = opts.env ?? process.env;
  const files = kubeconfigFiles(env);
  if (files.length === 0) {
    return fail(
      kubeError(
        'no-kubeconfig',
        env.KUBECONFIG ? `No kubeconfig file exists at KUBECONFIG=${env.KUBECONFIG}.` : `No kubeconfig was found (KUBECONFIG is unset and ${path.join(os.homedir(), '.kube', 'config')} does not exist).`,
        'Copy your cluster\'s kubeconfig there (for k3s: /etc/rancher/k3s/k3s.yaml), then select a context.',
      ),
    );
  }
  let kc: KubeConfig | undefined;
  try {
    kc = loadKubeConfig(env, opts.context || undefined);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/has no context named/.test(message)) return fail(kubeError('no-kubeconfig', message, 'Select one of the contexts the kubeconfig lists.'));
    return fail(unreadable(files[0], err));
  }
  const contextName = kc?.getCurrentContext() ?? '';
  const context = kc?.getContextObject(contextName);
  const cluster = kc?.getCurrentCluster();
  if (!kc || !context || !cluster) {
    return fail(kubeError('no-kubeconfig', `The kubeconfig ${files[0]} has no usable current context${contextName ? ` ("${contextName}")` : ''}.`, 'Select one of the contexts the kubeconfig lists.'));
  }
  return ok({ kc, contextName, server: cluster.server, contextNamespace: context.namespace, files });
}
