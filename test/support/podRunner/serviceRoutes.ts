// What cluster DNS and kube-proxy do for a pod, for the k6 pods the runner starts on this
// machine: `http://shop.test.svc.cluster.local:8000` (or `shop.test.svc`, `shop.test`, and
// `shop` from the same namespace) reaches a ready endpoint of the Service `shop`, at the
// endpoint's port for the Service port. The routes come from the Services and their
// EndpointSlices when the pod starts and go to k6 as K6_STANDIN_SERVICES
// ({"host:port": "address:port"}); the stand-in still sends only to allowed addresses.
import type { KubeApi, KubeObject } from './kubeApi';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

interface EndpointSlice extends KubeObject {
  ports?: { name?: string; port?: number; protocol?: string }[];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
}

/** `host:port` → `address:port` for every Service port of `namespace` with a ready endpoint. */
export async function serviceRoutes(api: KubeApi, namespace: string): Promise<Record<string, string>> {
  const [services, slices] = await Promise.all([api.get(`/api/v1/namespaces/${namespace}/services`), api.get(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`)]);
  if (services.status !== 200 || slices.status !== 200) return {};
  const byService = new Map<string, EndpointSlice[]>();
  for (const slice of (slices.body.items ?? []) as EndpointSlice[]) {
    const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (owner) byService.set(owner, [...(byService.get(owner) ?? []), slice]);
  }
  const routes: Record<string, string> = {};
  for (const svc of (services.body.items ?? []) as KubeObject[]) {
    const name = svc.metadata.name;
    for (const p of ((svc.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []).filter((x) => (x.protocol ?? 'TCP') === 'TCP')) {
      const target = readyEndpoint(byService.get(name) ?? [], p);
      if (!target) continue;
      for (const host of [`${name}.${namespace}.svc.cluster.local`, `${name}.${namespace}.svc`, `${name}.${namespace}`, name]) routes[`${host}:${p.port}`] = target;
    }
  }
  return routes;
}

/** The first ready address of the slices serving Service port `p` (matched by port name, as kube-proxy does). */
function readyEndpoint(slices: readonly EndpointSlice[], p: ServicePort): string | undefined {
  for (const slice of slices) {
    const port = (slice.ports ?? []).find((sp) => (sp.name ?? '') === (p.name ?? '') && (sp.protocol ?? 'TCP') === 'TCP')?.port;
    if (port === undefined) continue;
    const ready = (slice.endpoints ?? []).find((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    if (ready) return `${ready.addresses[0]}:${port}`;
  }
  return undefined;
}
