// API discovery documents (`/api`, `/api/v1`, `/apis`, `/apis/<group>[/<version>]`) in the
// legacy (unaggregated) JSON form every client understands. The optional group metrics.k8s.io
// (metrics-server) appears only while switched on. No k6.io: k6-operator's TestRuns are tested on
// the real control plane (test/support/k6Operator).
import { resourceTypes, type ResourceType } from './resources';

export interface DiscoveryFlags {
  metricsServer: boolean;
}

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  group?: string;
  version?: string;
}

function fromType(t: ResourceType): ApiResource[] {
  const main: ApiResource = { name: t.name, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: t.verbs, ...(t.shortNames ? { shortNames: t.shortNames } : {}) };
  const subs = t.subresources.map((s): ApiResource => {
    if (s === 'log') return { name: `${t.name}/log`, singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] };
    if (s === 'proxy') return { name: `${t.name}/proxy`, singularName: '', namespaced: true, kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] };
    return { name: `${t.name}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] };
  });
  return [main, ...subs];
}

interface GroupVersion {
  group: string;
  version: string;
  resources: ApiResource[];
}

function groupVersions(flags: DiscoveryFlags): GroupVersion[] {
  const list: GroupVersion[] = [
    { group: 'batch', version: 'v1', resources: fromType(resourceTypes.jobs) },
    {
      group: 'authorization.k8s.io',
      version: 'v1',
      resources: [{ name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] }],
    },
  ];
  if (flags.metricsServer) {
    list.push({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      resources: [
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
      ],
    });
  }
  return list;
}

export function coreVersions(): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

export function coreResources(): object {
  const core = [resourceTypes.namespaces, resourceTypes.pods, resourceTypes.services, resourceTypes.configmaps, resourceTypes.secrets];
  return { kind: 'APIResourceList', groupVersion: 'v1', resources: core.flatMap(fromType) };
}

function groupObject(gv: GroupVersion): object {
  const v = { groupVersion: `${gv.group}/${gv.version}`, version: gv.version };
  return { name: gv.group, versions: [v], preferredVersion: v };
}

export function groupList(flags: DiscoveryFlags): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupVersions(flags).map(groupObject) };
}

export function group(flags: DiscoveryFlags, name: string): object | undefined {
  const gv = groupVersions(flags).find((g) => g.group === name);
  return gv && { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(gv) };
}

export function groupResources(flags: DiscoveryFlags, name: string, version: string): object | undefined {
  const gv = groupVersions(flags).find((g) => g.group === name && g.version === version);
  return gv && { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${gv.group}/${gv.version}`, resources: gv.resources };
}

export function isServedGroup(flags: DiscoveryFlags, name: string, version: string): boolean {
  return groupVersions(flags).some((g) => g.group === name && g.version === version);
}
