// The resource types the fake API server knows: where each lives in the REST tree, what its
// kind is called, and how the real API server fills in defaults and validates a new object.

/** A Kubernetes object as JSON. Only the fields the fake reads are typed. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown> & object;
  status?: Record<string, unknown> & object;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The resources (REST plural names) the fake serves. */
export type ResourceName = 'namespaces' | 'pods' | 'services' | 'configmaps' | 'secrets' | 'jobs';

export interface ResourceType {
  name: ResourceName;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** Pods and services answer DELETE with the deleted object, the others with a Status. */
  deleteReturnsObject: boolean;
  /** The garbage-collection policy when DELETE names none (batch/v1 Jobs orphan their pods). */
  defaultPropagation: 'Background' | 'Orphan';
  subresources: string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const resourceTypes: Record<ResourceName, ResourceType> = {
  namespaces: { name: 'namespaces', group: '', version: 'v1', kind: 'Namespace', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], deleteReturnsObject: true, defaultPropagation: 'Background', subresources: ['status'] },
  pods: { name: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true, verbs: allVerbs, shortNames: ['po'], deleteReturnsObject: true, defaultPropagation: 'Background', subresources: ['log', 'status'] },
  services: { name: 'services', group: '', version: 'v1', kind: 'Service', namespaced: true, verbs: allVerbs, shortNames: ['svc'], deleteReturnsObject: true, defaultPropagation: 'Background', subresources: ['proxy', 'status'] },
  configmaps: { name: 'configmaps', group: '', version: 'v1', kind: 'ConfigMap', namespaced: true, verbs: allVerbs, shortNames: ['cm'], deleteReturnsObject: false, defaultPropagation: 'Background', subresources: [] },
  secrets: { name: 'secrets', group: '', version: 'v1', kind: 'Secret', namespaced: true, verbs: allVerbs, deleteReturnsObject: false, defaultPropagation: 'Background', subresources: [] },
  jobs: { name: 'jobs', group: 'batch', version: 'v1', kind: 'Job', namespaced: true, verbs: allVerbs, deleteReturnsObject: false, defaultPropagation: 'Orphan', subresources: ['status'] },
};

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function resourceByKind(kind: string): ResourceType | undefined {
  return Object.values(resourceTypes).find((t) => t.kind === kind);
}

/** A validation failure: answered as 422 Invalid, as the real server does. */
export class InvalidError extends Error {
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly causes: { field: string; message: string; reason?: string }[],
  ) {
    super(`${kind} "${objectName}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`);
  }
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks what the real API server checks on create/update, for the fields tests touch. */
export function validate(t: ResourceType, obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const causes: { field: string; message: string; reason?: string }[] = [];
  const nameRule = t.name === 'services' || t.name === 'namespaces' ? dns1123Label : dns1123Subdomain;
  const maxName = t.name === 'services' || t.name === 'namespaces' ? 63 : 253;
  if (!name) causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required', reason: 'FieldValueRequired' });
  else if (!nameRule.test(name) || name.length > maxName) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 ${nameRule === dns1123Label ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`, reason: 'FieldValueInvalid' });
  }
  if (t.name === 'configmaps') {
    const size = JSON.stringify(obj.data ?? {}).length + JSON.stringify(obj.binaryData ?? {}).length;
    if (size > 1024 * 1024) causes.push({ field: '[]', message: 'Too long: must have at most 1048576 bytes', reason: 'FieldValueTooLong' });
  }
  if (t.name === 'jobs') {
    const template = (obj.spec as { template?: { spec?: { containers?: unknown[]; restartPolicy?: string } } } | undefined)?.template;
    if (!template?.spec?.containers?.length) causes.push({ field: 'spec.template.spec.containers', message: 'Required value', reason: 'FieldValueRequired' });
    const rp = template?.spec?.restartPolicy;
    if (rp !== 'Never' && rp !== 'OnFailure') causes.push({ field: 'spec.template.spec.restartPolicy', message: `Required value: valid values: "OnFailure", "Never"`, reason: 'FieldValueRequired' });
  }
  if (t.name === 'pods') {
    const containers = (obj.spec as { containers?: unknown[] } | undefined)?.containers;
    if (!containers?.length) causes.push({ field: 'spec.containers', message: 'Required value', reason: 'FieldValueRequired' });
  }
  if (t.name === 'secrets') {
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, unknown>)) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) causes.push({ field: `data[${k}]`, message: 'Invalid value: illegal base64 data', reason: 'FieldValueInvalid' });
    }
  }
  if (causes.length > 0) throw new InvalidError(t.kind, name, causes);
}

let clusterIpCounter = 10;
let nodePortCounter = 30000;

/** Fills in what the API server and its built-in controllers set on a new object. */
export function applyDefaults(t: ResourceType, obj: KubeObject): void {
  obj.apiVersion = apiVersionOf(t);
  obj.kind = t.kind;
  switch (t.name) {
    case 'pods': {
      const spec = (obj.spec ??= {}) as { restartPolicy?: string; containers?: { name: string; imagePullPolicy?: string }[]; dnsPolicy?: string };
      spec.restartPolicy ??= 'Always';
      spec.dnsPolicy ??= 'ClusterFirst';
      const status = (obj.status ??= {}) as { phase?: string; qosClass?: string };
      status.phase ??= 'Pending';
      status.qosClass ??= qosClassOf(obj);
      break;
    }
    case 'services': {
      const spec = (obj.spec ??= {}) as { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: { port: number; targetPort?: number | string; protocol?: string; nodePort?: number }[]; sessionAffinity?: string };
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.clusterIP !== 'None') {
        spec.clusterIP ??= `10.43.${Math.floor(clusterIpCounter / 250)}.${(clusterIpCounter++ % 250) + 1}`;
        spec.clusterIPs ??= [spec.clusterIP];
      }
      for (const p of spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && p.nodePort === undefined) p.nodePort = nodePortCounter++;
      }
      obj.status ??= { loadBalancer: {} };
      break;
    }
    case 'secrets': {
      obj.type ??= 'Opaque';
      const stringData = obj.stringData as Record<string, string> | undefined;
      if (stringData) {
        const data = (obj.data ??= {}) as Record<string, string>;
        for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
        delete obj.stringData;
      }
      break;
    }
    case 'jobs': {
      const spec = (obj.spec ??= {}) as {
        parallelism?: number;
        completions?: number;
        backoffLimit?: number;
        completionMode?: string;
        suspend?: boolean;
        selector?: { matchLabels: Record<string, string> };
        template?: { metadata?: { labels?: Record<string, string> } };
      };
      spec.parallelism ??= 1;
      spec.completions ??= spec.parallelism;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      const uid = obj.metadata.uid ?? '';
      const name = obj.metadata.name ?? '';
      const selectorLabels = { 'batch.kubernetes.io/controller-uid': uid };
      spec.selector ??= { matchLabels: selectorLabels };
      spec.template ??= {};
      spec.template.metadata ??= {};
      spec.template.metadata.labels = {
        ...spec.template.metadata.labels,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      };
      // batch/v1 defaulting: a Job without labels takes its pod template's labels.
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) obj.metadata.labels = { ...spec.template.metadata.labels };
      obj.status ??= {};
      break;
    }
    case 'namespaces':
      obj.spec ??= { finalizers: ['kubernetes'] };
      obj.status ??= { phase: 'Active' };
      break;
    default:
      break;
  }
}

/** Guaranteed when every container sets equal cpu+memory requests and limits, BestEffort when none set anything. */
function qosClassOf(pod: KubeObject): string {
  const containers = ((pod.spec as { containers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] } | undefined)?.containers ?? []);
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = { ...c.resources?.limits, ...c.resources?.requests };
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] ?? lim[r]) !== lim[r]) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The name of the object when `generateName` is used: prefix plus five random characters. */
export function generatedName(prefix: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return prefix + suffix;
}

export function isNamespaceName(name: string): boolean {
  return dns1123Label.test(name) && name.length <= 63;
}
