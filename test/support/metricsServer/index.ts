// A small metrics.k8s.io/v1beta1 server for the local control plane (tests only): registered
// through the aggregation layer (APIService v1beta1.metrics.k8s.io → a selector-less Service
// and its Endpoints naming this server's address), it answers PodMetrics and NodeMetrics in
// metrics-server's JSON for the pods the API server has. No kubelet measures anything here, so
// usage is derived from each container's spec, deterministically (usageOf below), or set per
// pod with the annotation `metrics.metric-vault.dev/usage: {"app":{"cpu":"120m","memory":"200Mi"}}`.
// A pod annotated `metrics.metric-vault.dev/unscraped: "true"` is left out, as metrics-server
// leaves out a pod it has no recent sample of (just started, or its kubelet scrape failed).
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeApi, KubeObject } from '../podRunner/kubeApi';

export const usageAnnotation = 'metrics.metric-vault.dev/usage';
export const unscrapedAnnotation = 'metrics.metric-vault.dev/unscraped';
const group = 'metrics.k8s.io';
const version = 'v1beta1';

interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}
interface ContainerSpec {
  name: string;
  resources?: Resources;
}

/** Kubernetes quantity → millicores (cpu) or bytes (memory). */
export function parseQuantity(q: string, kind: 'cpu' | 'memory'): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const units: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const v = n * (units[m[2]] ?? 1);
  return kind === 'cpu' ? v * 1000 : v;
}

/**
 * A container's usage when no annotation says otherwise: 40 % of its CPU request (or 50m) and
 * 60 % of its memory request (or 64Mi) — a steady, plausible load the tests can compute.
 */
export function usageOf(c: ContainerSpec): { cpu: string; memory: string } {
  const cpuReq = c.resources?.requests?.cpu ? parseQuantity(c.resources.requests.cpu, 'cpu') : 125;
  const memReq = c.resources?.requests?.memory ? parseQuantity(c.resources.requests.memory, 'memory') : 64 * 1024 * 1024 / 0.6;
  return { cpu: `${Math.round(cpuReq * 0.4 * 1e6)}n`, memory: `${Math.round((memReq * 0.6) / 1024)}Ki` };
}

function podUsage(pod: KubeObject): { name: string; usage: { cpu: string; memory: string } }[] {
  let fromAnnotation: Record<string, { cpu: string; memory: string }> = {};
  try {
    fromAnnotation = JSON.parse(pod.metadata.annotations?.[usageAnnotation] ?? '{}') as typeof fromAnnotation;
  } catch {
    fromAnnotation = {};
  }
  return ((pod.spec as { containers: ContainerSpec[] }).containers ?? []).map((c) => ({ name: c.name, usage: fromAnnotation[c.name] ?? usageOf(c) }));
}

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function podMetrics(pod: KubeObject): Record<string, unknown> {
  return {
    kind: 'PodMetrics',
    apiVersion: `${group}/${version}`,
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, labels: pod.metadata.labels, creationTimestamp: stamp() },
    timestamp: stamp(),
    window: '15s',
    containers: podUsage(pod),
  };
}

const resourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: `${group}/${version}`,
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};

export interface TestMetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startTestMetricsServer(opts: { api: KubeApi; host: string; port?: number; cert: Buffer; key: Buffer }): Promise<TestMetricsServer> {
  const send = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const notFound = (res: import('node:http').ServerResponse, what: string) =>
    send(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${what} not found`, reason: 'NotFound', code: 404 });
  const running = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running';
  const scraped = (p: KubeObject) => running(p) && p.metadata.annotations?.[unscrapedAnnotation] !== 'true';

  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://metrics');
      const p = url.pathname.replace(/\/+$/, '');
      if (p === '/healthz' || p === '/readyz' || p === '/livez') return void res.writeHead(200).end('ok');
      if (p === `/apis/${group}`) return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [{ groupVersion: `${group}/${version}`, version }], preferredVersion: { groupVersion: `${group}/${version}`, version } });
      if (p === `/apis/${group}/${version}`) return send(res, 200, resourceList);
      const base = `/apis/${group}/${version}`;
      const m = new RegExp(`^${base}(?:/namespaces/([^/]+))?/(pods|nodes)(?:/([^/]+))?$`).exec(p);
      if (!m) return notFound(res, p);
      const [, ns, kind, name] = m;
      const selector = url.searchParams.get('labelSelector');
      const q = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
      if (kind === 'pods') {
        const list = await opts.api.get(`${ns ? `/api/v1/namespaces/${ns}/pods` : '/api/v1/pods'}${name ? `/${name}` : q}`);
        if (list.status !== 200) return notFound(res, `pods "${name ?? ''}"`);
        if (name) return scraped(list.body as KubeObject) ? send(res, 200, podMetrics(list.body as KubeObject)) : notFound(res, `podmetrics "${name}"`);
        const items = ((list.body.items as KubeObject[]) ?? []).filter(scraped).map(podMetrics);
        return send(res, 200, { kind: 'PodMetricsList', apiVersion: `${group}/${version}`, metadata: {}, items });
      }
      const nodes = await opts.api.get(`/api/v1/nodes${name ? `/${name}` : q}`);
      if (nodes.status !== 200) return notFound(res, `nodes "${name ?? ''}"`);
      const allPods = ((await opts.api.get('/api/v1/pods')).body.items as KubeObject[]).filter(running);
      const nodeMetrics = (node: KubeObject) => {
        let cpu = 0;
        let mem = 0;
        for (const pod of allPods.filter((x) => (x.spec as { nodeName?: string }).nodeName === node.metadata.name)) {
          for (const c of podUsage(pod)) {
            cpu += parseQuantity(c.usage.cpu, 'cpu');
            mem += parseQuantity(c.usage.memory, 'memory');
          }
        }
        return { kind: 'NodeMetrics', apiVersion: `${group}/${version}`, metadata: { name: node.metadata.name, labels: node.metadata.labels }, timestamp: stamp(), window: '15s', usage: { cpu: `${Math.round(cpu * 1e6)}n`, memory: `${Math.round(mem / 1024)}Ki` } };
      };
      if (name) return send(res, 200, nodeMetrics(nodes.body as KubeObject));
      return send(res, 200, { kind: 'NodeMetricsList', apiVersion: `${group}/${version}`, metadata: {}, items: ((nodes.body.items as KubeObject[]) ?? []).map(nodeMetrics) });
    })().catch((err: unknown) => send(res, 500, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: String(err), code: 500 }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${opts.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
