// What discovery tests on the real control plane arrange: Services in front of a test host in the
// network namespace (a pod whose IP is the namespace's address, selected by the Services), a
// ServiceAccount that may do exactly what discovery needs (its requests audited by the API
// server), a SQLite store, and cleanup of all of it.
import * as path from 'node:path';
import { KubeClient } from '../../src/infra/kube/kubeClient';
import { Store } from '../../src/infra/store/store';
import { auditedRequests, type LocalCluster, serviceAccountKubeconfig } from './localCluster';
import { createTestHostPod, type ScriptedHost, startScriptedHostInNetns } from './netnsTestHost';
import { makeTempDir } from './tempDir';

export interface ServicePort {
  port: number;
  name?: string;
  targetPort?: number;
  nodePort?: number;
}

export interface DiscoveryBench {
  readonly host: ScriptedHost;
  readonly store: Store;
  /** KubeClient as the discovery ServiceAccount (list/watch/get services, get services/proxy). */
  readonly client: KubeClient;
  readonly username: string;
  /** A Service selecting the test host pod, or the pods `selector` names (none: no endpoints, the API server's 503). */
  service(name: string, ports: ServicePort[], opts?: { selector?: Record<string, string>; type?: 'NodePort' }): Promise<Record<string, unknown>>;
  deleteService(name: string): Promise<void>;
  /** The discovery account's requests the API server audited since the bench opened (or since `mark`). */
  audited(): string[];
  mark(): void;
  close(): Promise<void>;
}

/** Opens the bench in `cluster`'s namespace with a scripted host listening on `ports` in the netns. */
export async function openDiscoveryBench(cluster: LocalCluster, name: string, ports: number[]): Promise<DiscoveryBench> {
  const ns = cluster.namespace;
  const tmp = makeTempDir('mv-discovery-');
  const host = await startScriptedHostInNetns(ports);
  const label = { 'mv-test-host': name };
  await createTestHostPod(cluster, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: label }, spec: { containers: [{ name: 'api', image: 'registry.local/api:1' }] } });
  const sa = await serviceAccountKubeconfig(cluster, name, [
    { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] },
  ], tmp.dir);
  const opened = KubeClient.open({ env: { KUBECONFIG: sa.kubeconfigPath } });
  if (!opened.ok) throw new Error(opened.error.message);
  const { store } = Store.open(path.join(tmp.dir, 'mv.db'));
  const services: string[] = [];
  const username = `system:serviceaccount:${ns}:${name}`;
  let seen = 0;
  return {
    host,
    store,
    client: opened.value,
    username,
    async service(svc, svcPorts, opts = {}) {
      const res = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/services`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: svc },
        spec: { selector: opts.selector ?? label, ...(opts.type ? { type: opts.type } : {}), ports: svcPorts.map((p) => ({ ...p, targetPort: p.targetPort ?? p.port })) },
      });
      if (res.status !== 201) throw new Error(`creating Service ${svc}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      services.push(svc);
      return res.body;
    },
    async deleteService(svc) {
      await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}/services/${svc}`);
    },
    audited: () => auditedRequests(username).slice(seen),
    mark() {
      seen = auditedRequests(username).length;
    },
    async close() {
      host.close();
      store.close();
      for (const svc of services) await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}/services/${svc}`);
      await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`, { gracePeriodSeconds: 0 });
      await sa.remove();
      tmp.cleanup();
    },
  };
}
