// A stand-in for k6-operator (grafana/k6-operator cannot be built here: the Go module proxy
// does not serve it), written from its public documentation, for the real control plane of
// scripts/cluster.sh. Like the operator it watches TestRuns (k6.io/v1alpha1) and the Jobs and
// pods it made, and moves each TestRun's `status.stage` on from what the real Job controller
// and the pod runner report:
//   (new) → initialization: the initializer Job runs `k6 inspect --execution-requirements`
//   initialization → initialized: it succeeded (its log holds the script's requirements) —
//                    or → error, with the initializer's output in the condition message
//   initialized → created: one runner Job per `parallelism`, each paused on its segment
//   created → started: every runner pod is running, so the starter Job resumes them together
//   started → finished: every runner Job has ended (Complete or Failed: the operator does not
//                    judge k6's exit code), and with `cleanup: post` the TestRun is deleted,
//                    the garbage collector taking its Jobs, pods and ConfigMap.
// Pods are run by the pod runner (test/support/podRunner), Jobs completed by Kubernetes.
import { KubeConfig } from '@kubernetes/client-node';
import { type Json, KubeApi, type KubeObject, listAndWatch, type WatchEvent } from '../podRunner/kubeApi';
import { initializerJob, restApiPort, runnerJob, starterJob, type TestRunSpec } from './jobs';

export interface K6OperatorOptions {
  kubeconfig: string | KubeConfig;
  namespace: string;
  /** Diagnostics (default: none). */
  log?: (line: string) => void;
}

export interface K6Operator {
  /** Stage changes it wrote, in order, as `<TestRun>: <stage>`. */
  readonly transitions: readonly string[];
  close(): Promise<void>;
}

type Stage = 'initialization' | 'initialized' | 'created' | 'started' | 'finished' | 'error';
type Condition = { type: string; status: string; reason?: string; message?: string };

const conditionsOf = (o: KubeObject | undefined): Condition[] => ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const ended = (job: KubeObject) => conditionsOf(job).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as 'Complete' | 'Failed' | undefined;
const runningWithIp = (pod: KubeObject) => {
  const st = pod.status as { phase?: string; podIP?: string; containerStatuses?: { ready?: boolean }[] } | undefined;
  return st?.phase === 'Running' && !!st.podIP && (st.containerStatuses ?? []).every((c) => c.ready) ? st.podIP : undefined;
};

export async function startK6Operator(opts: K6OperatorOptions): Promise<K6Operator> {
  const kc = typeof opts.kubeconfig === 'string' ? loadFile(opts.kubeconfig) : opts.kubeconfig;
  const api = await KubeApi.open(kc);
  const log = opts.log ?? (() => undefined);
  const ns = opts.namespace;
  const base = `/apis/k6.io/v1alpha1/namespaces/${ns}/testruns`;
  const jobsPath = `/apis/batch/v1/namespaces/${ns}/jobs`;
  const podsPath = `/api/v1/namespaces/${ns}/pods`;
  const abort = new AbortController();
  const transitions: string[] = [];
  // One reconcile at a time per TestRun; a change during one asks for another after it.
  const busy = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const enqueue = (name: string | undefined) => {
    if (!name || abort.signal.aborted) return;
    if (busy.has(name)) {
      again.add(name);
      return;
    }
    const p = reconcile(name)
      .catch((err: unknown) => log(`${name}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        busy.delete(name);
        if (again.delete(name)) enqueue(name);
      });
    busy.set(name, p);
  };

  async function setStatus(name: string, stage: Stage, condition: Omit<Condition, 'type'>): Promise<boolean> {
    const status = { stage, conditions: [{ type: 'TestRunRunning', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...condition }] };
    // Noted before the write: a watcher may see the new stage before this PATCH's answer arrives.
    const entry = `${name}: ${stage}`;
    transitions.push(entry);
    const res = await api.request('PATCH', `${base}/${name}/status`, { status }, 'application/merge-patch+json');
    if (res.status !== 200) {
      transitions.splice(transitions.lastIndexOf(entry), 1);
      log(`${name}: writing stage ${stage} answered ${res.status} ${String(res.body.message ?? '')}`);
      return false;
    }
    return true;
  }

  async function create(job: KubeObject): Promise<void> {
    const res = await api.request('POST', jobsPath, job);
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating Job ${job.metadata.name}: HTTP ${res.status} ${String(res.body.message ?? '')}`);
  }

  const list = async (path: string, selector: string): Promise<KubeObject[]> => {
    const res = await api.get(`${path}?labelSelector=${encodeURIComponent(selector)}`);
    if (res.status !== 200) throw new Error(`listing ${path}: HTTP ${res.status}`);
    return res.body.items as KubeObject[];
  };

  /** The initializer's output: its pod's log, read through the API server (pods/log). */
  async function initializerOutput(name: string): Promise<string> {
    const [pod] = await list(podsPath, `k6_cr=${name},job-name=${name}-initializer`);
    if (!pod) return '';
    const res = await api.get(`${podsPath}/${pod.metadata.name}/log?container=k6`);
    return res.status === 200 ? res.text : '';
  }

  async function reconcile(name: string): Promise<void> {
    const got = await api.get(`${base}/${name}`);
    if (got.status !== 200) return; // deleted: the garbage collector takes what it owned
    const tr = got.body as KubeObject;
    if (tr.metadata.deletionTimestamp) return;
    const spec = tr.spec as unknown as TestRunSpec;
    const stage = (tr.status as { stage?: Stage } | undefined)?.stage;
    switch (stage) {
      case undefined:
        await create(initializerJob(tr));
        await setStatus(name, 'initialization', { status: 'Unknown', reason: 'TestRunPreparation', message: 'the initializer checks the script' });
        return;
      case 'initialization': {
        const init = await api.get(`${jobsPath}/${name}-initializer`);
        const outcome = init.status === 200 ? ended(init.body as KubeObject) : undefined;
        if (!outcome) return;
        const output = await initializerOutput(name);
        let requirements: Json | undefined;
        try {
          requirements = JSON.parse(output.slice(output.indexOf('{'))) as Json;
        } catch {
          requirements = undefined;
        }
        if (outcome === 'Failed' || !requirements) {
          await setStatus(name, 'error', { status: 'False', reason: 'TestRunPreparationFailed', message: `the initializer failed: ${output.trim().slice(-2000) || 'no output'}` });
          return;
        }
        await setStatus(name, 'initialized', { status: 'Unknown', reason: 'TestRunPreparation', message: `requires ${String(requirements.maxVUs)} VUs for ${String(requirements.totalDuration)}` });
        return;
      }
      case 'initialized':
        for (let i = 1; i <= spec.parallelism; i++) await create(runnerJob(tr, i));
        await setStatus(name, 'created', { status: 'Unknown', reason: 'TestRunPreparation', message: `${spec.parallelism} runners created, waiting until they all run` });
        return;
      case 'created': {
        const pods = await list(podsPath, `k6_cr=${name},runner=true`);
        const ips = pods.map(runningWithIp).filter((ip): ip is string => ip !== undefined);
        if (ips.length < spec.parallelism) return;
        await create(starterJob(tr, ips.map((ip) => `${ip}:${restApiPort}`)));
        await setStatus(name, 'started', { status: 'True', reason: 'TestRunRunning', message: 'the starter resumed every runner' });
        return;
      }
      case 'started': {
        const runners = await list(jobsPath, `k6_cr=${name},runner=true`);
        if (runners.length < spec.parallelism || !runners.every(ended)) return;
        if (!(await setStatus(name, 'finished', { status: 'False', reason: 'TestRunFinished', message: 'every runner has ended' }))) return;
        if (spec.cleanup === 'post') await api.request('DELETE', `${base}/${name}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
        return;
      }
      default:
        return; // finished or error: nothing more to do
    }
  }

  const byOwner = (e: WatchEvent) => enqueue(e.object.metadata.labels?.k6_cr);
  const watches = [
    listAndWatch(api, base, { onList: (items) => items.forEach((tr) => enqueue(tr.metadata.name)), onEvent: (e) => e.type !== 'DELETED' && enqueue(e.object.metadata.name) }, abort.signal),
    listAndWatch(api, `${jobsPath}?labelSelector=app%3Dk6`, { onList: (items) => items.forEach((o) => enqueue(o.metadata.labels?.k6_cr)), onEvent: byOwner }, abort.signal),
    listAndWatch(api, `${podsPath}?labelSelector=app%3Dk6`, { onList: (items) => items.forEach((o) => enqueue(o.metadata.labels?.k6_cr)), onEvent: byOwner }, abort.signal),
  ];
  log(`k6-operator stand-in watching TestRuns in ${ns}`);
  return {
    transitions,
    async close() {
      abort.abort();
      await Promise.all(watches);
      await Promise.all(busy.values());
    },
  };
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
