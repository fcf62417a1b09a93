// The test metrics server as a background process of scripts/cluster.sh:
//   node --import tsx test/support/metricsServer/main.ts --kubeconfig FILE --host ADDR --cert FILE --key FILE
// Listens on ADDR (not loopback: the API server refuses to route a Service to loopback), then
// registers itself: Service kube-system/metrics-server without a selector, an EndpointSlice
// naming ADDR:port, and APIService v1beta1.metrics.k8s.io pointing at the Service.
import { KubeConfig } from '@kubernetes/client-node';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeApi } from '../podRunner/kubeApi';
import { startTestMetricsServer } from './index';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, host: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } } });
if (!values.kubeconfig || !values.host || !values.cert || !values.key) {
  process.stderr.write('usage: main.ts --kubeconfig FILE --host ADDR --cert FILE --key FILE\n');
  process.exit(2);
}
/** Creates or replaces an object (PUT with the current resourceVersion; a conflict reads again). */
async function apply(api: KubeApi, collection: string, obj: { metadata: { name: string; resourceVersion?: string } }): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await api.get(`${collection}/${obj.metadata.name}`);
    const exists = current.status === 200;
    if (exists) obj.metadata.resourceVersion = (current.body.metadata as { resourceVersion: string }).resourceVersion;
    const res = exists ? await api.request('PUT', `${collection}/${obj.metadata.name}`, obj) : await api.request('POST', collection, obj);
    if (res.status === 200 || res.status === 201) return;
    if (res.status !== 409) throw new Error(`${exists ? 'PUT' : 'POST'} ${collection}/${obj.metadata.name}: ${res.status} ${String(res.body.message)}`);
  }
  throw new Error(`${collection}/${obj.metadata.name}: still conflicting after 5 attempts`);
}

async function main(opts: { kubeconfig: string; host: string; cert: string; key: string }): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(opts.kubeconfig);
  const api = await KubeApi.open(kc);
  const server = await startTestMetricsServer({ api, host: opts.host, cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) });
  const labels = { 'app.kubernetes.io/name': 'metric-vault-test-metrics-server' };
  await apply(api, '/api/v1/namespaces/kube-system/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'metrics-server', labels },
    spec: { ports: [{ name: 'https', port: 443, targetPort: server.port, protocol: 'TCP' }] },
  } as never);
  await apply(api, '/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'metrics-server-test-host', labels: { ...labels, 'kubernetes.io/service-name': 'metrics-server' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [opts.host], conditions: { ready: true } }],
    ports: [{ name: 'https', port: server.port, protocol: 'TCP' }],
  } as never);
  await apply(api, '/apis/apiregistration.k8s.io/v1/apiservices', {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.k8s.io', labels },
    spec: { service: { name: 'metrics-server', namespace: 'kube-system', port: 443 }, group: 'metrics.k8s.io', version: 'v1beta1', insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100 },
  } as never);
  process.stdout.write(`${new Date().toISOString()} metrics.k8s.io served at ${server.url}, registered as APIService v1beta1.metrics.k8s.io\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main({ kubeconfig: values.kubeconfig, host: values.host, cert: values.cert, key: values.key }).catch((err: unknown) => {
  process.stderr.write(`metrics server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
