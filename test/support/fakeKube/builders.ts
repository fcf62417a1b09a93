// Builders for objects to put into the fake cluster: valid defaults, overridden by options.
import type { KubeObject } from './resources';

export interface ContainerSpec {
  name: string;
  image?: string;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  ports?: number[];
  /** For init containers: `Always` makes a sidecar. */
  restartPolicy?: 'Always';
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  /** Default `Running` (with every container ready); `Pending` has no container statuses. */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  nodeName?: string;
  restarts?: number;
  /** Containers not ready even though the pod runs (by name). */
  notReady?: string[];
  ownerReferences?: KubeObject['metadata']['ownerReferences'];
}

function container(c: ContainerSpec): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  if (c.requests) resources.requests = c.requests;
  if (c.limits) resources.limits = c.limits;
  return {
    name: c.name,
    image: c.image ?? 'ghcr.io/example/api:1.0.0',
    resources,
    ...(c.ports ? { ports: c.ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) } : {}),
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

/** A pod as the kubelet reports it in the given phase. */
export function aPod(name: string, o: PodOptions = {}): KubeObject {
  const containers = o.containers ?? [{ name: 'app', requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' }, ports: [8080] }];
  const phase = o.phase ?? 'Running';
  const startedAt = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const running = phase === 'Running';
  const statuses = containers.map((c, i) => ({
    name: c.name,
    image: c.image ?? 'ghcr.io/example/api:1.0.0',
    imageID: '',
    ready: running && !(o.notReady ?? []).includes(c.name),
    started: running,
    restartCount: i === 0 ? (o.restarts ?? 0) : 0,
    state: running
      ? { running: { startedAt } }
      : phase === 'Succeeded' || phase === 'Failed'
        ? { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt, finishedAt: startedAt } }
        : { waiting: { reason: 'ContainerCreating' } },
  }));
  const allReady = running && statuses.every((s) => s.ready);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      labels: o.labels ?? { app: name.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, '') },
      ...(o.ownerReferences ? { ownerReferences: o.ownerReferences } : {}),
    },
    spec: {
      containers: containers.map(container),
      ...(o.initContainers ? { initContainers: o.initContainers.map(container) } : {}),
      ...(phase !== 'Pending' || o.nodeName ? { nodeName: o.nodeName ?? 'k3s-server' } : {}),
      restartPolicy: 'Always',
    },
    status: {
      phase,
      ...(phase === 'Pending'
        ? { conditions: [{ type: 'PodScheduled', status: o.nodeName ? 'True' : 'False' }] }
        : {
            conditions: [
              { type: 'Initialized', status: 'True' },
              { type: 'Ready', status: allReady ? 'True' : 'False' },
              { type: 'ContainersReady', status: allReady ? 'True' : 'False' },
              { type: 'PodScheduled', status: 'True' },
            ],
            hostIP: '10.0.0.5',
            podIP: '10.42.0.17',
            startTime: startedAt,
            containerStatuses: statuses,
          }),
    },
  };
}

export interface ServicePortSpec {
  port: number;
  name?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceOptions {
  namespace?: string;
  selector?: Record<string, string>;
  ports?: ServicePortSpec[];
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  labels?: Record<string, string>;
}

/** A service selecting `app: <name>` on port 80 → 8080 unless told otherwise. */
export function aService(name: string, o: ServiceOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      type: o.type ?? 'ClusterIP',
      selector: o.selector ?? { app: name },
      ports: (o.ports ?? [{ port: 80, name: 'http', targetPort: 8080 }]).map((p) => ({ protocol: 'TCP', ...p })),
    },
  };
}
