// The cluster adapters for runs, from the kubeconfig (KUBECONFIG or ~/.kube/config) and the
// chosen context; built per use so a changed setting or kubeconfig is picked up.
import { KubeRunObjects } from '../../infra/kube/jobs';
import { KubeClient } from '../../infra/kube/kubeClient';
import { KubeTestRuns } from '../../infra/kube/testRuns';
import { type Errorable, ok } from '../../core/result';
import type { RunCluster, RunClusterProvider } from './ports';

export function runClusterFrom(client: KubeClient): RunCluster {
  return { objects: new KubeRunObjects(client), testRuns: new KubeTestRuns(client), contextName: client.contextName };
}

export function kubeconfigRunCluster(opts: { env?: NodeJS.ProcessEnv; context?: () => string | undefined; namespace?: () => string | undefined } = {}): RunClusterProvider {
  return (): Errorable<RunCluster> => {
    const client = KubeClient.open({ env: opts.env, context: opts.context?.(), namespace: opts.namespace?.() });
    return client.ok ? ok(runClusterFrom(client.value)) : client;
  };
}
