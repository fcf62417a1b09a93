// Serves the demo: a real VS Code (code-server) with Metric Vault and the demo workspace, on
// loopback. These machines have no Kubernetes cluster and no k6 binary, so the demo starts the
// same stand-ins the tests use (test/support): a fake Kubernetes API with a `test` namespace,
// a simulated Job controller and metrics-server, and a stand-in `k6` on the PATH that writes
// k6-shaped metrics. The demo API (demo-api/) and InfluxDB (Debian's influxd) are real.
// With your own cluster: set KUBECONFIG and the metricVault.* settings instead.
// State (settings, the extension's database) is kept in .cache/demo between runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDemoApi } from '../demo-api/server';
import { registerExternalServer } from '../src/app/endpoints/servers';
import { Store } from '../src/infra/store/store';
import { startCodeServer } from '../test/support/codeServer';
import { aPod, aService, startFakeKube } from '../test/support/fakeKube/index';
import { installJobController } from '../test/support/fakeKube/jobController';
import { startInfluxd } from '../test/support/influxd';

const repo = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const root = path.join(repo, '.cache', 'demo');
  fs.mkdirSync(root, { recursive: true });

  const api = await startDemoApi({ port: Number(process.env.DEMO_API_PORT ?? port + 1), failRate: 0.05 });
  const influx = await startInfluxd();
  await influx.admin('CREATE DATABASE k6');

  const kube = await startFakeKube({ namespace: 'test' });
  installJobController(kube, { scenario: 'success', stepMs: 1000, runningSteps: 20 });
  for (const [name, replicas] of [['shop-api', 2], ['orders', 1]] as const) {
    kube.objects.create('services', aService(name, { ports: [{ port: 8000, name: 'http', targetPort: 8000 }] }));
    for (let i = 0; i < replicas; i++) {
      const pod = `${name}-7d9f8b-${['x2k4p', 'm9q1z'][i]}`;
      kube.objects.create('pods', aPod(pod, {
        labels: { app: name },
        nodeName: 'k3s-node-1',
        containers: [
          { name: 'app', image: `registry.local/${name}:1.4.2`, requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' }, ports: [8000] },
          { name: 'envoy', image: 'envoyproxy/envoy:v1.31', requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        ],
      }));
      kube.setPodMetrics(pod, [{ name: 'app', cpu: `${120 + 40 * i}m`, memory: `${180 + 20 * i}Mi` }, { name: 'envoy', cpu: '12m', memory: '40Mi' }]);
    }
  }
  // The demo API is the shop-api service: discovery finds its OpenAPI document through the proxy.
  kube.setProxyHandler('shop-api', 8000, api.url);

  const server = await startCodeServer({
    root,
    port,
    env: {
      KUBECONFIG: kube.kubeconfigPath,
      PATH: `${path.join(repo, 'test', 'support', 'fakeK6')}:${process.env.PATH ?? ''}`,
    },
    settings: {
      'metricVault.namespace': 'test',
      'metricVault.influx.url': influx.url,
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

  demo API (Swagger UI)   ${api.url}/docs
  InfluxDB                ${influx.url} (database k6)
  Kubernetes API (fake)   ${kube.url}, kubeconfig ${kube.kubeconfigPath}
(Ctrl-C to stop)
`);
  const stop = async () => {
    await server.stop();
    await Promise.allSettled([api.close(), influx.close(), kube.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
