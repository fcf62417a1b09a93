// Serves the demo: a real VS Code (code-server) with Metric Vault and the demo workspace, on
// loopback, where a load test runs for real. These machines have no kubelet, no container
// runtime and no k6 binary, so:
// - the cluster is the local control plane of scripts/cluster.sh when its binaries are built
//   (.cache/cluster/bin), else the fake API server of test/support/fakeKube with its Job
//   controller following the pods;
// - k6 Job pods are run by the pod runner (test/support/podRunner): it reads the Job's
//   ConfigMap, env and args and runs the script with the k6 stand-in (test/support/fakeK6),
//   which sends real requests and writes k6's InfluxDB points; the pod's phase and exit code
//   follow the process;
// - Run Locally uses the same stand-in through metricVault.k6.path.
// The demo API (demo-api/: a slow and a flaky endpoint among others) and InfluxDB (Debian's
// influxd) are real. With your own cluster: set KUBECONFIG and the metricVault.* settings instead.
// State (settings, the extension's database, the workspace copied from demo/ with the scripts
// written into it) is kept in .cache/demo between runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDemoApi } from '../demo-api/server';
import { registerExternalServer } from '../src/app/endpoints/servers';
import { Store } from '../src/infra/store/store';
import { startCodeServer } from '../test/support/codeServer';
import { aPod, aService, type FakeKube, startFakeKube } from '../test/support/fakeKube/index';
import { installJobController } from '../test/support/fakeKube/jobController';
import { startInfluxd } from '../test/support/influxd';
import { type LocalCluster, localCluster, localClusterUnavailable } from '../test/support/localCluster';
import { usageAnnotation } from '../test/support/metricsServer/index';
import { createTestHostPod, type NetnsDemoApi, startDemoApiInNetns, testHostNetns, testHostUnavailable } from '../test/support/netnsTestHost';
import { type PodRunner, startPodRunner } from '../test/support/podRunner/index';

const repo = path.resolve(__dirname, '..');
const k6StandIn = path.join(repo, 'test', 'support', 'fakeK6', 'k6');

interface DemoCluster {
  kubeconfig: string;
  /** What the Pods view names it by (the kubeconfig context). */
  description: string;
  /** InfluxDB as k6 pods address it (`--out influxdb=`). */
  influxFromPods: string;
  close(): Promise<void>;
}

/** The local control plane (scripts/cluster.sh) when its binaries are built; its own pod runner runs k6 pods. */
async function localControlPlane(influxUrl: string): Promise<DemoCluster | undefined> {
  if (localClusterUnavailable()) return undefined;
  console.log('Starting the local Kubernetes control plane (scripts/cluster.sh up)…');
  const cluster = await localCluster();
  const shop = await seedRealCluster(cluster);
  return {
    kubeconfig: cluster.kubeconfigPath,
    description: `the local control plane of scripts/cluster.sh (kube-apiserver, etcd, kwok nodes; k6 pods run by the pod runner)${shop ? `\n                          shop-api: the demo API at ${shop.url} in the network namespace ${testHostNetns}, found by discovery through the API server's /proxy/` : ''}`,
    // The pods run on this machine (the pod runner), so they reach InfluxDB on loopback.
    influxFromPods: influxUrl,
    // The cluster is left running: `bash scripts/cluster.sh down` stops it (the next demo starts faster).
    close: async () => shop?.close(),
  };
}

/**
 * The demo's workloads on the real API server: `orders` as a Deployment (the controllers make its
 * pods, kwok runs them) and `shop-api` — when the test network exists (root) — as the demo API in
 * the network namespace behind a Service, so discovery reads its OpenAPI document through the API
 * server's /proxy/ and cluster runs of its in-cluster URL reach it. Already there is fine.
 */
async function seedRealCluster(cluster: LocalCluster): Promise<NetnsDemoApi | undefined> {
  const ns = cluster.namespace;
  const create = async (url: string, body: object) => {
    const res = await cluster.api.request('POST', url, body);
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating ${url}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };
  const containers = (name: string, cpu: string, memory: string) => [
    { name: 'app', image: `registry.local/${name}:1.4.2`, ports: [{ containerPort: 8000 }], resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } } },
    { name: 'envoy', image: 'envoyproxy/envoy:v1.31', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } },
  ].map((c) => ({ ...c, usage: c.name === 'app' ? { cpu, memory } : { cpu: '12m', memory: '40Mi' } }));
  const podTemplate = (name: string, cpu: string, memory: string) => {
    const list = containers(name, cpu, memory);
    return {
      metadata: { labels: { app: name }, annotations: { [usageAnnotation]: JSON.stringify(Object.fromEntries(list.map((c) => [c.name, c.usage]))) } },
      spec: { containers: list.map(({ usage: _usage, ...c }) => c) },
    };
  };
  const service = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8000, targetPort: 8000 }] } });
  await create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders', labels: { app: 'orders' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'orders' } }, template: podTemplate('orders', '160m', '210Mi') },
  });
  await create(`/api/v1/namespaces/${ns}/services`, service('orders'));
  if (testHostUnavailable()) return undefined;
  const shop = await startDemoApiInNetns(8000);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shop-api-0', ...podTemplate('shop-api', '120m', '180Mi').metadata }, spec: podTemplate('shop-api', '120m', '180Mi').spec };
  const exists = (await cluster.api.get(`/api/v1/namespaces/${ns}/pods/shop-api-0`)).status === 200;
  if (!exists) await createTestHostPod(cluster, pod);
  await create(`/api/v1/namespaces/${ns}/services`, service('shop-api'));
  return shop;
}

/** The fake API server with two services and their pods, its Job controller following the pods the pod runner runs. */
async function fakeCluster(apiUrl: string, influxUrl: string): Promise<DemoCluster> {
  const kube = await startFakeKube({ namespace: 'test' });
  const jobs = installJobController(kube, { mode: 'pod-runner' });
  seedServices(kube, apiUrl);
  const context = 'demo (fake API server)';
  const kubeconfig = kube.writeKubeconfig({ context });
  const runner: PodRunner = await startPodRunner({
    kubeconfig: kube.kubeconfigPath,
    k6Path: k6StandIn,
    namespace: 'test',
    influxUrl,
    onOutput: (pod, text) => {
      if (kube.objects.get('pods', pod.metadata.name ?? '', pod.metadata.namespace)) kube.appendPodLog(pod.metadata.name ?? '', text, { namespace: pod.metadata.namespace });
    },
  });
  return {
    kubeconfig,
    description: `${kube.url}: test/support/fakeKube (k6 pods run by the pod runner)`,
    influxFromPods: 'http://influxdb.monitoring.svc.cluster.local:8086',
    close: async () => {
      await runner.close();
      jobs.dispose();
      await kube.close();
    },
  };
}

/** shop-api (2 replicas) and orders (1): a Service each and their pods, with requests and limits. */
function demoWorkloads(nodeName: string) {
  return (['shop-api', 'orders'] as const).map((name) => ({
    name,
    service: aService(name, { ports: [{ port: 8000, name: 'http', targetPort: 8000 }] }),
    pods: [0, 1].slice(0, name === 'shop-api' ? 2 : 1).map((i) =>
      aPod(`${name}-7d9f8b-${['x2k4p', 'm9q1z'][i]}`, {
        labels: { app: name },
        nodeName,
        containers: [
          { name: 'app', image: `registry.local/${name}:1.4.2`, requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' }, ports: [8000] },
          { name: 'envoy', image: 'envoyproxy/envoy:v1.31', requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        ],
      }),
    ),
  }));
}

function seedServices(kube: FakeKube, apiUrl: string): void {
  for (const { service, pods } of demoWorkloads('k3s-node-1')) {
    kube.objects.create('services', service);
    pods.forEach((pod, i) => {
      kube.objects.create('pods', pod);
      kube.setPodMetrics(pod.metadata.name ?? '', [{ name: 'app', cpu: `${120 + 40 * i}m`, memory: `${180 + 20 * i}Mi` }, { name: 'envoy', cpu: '12m', memory: '40Mi' }]);
    });
  }
  // The demo API is the shop-api service: discovery finds its OpenAPI document through the proxy.
  kube.setProxyHandler('shop-api', 8000, apiUrl);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const root = path.join(repo, '.cache', 'demo');
  fs.mkdirSync(root, { recursive: true });

  const api = await startDemoApi({ port: Number(process.env.DEMO_API_PORT ?? port + 1), failRate: 0.1 });
  const influx = await startInfluxd();
  await influx.admin('CREATE DATABASE k6');
  const cluster = (await localControlPlane(influx.url)) ?? (await fakeCluster(api.url, influx.url));

  // The workspace is a copy of demo/, so the scripts the demo writes stay out of the repository.
  const workspace = path.join(root, 'workspace');
  if (!fs.existsSync(workspace)) fs.cpSync(path.join(repo, 'demo'), workspace, { recursive: true });

  const server = await startCodeServer({
    root,
    port,
    workspace,
    env: {
      KUBECONFIG: cluster.kubeconfig,
      // For a terminal in the demo's VS Code: `k6` there is the stand-in too.
      PATH: `${path.dirname(k6StandIn)}:${process.env.PATH ?? ''}`,
    },
    settings: {
      'metricVault.namespace': 'test',
      'metricVault.influx.url': influx.url,
      'metricVault.influx.inClusterUrl': cluster.influxFromPods,
      'metricVault.k6.path': k6StandIn,
      'metricVault.refreshIntervalSeconds': 2,
      'metricVault.discovery.intervalSeconds': 15,
    },
    prepare: async ({ globalStorageDir }) => {
      // Register the demo API as an external server, in the extension's own database.
      const { store } = Store.open(path.join(globalStorageDir, 'metric-vault.db'));
      try {
        await registerExternalServer(store, { id: 'ext:demo-api', name: 'Demo API', baseUrl: api.url, specUrl: `${api.url}/docs` });
      } finally {
        store.close();
      }
    },
  });

  console.log(`
Metric Vault demo: open ${server.url}

  demo API (Swagger UI)   ${api.url}/docs   (GET /slow waits 0.8 s; GET /flaky fails as often as its failRate parameter says, 0.2 by default in the scripts)
  InfluxDB                ${influx.url} (database k6)
  Kubernetes              ${cluster.description}
                          kubeconfig ${cluster.kubeconfig}
  k6                      ${k6StandIn} (stand-in: runs the script, real requests to loopback)
(Ctrl-C to stop)
`);
  const stop = async () => {
    await server.stop();
    await Promise.allSettled([api.close(), influx.close(), cluster.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
