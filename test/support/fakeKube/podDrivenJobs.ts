// The fake Job controller's `pod-runner` mode: it only creates the pods (one, or one per
// completion index, scheduled to a node) and then keeps the Job's status from the pods' phases
// as the pod runner (test/support/podRunner) writes them — the way the real controller reads
// podFailurePolicy (FailJob on a matching exit code), backoffLimit, activeDeadlineSeconds and
// completions. Nothing about the outcome is decided here.
import { randomBytes } from 'node:crypto';
import type { FakeKube, KubeObject } from './index';

type Json = Record<string, unknown>;

interface JobSpec {
  parallelism?: number;
  completions?: number;
  completionMode?: string;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  podFailurePolicy?: { rules: { action: string; onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] } }[] };
  template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Json };
}

interface ContainerState {
  name: string;
  state?: { terminated?: { exitCode: number } };
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const suffix = () => Array.from(randomBytes(5), (b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');
const indexAnnotation = 'batch.kubernetes.io/job-completion-index';

export interface PodDrivenJobs {
  dispose(): void;
}

export function installPodDrivenJobs(kube: FakeKube): PodDrivenJobs {
  const deadlines = new Map<string, NodeJS.Timeout>();
  const key = (ns: string, name: string) => `${ns}/${name}`;
  const isFinished = (job: KubeObject) => ((job.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

  function createPods(job: KubeObject): void {
    const ns = job.metadata.namespace ?? kube.namespace;
    const name = job.metadata.name ?? '';
    const spec = job.spec as unknown as JobSpec;
    const indexed = spec.completionMode === 'Indexed';
    const count = indexed ? (spec.completions ?? 1) : (spec.parallelism ?? 1);
    for (let i = 0; i < count; i++) {
      const template = structuredClone(spec.template);
      const containers = (template.spec.containers as { env?: Json[] }[]).map((c) => (indexed ? { ...c, env: [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${indexAnnotation}']` } } }] } : c));
      kube.objects.create(
        'pods',
        {
          metadata: {
            name: indexed ? `${name}-${i}-${suffix()}` : `${name}-${suffix()}`,
            namespace: ns,
            labels: { ...template.metadata?.labels, 'batch.kubernetes.io/job-name': name, 'job-name': name, ...(indexed ? { [indexAnnotation]: String(i) } : {}) },
            annotations: { ...template.metadata?.annotations, ...(indexed ? { [indexAnnotation]: String(i) } : {}) },
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          },
          spec: { ...template.spec, containers, nodeName: 'k3s-node-1' },
          status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }] },
        },
        ns,
      );
    }
    kube.objects.modify('jobs', name, (o) => (o.status = { ...(o.status as Json | undefined), startTime: now(), active: count, ready: 0, terminating: 0 }), ns);
    if (spec.activeDeadlineSeconds) {
      deadlines.set(key(ns, name), setTimeout(() => finish(ns, name, false, 'DeadlineExceeded', 'Job was active longer than specified deadline'), spec.activeDeadlineSeconds * 1000));
    }
  }

  function ownPods(ns: string, name: string, uid: string | undefined): KubeObject[] {
    return kube.objects.list('pods', ns).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === uid && r.name === name));
  }

  function finish(ns: string, name: string, ok: boolean, reason: string, message: string): void {
    const job = kube.objects.get('jobs', name, ns);
    clearTimeout(deadlines.get(key(ns, name)));
    deadlines.delete(key(ns, name));
    if (!job || isFinished(job)) return;
    if (!ok) {
      // The controller deletes what is still running; the pod runner stops their k6 processes.
      for (const p of ownPods(ns, name, job.metadata.uid)) {
        const phase = (p.status as { phase?: string } | undefined)?.phase;
        if (phase !== 'Succeeded' && phase !== 'Failed') kube.objects.delete('pods', p.metadata.name ?? '', { namespace: ns });
      }
    }
    const t = now();
    kube.objects.modify(
      'jobs',
      name,
      (o) => {
        const s = (o.status ??= {}) as Json;
        s.active = 0;
        s.ready = 0;
        if (ok) s.completionTime = t;
        const first = ok ? { type: 'SuccessCriteriaMet', status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t } : { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t };
        s.conditions = [first, { ...first, type: ok ? 'Complete' : 'Failed' }];
      },
      ns,
    );
  }

  function matchesFailJob(spec: JobSpec, pod: KubeObject): { index: number; container: string; exitCode: number } | undefined {
    const statuses = ((pod.status as { containerStatuses?: ContainerState[] } | undefined)?.containerStatuses ?? []);
    const rules = spec.podFailurePolicy?.rules ?? [];
    for (const [index, rule] of rules.entries()) {
      const on = rule.onExitCodes;
      if (rule.action !== 'FailJob' || !on) continue;
      for (const c of statuses) {
        const code = c.state?.terminated?.exitCode;
        if (code === undefined || code === 0 || (on.containerName && on.containerName !== c.name)) continue;
        if (on.operator === 'In' ? on.values.includes(code) : !on.values.includes(code)) return { index, container: c.name, exitCode: code };
      }
    }
    return undefined;
  }

  function reconcile(pod: KubeObject): void {
    const owner = pod.metadata.ownerReferences?.find((r) => r.kind === 'Job');
    const ns = pod.metadata.namespace ?? kube.namespace;
    if (!owner) return;
    const job = kube.objects.get('jobs', owner.name, ns);
    if (!job || job.metadata.uid !== owner.uid || isFinished(job)) return;
    const spec = job.spec as unknown as JobSpec;
    const pods = ownPods(ns, owner.name, owner.uid);
    const phase = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase;
    const failed = pods.filter((p) => phase(p) === 'Failed');
    const succeeded = pods.filter((p) => phase(p) === 'Succeeded');
    const ready = pods.filter((p) => ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
    kube.objects.modify('jobs', owner.name, (o) => Object.assign((o.status ??= {}) as Json, { active: pods.length - failed.length - succeeded.length, ready: ready.length, succeeded: succeeded.length, failed: failed.length }), ns);
    for (const p of failed) {
      const m = matchesFailJob(spec, p);
      if (m) return finish(ns, owner.name, false, 'PodFailurePolicy', `Container ${m.container} for pod ${ns}/${p.metadata.name} failed with exit code ${m.exitCode} matching FailJob rule at index ${m.index}`);
    }
    if (failed.length > (spec.backoffLimit ?? 6)) return finish(ns, owner.name, false, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    const completions = spec.completions ?? 1;
    if (succeeded.length >= completions) finish(ns, owner.name, true, 'CompletionsReached', 'Reached expected number of succeeded pods');
  }

  const offs = [
    kube.onCreate('jobs', (job) => setImmediate(() => kube.objects.get('jobs', job.metadata.name ?? '', job.metadata.namespace) && createPods(job))),
    kube.onUpdate('pods', (pod) => setImmediate(() => reconcile(pod))),
    kube.onDelete('jobs', (job) => {
      const k = key(job.metadata.namespace ?? kube.namespace, job.metadata.name ?? '');
      clearTimeout(deadlines.get(k));
    }),
  ];
  return {
    dispose() {
      for (const off of offs) off();
      for (const t of deadlines.values()) clearTimeout(t);
    },
  };
}
