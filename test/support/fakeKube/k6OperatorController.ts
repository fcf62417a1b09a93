// A simulated k6-operator for the fake API server: it turns a TestRun into runner Jobs the
// way grafana/k6-operator does (`<name>-<i>` with labels app=k6, k6_cr=<name>, runner=true
// plus spec.runner.metadata.labels; the script mounted from the ConfigMap at /test; execution
// segments per runner), reports status.stage initialization → initialized → created →
// started → finished (or error), and with `cleanup: post` deletes its Jobs and the TestRun
// when the test is over. The runner Jobs are run by the simulated Job controller, so its
// scenarios decide each runner's exit code.
import type { FakeKube, KubeObject } from './index';
import { executionSegment } from '../../../src/core/manifests/runSpec';

export interface K6OperatorController {
  dispose(): void;
}

type Json = Record<string, unknown>;

export function installK6OperatorController(kube: FakeKube, opts: { stepMs?: number } = {}): K6OperatorController {
  const stepMs = opts.stepMs ?? 20;
  const timers = new Set<NodeJS.Timeout>();
  let disposed = false;
  const later = (fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!disposed) fn();
    }, stepMs);
    timers.add(t);
  };
  const setStage = (ns: string, name: string, stage: string) => {
    if (!kube.objects.get('testruns', name, ns)) return false;
    kube.objects.modify('testruns', name, (o) => ((o.status ??= {}) as Json).stage = stage, ns);
    return true;
  };

  function runnerJob(tr: KubeObject, i: number, total: number): KubeObject {
    const name = tr.metadata.name ?? '';
    const spec = tr.spec as { script: { configMap: { name: string; file: string } }; arguments?: string; runner?: Json; quiet?: string };
    const runner = (spec.runner ?? {}) as { image?: string; env?: unknown[]; resources?: Json; securityContext?: Json; containerSecurityContext?: Json; metadata?: { labels?: Record<string, string> } };
    const labels = { app: 'k6', k6_cr: name, runner: 'true', ...runner.metadata?.labels };
    const seg = total > 1 ? executionSegment(i - 1, total) : undefined;
    const command = [
      'k6', 'run',
      ...(spec.quiet === 'false' ? [] : ['--quiet']),
      ...(seg ? [`--execution-segment=${seg.segment}`, `--execution-segment-sequence=${seg.sequence}`] : []),
      ...(spec.arguments ?? '').split(/\s+/).filter(Boolean),
      `/test/${spec.script.configMap.file}`,
      '--address=0.0.0.0:6565', '--paused', '--tag', `instance_id=${i}`, '--tag', `testrun_name=${name}`,
    ];
    return {
      metadata: {
        name: `${name}-${i}`,
        labels,
        ownerReferences: [{ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', name, uid: tr.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            securityContext: runner.securityContext,
            containers: [{ name: 'k6', image: runner.image ?? 'grafana/k6:latest', command, args: command.slice(2), env: runner.env, resources: runner.resources, securityContext: runner.containerSecurityContext, volumeMounts: [{ name: 'k6-test-volume', mountPath: '/test' }] }],
            volumes: [{ name: 'k6-test-volume', configMap: { name: spec.script.configMap.name } }],
          },
        },
      },
    };
  }

  const jobDone = (j: KubeObject) => ((j.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const podRunning = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase === 'Running';

  function watchRunners(ns: string, name: string, total: number): void {
    later(() => {
      const tr = kube.objects.get('testruns', name, ns);
      if (!tr) return;
      const stage = (tr.status as { stage?: string } | undefined)?.stage;
      const jobs = kube.objects.list('jobs', ns).filter((j) => j.metadata.labels?.k6_cr === name);
      const pods = kube.objects.list('pods', ns).filter((p) => p.metadata.labels?.k6_cr === name);
      if (stage === 'created' && pods.length === total && pods.every(podRunning)) setStage(ns, name, 'started');
      if (jobs.length === total && jobs.every(jobDone)) {
        setStage(ns, name, 'finished');
        if ((tr.spec as { cleanup?: string }).cleanup === 'post') later(() => kube.objects.get('testruns', name, ns) && kube.objects.delete('testruns', name, { namespace: ns, propagationPolicy: 'Background' }));
        return;
      }
      watchRunners(ns, name, total);
    });
  }

  const off = kube.onCreate('testruns', (tr) => {
    const ns = tr.metadata.namespace ?? kube.namespace;
    const name = tr.metadata.name ?? '';
    const total = Number((tr.spec as { parallelism?: number }).parallelism ?? 1);
    later(() => {
      if (!setStage(ns, name, 'initialization')) return;
      later(() => {
        const current = kube.objects.get('testruns', name, ns);
        if (!current) return;
        const cm = kube.objects.get('configmaps', (current.spec as { script: { configMap: { name: string } } }).script.configMap.name, ns);
        if (!cm) {
          kube.objects.modify('testruns', name, (o) => (o.status = { stage: 'error', conditions: [{ type: 'TestRunRunning', status: 'False', reason: 'Error', message: 'ConfigMap with the script not found' }] }), ns);
          return;
        }
        setStage(ns, name, 'initialized');
        for (let i = 1; i <= total; i++) kube.objects.create('jobs', runnerJob(current, i, total), ns);
        setStage(ns, name, 'created');
        watchRunners(ns, name, total);
      });
    });
  });

  return {
    dispose() {
      disposed = true;
      off();
      for (const t of timers) clearTimeout(t);
    },
  };
}
