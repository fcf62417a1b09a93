// A simulated Job controller plus kubelet for the fake API server: on Job create it makes
// the pods (one, or one per completion index), moves them Pending → Running → Succeeded /
// Failed, writes k6's console output as their logs, and keeps the Job's status (active,
// ready, succeeded, failed, startTime, completionTime, conditions) the way the real
// controller does — including podFailurePolicy (exit 99 → FailJob), activeDeadlineSeconds
// (DeadlineExceeded) and backoffLimit 0. Deleting a Job with propagationPolicy Background
// lets the store's garbage collector remove its pods and the ConfigMap it owns.
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
  | 'deadline' // still running at activeDeadlineSeconds → DeadlineExceeded
  | 'image-pull' // ErrImagePull then ImagePullBackOff, forever
  | 'oom' // the k6 container is OOMKilled (exit 137)
  | 'evicted' // the kubelet evicts the pod
  | 'script-error' // k6 exits 107
  | 'unschedulable' // no node fits: Pending with PodScheduled=False
  | 'long'; // runs until finish() or deletion

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
  setScenario(scenario: JobScenario | ((job: KubeObject) => JobScenario)): void;
  /** Ends a `long` Job now with this outcome. */
  finish(jobName: string, outcome: Exclude<JobScenario, 'long' | 'image-pull' | 'unschedulable'>, namespace?: string): void;
  /** What the TTL controller does once ttlSecondsAfterFinished has passed: deletes finished Jobs (Background). */
  expireFinished(namespace?: string): string[];
  /** Resolves when the Job reached Complete or Failed (or was deleted). */
  settled(jobName: string, namespace?: string): Promise<void>;
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
  settled: Promise<void>;
  resolve: () => void;
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
    return { setScenario: scenarioOnly('setScenario'), finish: scenarioOnly('finish'), expireFinished: (ns = kube.namespace) => expireFinishedJobs(kube, ns), settled: jobs.settled, dispose: jobs.dispose };
  }
  let scenarioOf = typeof opts.scenario === 'function' ? opts.scenario : () => (opts.scenario as JobScenario | undefined) ?? 'success';
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
          spec: { ...template.spec, containers, nodeName: sim.scenario === 'unschedulable' ? undefined : 'k3s-node-1' },
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
    if (sim.scenario === 'unschedulable') {
      for (const p of sim.pods) modifyPod(sim, p, (s) => (s.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.', lastTransitionTime: now() }]));
      return;
    }
    for (const p of sim.pods) {
      modifyPod(sim, p, (s) => {
        s.conditions = [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }];
        s.hostIP = '10.0.0.11';
        k6State(s, { waiting: { reason: 'ContainerCreating' } });
      });
    }
    later(sim, () => (sim.scenario === 'image-pull' ? pullFails(sim) : start(sim)));
  }

  function pullFails(sim: Sim): void {
    const image = String(((kube.objects.get('pods', sim.pods[0], sim.namespace)?.spec as { containers: { image: string }[] }).containers[0].image));
    for (const p of sim.pods) modifyPod(sim, p, (s) => k6State(s, { waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "docker.io/${image}": not found` } }));
    later(sim, () => {
      for (const p of sim.pods) modifyPod(sim, p, (s) => k6State(s, { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } }));
    });
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
    if (sim.scenario === 'long' || sim.scenario === 'deadline' || sim.step < runningSteps) later(sim, () => progress(sim));
    else later(sim, () => end(sim, sim.scenario as Exclude<JobScenario, 'long' | 'image-pull' | 'unschedulable'>));
  }

  function terminate(sim: Sim, pod: string, exitCode: number, reason: string, phase: 'Succeeded' | 'Failed', extra: Json = {}) {
    const finished = now();
    modifyPod(sim, pod, (s) => {
      const startedAt = ((s.containerStatuses as { state?: { running?: { startedAt?: string } } }[] | undefined)?.[0]?.state?.running?.startedAt) ?? finished;
      s.phase = phase;
      s.conditions = [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'PodCompleted' }];
      Object.assign(s, extra);
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
    sim.resolve();
  }

  function end(sim: Sim, outcome: Exclude<JobScenario, 'long' | 'image-pull' | 'unschedulable'>): void {
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
      case 'deadline':
        // The controller deletes the active pods; their logs end with them.
        for (const p of sim.pods) if (kube.objects.get('pods', p, sim.namespace)) kube.objects.delete('pods', p, { namespace: sim.namespace });
        return finishJob(sim, false, 'DeadlineExceeded', 'Job was active longer than specified deadline', { failed: n });
      case 'oom':
        for (const p of sim.pods) terminate(sim, p, 137, 'OOMKilled', 'Failed');
        return finishJob(sim, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { failed: n });
      case 'evicted':
        for (const p of sim.pods) {
          terminate(sim, p, 137, 'Error', 'Failed', {
            reason: 'Evicted',
            message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container k6 was using 498Mi, request is 512Mi, has larger consumption of memory. ',
            conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: 'The node was low on resource: memory.' }],
          });
        }
        return finishJob(sim, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { failed: n });
      case 'script-error':
        for (const p of sim.pods) {
          log(sim, p, 'time="2026-11-26T14:30:21Z" level=error msg="ReferenceError: BASE_URL is not defined\\n\\tat default (file:///scripts/script.js:5:20(3))"');
          terminate(sim, p, 107, 'Error', 'Failed');
        }
        return finishJob(sim, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { failed: n });
    }
  }

  const offCreate = kube.onCreate('jobs', (job) => {
    const ns = job.metadata.namespace ?? kube.namespace;
    const name = job.metadata.name ?? '';
    let resolve!: () => void;
    const settled = new Promise<void>((r) => (resolve = r));
    const sim: Sim = { namespace: ns, name, scenario: scenarioOf(job), timers: new Set(), pods: [], step: 0, done: false, settled, resolve };
    sims.set(key(ns, name), sim);
    // The controller reacts right after the create returns, as the real one does via its informer.
    later(sim, () => {
      createPods(sim, kube.objects.get('jobs', name, ns)!);
      later(sim, () => {
        schedule(sim);
        if (sim.scenario === 'deadline') {
          // Stand-in for activeDeadlineSeconds elapsing: after the run has been going a while.
          const steps = runningSteps + 3;
          let i = 0;
          const tick = () => (++i >= steps ? end(sim, 'deadline') : later(sim, tick));
          later(sim, tick);
        }
      });
    });
  });

  const offDelete = kube.onDelete('jobs', (job) => {
    const sim = sims.get(key(job.metadata.namespace ?? kube.namespace, job.metadata.name ?? ''));
    if (!sim) return;
    for (const t of sim.timers) clearTimeout(t);
    sim.timers.clear();
    sim.done = true;
    sim.resolve();
  });

  return {
    setScenario(s) {
      scenarioOf = typeof s === 'function' ? s : () => s;
    },
    finish(jobName, outcome, namespace = kube.namespace) {
      const sim = sims.get(key(namespace, jobName));
      if (!sim) throw new Error(`jobController.finish: no simulated Job ${namespace}/${jobName}`);
      for (const t of sim.timers) clearTimeout(t);
      sim.timers.clear();
      end(sim, outcome);
    },
    expireFinished: (namespace = kube.namespace) => expireFinishedJobs(kube, namespace),
    settled(jobName, namespace = kube.namespace) {
      const sim = sims.get(key(namespace, jobName));
      return sim ? sim.settled : Promise.reject(new Error(`jobController.settled: no simulated Job ${namespace}/${jobName}`));
    },
    dispose() {
      disposed = true;
      offCreate();
      offDelete();
      for (const sim of sims.values()) for (const t of sim.timers) clearTimeout(t);
    },
  };
}
