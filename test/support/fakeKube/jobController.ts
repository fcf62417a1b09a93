// A simulated Job controller plus kubelet for the fake API server: on Job create it makes
// the pods (one, or one per completion index), moves them Pending → Running → Succeeded /
// Failed, writes k6's console output as their logs, and keeps the Job's status (active,
// ready, succeeded, failed, startTime, completionTime, conditions) the way the real
// controller does for the outcomes it simulates (success; exit 99 → FailJob by podFailurePolicy).
// Deleting a Job with propagationPolicy Background lets the store's garbage collector remove its
// pods and the ConfigMap it owns.
//
// Only for what runs on the fake API server: the faults of test/integration/faults, the demo and
// e2e tests where the real control plane is not built (MV_E2E_CLUSTER=fake), and the k6-operator
// simulation. Deadlines, OOM, eviction, image pulls and the rest are Kubernetes' own controllers'
// work on the real control plane (test/integration/cluster/jobLifecycle).
//
// The outcome is chosen per Job by a scenario. Time advances in small steps (`stepMs`) so
// tests wait for what the user would see, never for a duration.
import { randomBytes } from 'node:crypto';
import type { FakeKube, KubeObject } from './index';
import { banner, progressLine, summary } from '../fakeK6/k6Text.mjs';
import { installPodDrivenJobs } from './podDrivenJobs';

export type JobScenario =
  | 'success'
  | 'thresholds' // k6 exits 99 → FailJob by podFailurePolicy
  | 'long'; // runs until finish() or deletion
type Outcome = Exclude<JobScenario, 'long'>;

export interface JobControllerOptions {
  /**
   * `scenario` (default): outcomes come from `scenario`. `pod-runner`: the controller only
   * creates and schedules the pods; the pod runner (test/support/podRunner) runs them and the
   * Job's status follows their phases and exit codes (podDrivenJobs.ts).
   */
  mode?: 'scenario' | 'pod-runner';
  /** The scenario for every Job, or per Job. Default `success`. */
  scenario?: JobScenario | ((job: KubeObject) => JobScenario);
  /** Pause between simulated steps (default 20 ms). */
  stepMs?: number;
  /** Progress steps while k6 runs (default 3). */
  runningSteps?: number;
}

export interface JobController {
  /** Ends a `long` Job now with this outcome. */
  finish(jobName: string, outcome: Outcome, namespace?: string): void;
  /** What the TTL controller does once ttlSecondsAfterFinished has passed: deletes finished Jobs (Background). */
  expireFinished(namespace?: string): string[];
  dispose(): void;
}

interface Sim {
  namespace: string;
  name: string;
  scenario: JobScenario;
  timers: Set<NodeJS.Timeout>;
  pods: string[];
  step: number;
  done: boolean;
}

type Json = Record<string, unknown>;
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const suffix = () => Array.from(randomBytes(5), (b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');

/** What the TTL controller does once ttlSecondsAfterFinished has passed: deletes finished Jobs (Background). */
function expireFinishedJobs(kube: FakeKube, namespace: string): string[] {
  const expired: string[] = [];
  for (const job of kube.objects.list('jobs', namespace)) {
    const conds = ((job.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
    if (conds.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) {
      kube.objects.delete('jobs', job.metadata.name ?? '', { namespace, propagationPolicy: 'Background' });
      expired.push(job.metadata.name ?? '');
    }
  }
  return expired;
}

export function installJobController(kube: FakeKube, opts: JobControllerOptions = {}): JobController {
  if (opts.mode === 'pod-runner') {
    const jobs = installPodDrivenJobs(kube);
    const scenarioOnly = (what: string) => () => {
      throw new Error(`jobController.${what}: outcomes come from the pod runner in pod-runner mode`);
    };
    return { finish: scenarioOnly('finish'), expireFinished: (ns = kube.namespace) => expireFinishedJobs(kube, ns), dispose: jobs.dispose };
  }
  const scenarioOf = typeof opts.scenario === 'function' ? opts.scenario : () => (opts.scenario as JobScenario | undefined) ?? 'success';
  const stepMs = opts.stepMs ?? 20;
  const runningSteps = opts.runningSteps ?? 3;
  const sims = new Map<string, Sim>();
  const key = (ns: string, name: string) => `${ns}/${name}`;
  let disposed = false;

  const later = (sim: Sim, fn: () => void) => {
    const t = setTimeout(() => {
      sim.timers.delete(t);
      if (!disposed && !sim.done && kube.objects.get('jobs', sim.name, sim.namespace)) fn();
    }, stepMs);
    sim.timers.add(t);
  };

  const jobSpec = (job: KubeObject) => job.spec as { parallelism?: number; completions?: number; completionMode?: string; activeDeadlineSeconds?: number; template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Json } };
  const podArgs = (pod: KubeObject) => ((pod.spec as { containers: { args?: string[] }[] }).containers[0]?.args ?? []);

  const modifyPod = (sim: Sim, pod: string, mutate: (status: Json, o: KubeObject) => void) => {
    if (!kube.objects.get('pods', pod, sim.namespace)) return;
    kube.objects.modify('pods', pod, (o) => mutate((o.status ??= {}) as Json, o), sim.namespace);
  };
  const modifyJobStatus = (sim: Sim, mutate: (status: Json) => void) => {
    if (!kube.objects.get('jobs', sim.name, sim.namespace)) return;
    kube.objects.modify('jobs', sim.name, (o) => mutate((o.status ??= {}) as Json), sim.namespace);
  };
  const log = (sim: Sim, pod: string, text: string) => {
    if (kube.objects.get('pods', pod, sim.namespace)) kube.appendPodLog(pod, text, { namespace: sim.namespace });
  };
  const k6State = (status: Json, state: Json, extra: Json = {}) => {
    status.containerStatuses = [{ name: 'k6', image: 'grafana/k6', imageID: '', ready: 'running' in state, started: 'running' in state, restartCount: 0, state, ...extra }];
  };

  function createPods(sim: Sim, job: KubeObject): void {
    const spec = jobSpec(job);
    const indexed = spec.completionMode === 'Indexed';
    const count = indexed ? (spec.parallelism ?? 1) : 1;
    for (let i = 0; i < count; i++) {
      const name = indexed ? `${sim.name}-${i}-${suffix()}` : `${sim.name}-${suffix()}`;
      const template = structuredClone(spec.template);
      const containers = (template.spec.containers as { env?: { name: string; value?: string }[] }[]).map((c) => (indexed ? { ...c, env: [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', value: String(i) }] } : c));
      kube.objects.create(
        'pods',
        {
          metadata: {
            name,
            namespace: sim.namespace,
            labels: { ...template.metadata?.labels, ...(indexed ? { 'batch.kubernetes.io/job-completion-index': String(i) } : {}) },
            annotations: { ...template.metadata?.annotations, ...(indexed ? { 'batch.kubernetes.io/job-completion-index': String(i) } : {}) },
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: sim.name, uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          },
          spec: { ...template.spec, containers, nodeName: 'k3s-node-1' },
          status: { phase: 'Pending' },
        },
        sim.namespace,
      );
      sim.pods.push(name);
    }
    modifyJobStatus(sim, (s) => {
      s.startTime = now();
      s.active = count;
      s.ready = 0;
      s.terminating = 0;
    });
  }

  function schedule(sim: Sim): void {
    for (const p of sim.pods) {
      modifyPod(sim, p, (s) => {
        s.conditions = [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }];
        s.hostIP = '10.0.0.11';
        k6State(s, { waiting: { reason: 'ContainerCreating' } });
      });
    }
    later(sim, () => start(sim));
  }

  function start(sim: Sim): void {
    const started = now();
    for (const p of sim.pods) {
      modifyPod(sim, p, (s) => {
        s.phase = 'Running';
        s.startTime = started;
        s.podIP = `10.42.0.${10 + sim.pods.indexOf(p)}`;
        s.conditions = [{ type: 'PodScheduled', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }];
        k6State(s, { running: { startedAt: started } });
      });
      const pod = kube.objects.get('pods', p, sim.namespace);
      const args = pod ? podArgs(pod) : [];
      log(sim, p, banner({ script: String(args.at(-1) ?? '/scripts/script.js'), outputs: args.filter((_, i) => args[i - 1] === '--out'), vus: 2, durationSeconds: runningSteps }));
    }
    modifyJobStatus(sim, (s) => (s.ready = sim.pods.length));
    later(sim, () => progress(sim));
  }

  function progress(sim: Sim): void {
    sim.step++;
    for (const p of sim.pods) log(sim, p, progressLine({ elapsedMs: sim.step * 1000, vus: 2, iterations: sim.step * 20, durationSeconds: runningSteps }));
    if (sim.scenario === 'long' || sim.step < runningSteps) later(sim, () => progress(sim));
    else later(sim, () => end(sim, sim.scenario as Outcome));
  }

  function terminate(sim: Sim, pod: string, exitCode: number, reason: string, phase: 'Succeeded' | 'Failed') {
    const finished = now();
    modifyPod(sim, pod, (s) => {
      const startedAt = ((s.containerStatuses as { state?: { running?: { startedAt?: string } } }[] | undefined)?.[0]?.state?.running?.startedAt) ?? finished;
      s.phase = phase;
      s.conditions = [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'PodCompleted' }];
      k6State(s, { terminated: { exitCode, reason, startedAt, finishedAt: finished } });
    });
  }

  function finishJob(sim: Sim, ok: boolean, reason?: string, message?: string, counts?: { succeeded?: number; failed?: number }) {
    const t = now();
    sim.done = true;
    modifyJobStatus(sim, (s) => {
      s.active = 0;
      s.ready = 0;
      if (counts?.succeeded) s.succeeded = counts.succeeded;
      if (counts?.failed) s.failed = counts.failed;
      if (ok) {
        s.completionTime = t;
        s.conditions = [
          { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: t, lastTransitionTime: t },
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: t, lastTransitionTime: t },
        ];
      } else {
        s.conditions = [
          { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t },
          { type: 'Failed', status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t },
        ];
      }
    });
  }

  function end(sim: Sim, outcome: Outcome): void {
    if (sim.done) return;
    const n = sim.pods.length;
    const summaryText = (passed: boolean, interrupted = false) => summary({ thresholdsPassed: passed, iterations: sim.step * 20, elapsedMs: sim.step * 1000, vus: 2, interrupted });
    switch (outcome) {
      case 'success':
        for (const p of sim.pods) {
          log(sim, p, summaryText(true));
          terminate(sim, p, 0, 'Completed', 'Succeeded');
        }
        return finishJob(sim, true, undefined, undefined, { succeeded: n });
      case 'thresholds':
        for (const p of sim.pods) {
          log(sim, p, summaryText(false));
          terminate(sim, p, 99, 'Error', 'Failed');
        }
        return finishJob(sim, false, 'PodFailurePolicy', `Container k6 for pod ${sim.namespace}/${sim.pods[0]} failed with exit code 99 matching FailJob rule at index 0`, { failed: n });
    }
  }

  const offCreate = kube.onCreate('jobs', (job) => {
    const ns = job.metadata.namespace ?? kube.namespace;
    const name = job.metadata.name ?? '';
    const sim: Sim = { namespace: ns, name, scenario: scenarioOf(job), timers: new Set(), pods: [], step: 0, done: false };
    sims.set(key(ns, name), sim);
    // The controller reacts right after the create returns, as the real one does via its informer.
    later(sim, () => {
      createPods(sim, kube.objects.get('jobs', name, ns)!);
      later(sim, () => schedule(sim));
    });
  });

  const offDelete = kube.onDelete('jobs', (job) => {
    const sim = sims.get(key(job.metadata.namespace ?? kube.namespace, job.metadata.name ?? ''));
    if (!sim) return;
    for (const t of sim.timers) clearTimeout(t);
    sim.timers.clear();
    sim.done = true;
  });

  return {
    finish(jobName, outcome, namespace = kube.namespace) {
      const sim = sims.get(key(namespace, jobName));
      if (!sim) throw new Error(`jobController.finish: no simulated Job ${namespace}/${jobName}`);
      for (const t of sim.timers) clearTimeout(t);
      sim.timers.clear();
      end(sim, outcome);
    },
    expireFinished: (namespace = kube.namespace) => expireFinishedJobs(kube, namespace),
    dispose() {
      disposed = true;
      offCreate();
      offDelete();
      for (const sim of sims.values()) for (const t of sim.timers) clearTimeout(t);
    },
  };
}
