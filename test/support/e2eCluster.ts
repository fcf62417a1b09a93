// The Kubernetes cluster an e2e test runs the extension against: the real local control plane
// (scripts/cluster.sh: kube-apiserver, controllers, scheduler, kwok nodes, the pod runner) when
// its binaries are built, else test/support/fakeKube. Tests arrange what they need through this
// one interface, so the same test reads the same rows either way; what differs (who drives a
// pod's status, who ends a Job) is said here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FakeKube, type KubeObject as FakeObject, aPod, aService, startFakeKube } from './fakeKube';
import { type ContainerSpec } from './fakeKube/builders';
import { installJobController, type JobController } from './fakeKube/jobController';
import { type LocalCluster, clusterStateDir, localCluster, localClusterUnavailable, removeMetricsApi } from './localCluster';
import { usageAnnotation } from './metricsServer';
import { createTestHostPod, type NetnsDemoApi, startDemoApiInNetns, testHostImpossible } from './netnsTestHost';
import type { KubeObject } from './podRunner/kubeApi';
import { type PodRunner, startPodRunner } from './podRunner/index';

export interface E2eContainer extends ContainerSpec {
  /** What metrics.k8s.io reports for the container. */
  usage?: { cpu: string; memory: string };
}

export interface E2eCluster {
  readonly kind: 'local control plane' | 'fake';
  readonly kubeconfigPath: string;
  /** The kubeconfig context (what the status bar and the Pods view name the cluster by). */
  readonly context: string;
  readonly namespace: string;
  /** Where the pod runner keeps each k6 pod's working directory (`<dir>/<namespace>/<pod>-…`). */
  readonly podsDir: string;
  /**
   * A workload pod; it runs (kwok, or the fake's builder) unless `pending`, which keeps it
   * unschedulable (Pending, 0 ready) on the real scheduler too.
   */
  addPod(name: string, o: { labels?: Record<string, string>; containers: E2eContainer[]; pending?: boolean; namespace?: string }): Promise<void>;
  /** A pod selected by Service `service` (port → the demo API), whose OpenAPI document the service proxy serves. */
  addServiceWithDemoApi(service: string, port: number, pod: { name: string; containers: E2eContainer[] }): Promise<void>;
  /** The pod's containers restart once (kwok's restart-on-request stage on the real cluster). */
  restartPod(name: string, reason: string): Promise<void>;
  /** Takes metrics.k8s.io away (off) or gives it back (on). */
  setMetricsServer(on: boolean): Promise<void>;
  createNamespace(name: string): Promise<void>;
  /** Metric Vault's Jobs in the namespace, created since this cluster was started for the test. */
  jobs(): Promise<KubeObject[]>;
  /** Ends a Job the fake's controller keeps running (`scenario: 'long'`); on the real cluster k6 ends it. */
  finishJob?(name: string): void;
  close(): Promise<void>;
}

/**
 * The real control plane when built and its test network can be made (root), else the fake;
 * MV_E2E_CLUSTER=fake forces the fake. Decided before the cluster is up (describe titles name it).
 */
export function e2eClusterKind(): E2eCluster['kind'] {
  if (process.env.MV_E2E_CLUSTER === 'fake') return 'fake';
  return localClusterUnavailable() === undefined && testHostImpossible() === undefined ? 'local control plane' : 'fake';
}

export interface E2eClusterOptions {
  /** The fake's Job controller: `manual` ends Jobs when the test says (finishJob); `pod-runner` follows the pods a pod runner runs. */
  fakeJobs?: 'manual' | 'pod-runner';
  /** For `pod-runner`: the k6 stand-in and where k6 pods send their points. */
  k6Path?: string;
  influxUrl?: string;
  workDir?: string;
}

export async function startE2eCluster(opts: E2eClusterOptions = {}): Promise<E2eCluster> {
  return e2eClusterKind() === 'fake' ? startFake(opts) : startLocal(await localCluster());
}

function fakeRestart(pod: FakeObject, reason: string): void {
  const now = new Date().toISOString();
  for (const s of (pod.status as { containerStatuses?: Record<string, unknown>[] }).containerStatuses ?? []) {
    s.restartCount = Number(s.restartCount ?? 0) + 1;
    s.lastState = { terminated: { exitCode: reason === 'OOMKilled' ? 137 : 1, reason, startedAt: now, finishedAt: now } };
  }
}

async function startFake(opts: E2eClusterOptions): Promise<E2eCluster> {
  const fake: FakeKube = await startFakeKube({ namespace: 'test' });
  let jobs: JobController | undefined;
  let runner: PodRunner | undefined;
  if (opts.fakeJobs === 'manual') jobs = installJobController(fake, { scenario: 'long', stepMs: 200 });
  if (opts.fakeJobs === 'pod-runner') {
    jobs = installJobController(fake, { mode: 'pod-runner' });
    runner = await startPodRunner({
      kubeconfig: fake.kubeconfigPath,
      k6Path: opts.k6Path ?? '',
      namespace: 'test',
      influxUrl: opts.influxUrl,
      workDir: opts.workDir,
      onOutput: (pod, text) => {
        if (fake.objects.get('pods', pod.metadata.name ?? '', 'test')) fake.appendPodLog(pod.metadata.name ?? '', text, { namespace: 'test' });
      },
    });
  }
  const closers: (() => Promise<void> | void)[] = [];
  const usage = (name: string, containers: E2eContainer[], namespace?: string) => {
    const used = containers.filter((c) => c.usage).map((c) => ({ name: c.name, ...c.usage! }));
    if (used.length) fake.setPodMetrics(name, used, namespace);
  };
  return {
    kind: 'fake',
    kubeconfigPath: fake.kubeconfigPath,
    context: fake.contextName,
    namespace: fake.namespace,
    podsDir: opts.workDir ?? '',
    async addPod(name, o) {
      fake.objects.create('pods', aPod(name, { labels: o.labels, containers: o.containers, phase: o.pending ? 'Pending' : 'Running' }), o.namespace);
      usage(name, o.containers, o.namespace);
    },
    async addServiceWithDemoApi(service, port, pod) {
      const { startDemoApi } = await import('../../demo-api/server');
      const demo = await startDemoApi();
      closers.push(() => demo.close());
      fake.objects.create('pods', aPod(pod.name, { labels: { app: service }, containers: pod.containers }));
      usage(pod.name, pod.containers);
      fake.objects.create('services', aService(service, { ports: [{ port, name: 'http', targetPort: 8080 }] }));
      fake.setProxyHandler(service, port, demo.url);
    },
    async restartPod(name, reason) {
      fake.objects.modify('pods', name, (p) => fakeRestart(p, reason));
    },
    async setMetricsServer(on) {
      fake.setMetricsServer(on);
    },
    async createNamespace(name) {
      fake.store.create('namespaces', { metadata: { name } });
    },
    async jobs() {
      return fake.objects.list('jobs') as KubeObject[];
    },
    finishJob: jobs && opts.fakeJobs === 'manual' ? (name) => jobs!.finish(name, 'success') : undefined,
    async close() {
      for (const c of closers.reverse()) await c();
      await runner?.close();
      jobs?.dispose();
      await fake.close();
    },
  };
}

/** A pod spec for the real API server from the fake's builder (no status, no node: the scheduler picks one). */
function podBody(name: string, o: { labels?: Record<string, string>; containers: E2eContainer[]; pending?: boolean }): KubeObject {
  const pod = aPod(name, { labels: o.labels, containers: o.containers });
  delete (pod as { status?: unknown }).status;
  const spec = pod.spec as Record<string, unknown>;
  delete spec.nodeName;
  // No node carries this label: the real scheduler leaves the pod Pending (Unschedulable).
  if (o.pending) spec.nodeSelector = { 'metric-vault.dev/no-such-node': 'true' };
  const used = Object.fromEntries(o.containers.filter((c) => c.usage).map((c) => [c.name, c.usage]));
  if (Object.keys(used).length) pod.metadata.annotations = { ...pod.metadata.annotations, [usageAnnotation]: JSON.stringify(used) };
  return { ...pod, metadata: { name, labels: pod.metadata.labels, annotations: pod.metadata.annotations } };
}

async function startLocal(cluster: LocalCluster): Promise<E2eCluster> {
  const ns = cluster.namespace;
  // creationTimestamp has whole seconds.
  const since = Math.floor(Date.now() / 1000) * 1000;
  const created: string[] = [];
  const namespaces: string[] = [];
  const demos: NetnsDemoApi[] = [];
  let restoreMetrics: (() => Promise<void>) | undefined;
  const call = async (method: string, url: string, body: unknown, ok: number[]) => {
    const res = await cluster.api.request(method, url, body);
    if (!ok.includes(res.status)) throw new Error(`${method} ${url}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const local: E2eCluster = {
    kind: 'local control plane',
    kubeconfigPath: cluster.kubeconfigPath,
    context: cluster.kc.getCurrentContext(),
    namespace: ns,
    podsDir: path.join(clusterStateDir, 'pod-runner'),
    async addPod(name, o) {
      const where = o.namespace ?? ns;
      await call('POST', `/api/v1/namespaces/${where}/pods`, podBody(name, o), [201]);
      created.push(`/api/v1/namespaces/${where}/pods/${name}`);
    },
    async addServiceWithDemoApi(service, port, pod) {
      const targetPort = 18080;
      demos.push(await startDemoApiInNetns(targetPort));
      await createTestHostPod(cluster, podBody(pod.name, { labels: { app: service }, containers: pod.containers }));
      created.push(`/api/v1/namespaces/${ns}/pods/${pod.name}`);
      await call('POST', `/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: service }, spec: { selector: { app: service }, ports: [{ name: 'http', port, targetPort }] } }, [201]);
      created.push(`/api/v1/namespaces/${ns}/services/${service}`);
    },
    async restartPod(name, reason) {
      await cluster.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`, { metadata: { annotations: { 'metric-vault.dev/restart': reason } } }, 'application/merge-patch+json');
    },
    async setMetricsServer(on) {
      if (!on && !restoreMetrics) restoreMetrics = await removeMetricsApi(cluster);
      else if (on && restoreMetrics) {
        await restoreMetrics();
        restoreMetrics = undefined;
      }
    },
    async createNamespace(name) {
      await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, [201, 409]);
      namespaces.push(name);
      // Pods are admitted only once the ServiceAccount controller made the namespace's `default`.
      for (let i = 0; i < 100 && (await cluster.api.get(`/api/v1/namespaces/${name}/serviceaccounts/default`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    },
    async jobs() {
      const res = await call('GET', `/apis/batch/v1/namespaces/${ns}/jobs?labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=metric-vault')}`, undefined, [200]);
      return (res.body.items as (KubeObject & { metadata: { creationTimestamp: string } })[]).filter((j) => Date.parse(j.metadata.creationTimestamp) >= since);
    },
    async close() {
      await local.setMetricsServer(true);
      for (const d of demos) d.close();
      for (const url of created.reverse()) await cluster.api.request('DELETE', url, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
      for (const n of namespaces) await cluster.api.request('DELETE', `/api/v1/namespaces/${n}`);
      for (const j of await local.jobs()) await cluster.api.request('DELETE', `/apis/batch/v1/namespaces/${ns}/jobs/${j.metadata.name}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
    },
  };
  return local;
}

/** The summary.json k6's handleSummary wrote in a run's pod (the pod's working directory). */
export function podWorkDirs(cluster: E2eCluster, runId: string): string[] {
  const dir = path.join(cluster.podsDir, cluster.namespace);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => d.startsWith(runId)).map((d) => path.join(dir, d)) : [];
}
