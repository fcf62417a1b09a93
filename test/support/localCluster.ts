// The real local control plane (scripts/cluster.sh) for tests: started once per mocha run by
// the first test that asks for it, stopped by the root hook (clusterHooks.ts) if this run
// started it (a cluster that was already up is left up). Where the binaries were never built
// (no Go), tests skip with the message below; setup.sh builds them on these machines.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApi, type KubeObject } from './podRunner/kubeApi';
import { waitUntilAsync } from './waitUntilAsync';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '..', '..');
const script = path.join(repo, 'scripts', 'cluster.sh');
export const clusterStateDir = path.join(repo, '.cache', 'cluster');
const binaries = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];

export interface LocalCluster {
  kubeconfigPath: string;
  namespace: string;
  kc: KubeConfig;
  /** Admin access for arranging and inspecting what a test needs. */
  api: KubeApi;
}

/** Why the local cluster cannot run here, or undefined when its binaries are built. */
export function localClusterUnavailable(): string | undefined {
  const missing = binaries.filter((b) => !fs.existsSync(path.join(clusterStateDir, 'bin', b)));
  return missing.length ? `local Kubernetes control plane not built (${missing.join(', ')} missing in .cache/cluster/bin): run 'bash scripts/cluster-build.sh' (needs Go ≥ 1.26)` : undefined;
}

let starting: Promise<LocalCluster> | undefined;
let startedHere = false;

async function start(): Promise<LocalCluster> {
  const status = await run('bash', [script, 'status'], { cwd: repo }).then(
    () => true,
    () => false,
  );
  // `up` is idempotent: it also restarts a component that died (e.g. the pod runner).
  const out = (await run('bash', [script, 'up'], { cwd: repo, timeout: 240_000, maxBuffer: 1 << 20 })).stdout;
  if (!status) startedHere = true;
  const last = out.trim().split('\n').at(-1) ?? '';
  const m = /^export KUBECONFIG=(.+)$/.exec(last);
  if (!m) throw new Error(`cluster.sh up did not end with 'export KUBECONFIG=…': ${last}`);
  const kc = new KubeConfig();
  kc.loadFromFile(m[1]);
  return { kubeconfigPath: m[1], namespace: 'test', kc, api: await KubeApi.open(kc) };
}

/** The running local cluster (started on first use). */
export function localCluster(): Promise<LocalCluster> {
  starting ??= start();
  return starting;
}

/** For a `before` hook: skips the suite where the binaries are absent, else starts the cluster. */
export async function useLocalCluster(ctx: Mocha.Context): Promise<LocalCluster> {
  const why = localClusterUnavailable();
  if (why) {
    process.stderr.write(`      skipped: ${why}\n`);
    ctx.skip();
  }
  ctx.timeout(300_000);
  return localCluster();
}

/** Stops the cluster if this process started it. */
export async function stopLocalClusterIfStartedHere(): Promise<void> {
  if (!starting || !startedHere) return;
  await starting.catch(() => undefined);
  await run('bash', [script, 'down'], { cwd: repo, timeout: 120_000 });
  starting = undefined;
  startedHere = false;
}

/** etcd's client URL (loopback), for what only etcd can do: compaction. */
export function etcdUrl(): string {
  const ports = fs.readFileSync(path.join(clusterStateDir, 'ports.env'), 'utf8');
  const port = /^ETCD_PORT=(\d+)$/m.exec(ports)?.[1];
  if (!port) throw new Error('no ETCD_PORT in .cache/cluster/ports.env');
  return `http://127.0.0.1:${port}`;
}

/** Compacts etcd's history up to its current revision (what the API server does every 5 min). */
export async function compactEtcd(): Promise<number> {
  const url = etcdUrl();
  const range = await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64') }) });
  const revision = Number(((await range.json()) as { header: { revision: string } }).header.revision);
  const res = await fetch(`${url}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision, physical: true }) });
  if (!res.ok) throw new Error(`etcd compaction answered ${res.status}: ${await res.text()}`);
  return revision;
}

const apiServicePath = '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io';

/**
 * Takes metrics.k8s.io away as on a cluster without metrics-server (its APIService deleted; the
 * API server then answers 404 for the group) and returns what puts it back, waiting until the
 * aggregation layer serves it again.
 */
export async function removeMetricsApi(cluster: LocalCluster): Promise<() => Promise<void>> {
  const got = await cluster.api.get(apiServicePath);
  if (got.status !== 200) throw new Error(`reading APIService v1beta1.metrics.k8s.io: HTTP ${got.status}`);
  const { name, labels } = (got.body as KubeObject).metadata;
  const spec = got.body.spec;
  const del = await cluster.api.request('DELETE', apiServicePath);
  if (del.status !== 200) throw new Error(`deleting APIService v1beta1.metrics.k8s.io: HTTP ${del.status}`);
  const metricsStatus = async () => (await cluster.api.get(`/apis/metrics.k8s.io/v1beta1/namespaces/${cluster.namespace}/pods`)).status;
  await waitUntilAsync(async () => (await metricsStatus()) === 404, 'the API server no longer serves metrics.k8s.io');
  return async () => {
    const res = await cluster.api.request('POST', '/apis/apiregistration.k8s.io/v1/apiservices', { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name, labels }, spec });
    if (res.status !== 201 && res.status !== 409) throw new Error(`restoring APIService v1beta1.metrics.k8s.io: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    await waitUntilAsync(async () => (await metricsStatus()) === 200, 'metrics.k8s.io is served again');
  };
}

export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * A ServiceAccount `name` in the cluster's namespace allowed exactly `rules` (a Role and its
 * RoleBinding), and a kubeconfig file in `dir` that authenticates as it with a bound token.
 * `grant` replaces the Role's rules (RBAC answers the next request with them); `remove` deletes all three.
 */
export async function serviceAccountKubeconfig(cluster: LocalCluster, name: string, rules: RbacRule[], dir: string): Promise<{ kubeconfigPath: string; grant(rules: RbacRule[]): Promise<void>; remove(): Promise<void> }> {
  const ns = cluster.namespace;
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}`;
  const role = (r: RbacRule[], resourceVersion?: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, ...(resourceVersion ? { resourceVersion } : {}) }, rules: r });
  const created = [
    await cluster.api.request('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } }),
    await cluster.api.request('POST', `${rbac}/roles`, role(rules)),
    await cluster.api.request('POST', `${rbac}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    }),
  ];
  const failed = created.find((r) => r.status !== 201 && r.status !== 409);
  if (failed) throw new Error(`creating ServiceAccount ${name} and its Role: HTTP ${failed.status} ${JSON.stringify(failed.body)}`);
  const tokenRes = await cluster.api.request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } });
  if (tokenRes.status !== 201) throw new Error(`TokenRequest for ${name}: HTTP ${tokenRes.status} ${JSON.stringify(tokenRes.body)}`);
  const token = (tokenRes.body.status as { token: string }).token;
  const server = cluster.kc.getCurrentCluster()!.server;
  const kubeconfigPath = path.join(dir, `${name}.kubeconfig`);
  fs.writeFileSync(kubeconfigPath, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority-data': fs.readFileSync(path.join(clusterStateDir, 'pki', 'ca.crt')).toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'local', user: name, namespace: ns } }],
    'current-context': name,
  }));
  return {
    kubeconfigPath,
    async grant(next) {
      const current = await cluster.api.get(`${rbac}/roles/${name}`);
      const res = await cluster.api.request('PUT', `${rbac}/roles/${name}`, role(next, (current.body.metadata as { resourceVersion: string }).resourceVersion));
      if (res.status !== 200) throw new Error(`updating Role ${name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    },
    async remove() {
      await cluster.api.request('DELETE', `/api/v1/namespaces/${ns}/serviceaccounts/${name}`);
      await cluster.api.request('DELETE', `${rbac}/roles/${name}`);
      await cluster.api.request('DELETE', `${rbac}/rolebindings/${name}`);
    },
  };
}

/** Processes whose command line names the cluster's state directory: every component, and the k6 processes the pod runner runs in pod work dirs. */
export function clusterProcesses(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // gone meanwhile
    }
    if (cmd.includes(clusterStateDir) && Number(pid) !== process.pid) found.push(`${pid} ${cmd}`);
  }
  return found;
}

/**
 * The requests the API server audited for `username` (tools/cluster/audit-policy.yaml logs every
 * request of the test namespace's ServiceAccounts), as "<verb> <requestURI> <code>", oldest first.
 */
export function auditedRequests(username: string): string[] {
  const file = path.join(clusterStateDir, 'logs', 'audit.log');
  if (!fs.existsSync(file)) return [];
  const out: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes(username)) continue;
    const e = JSON.parse(line) as { verb: string; requestURI: string; user: { username: string }; responseStatus?: { code?: number } };
    if (e.user.username === username) out.push(`${e.verb} ${e.requestURI} ${e.responseStatus?.code ?? ''}`);
  }
  return out;
}
