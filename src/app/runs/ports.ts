// What the run use cases need from the outside world, as interfaces: the cluster (Kubernetes
// objects of a run), InfluxDB (ping + summary), and where events go (views, notifications,
// output channels). The extension and the CLI plug in real adapters; tests plug in the same
// adapters against the fake API server.
import type { RunRecord } from '../../core/model';
import type { RunCredentials } from '../../core/manifests/render';
import type { KubeRunObjects } from '../../infra/kube/jobs';
import type { KubeTestRuns } from '../../infra/kube/testRuns';
import type { Errorable, KubeError } from '../../core/result';

export type { RunCredentials };

/** The cluster side of runs: the adapters of src/infra/kube bound to one kubeconfig context. */
export interface RunCluster {
  objects: KubeRunObjects;
  testRuns: KubeTestRuns;
  /** For messages: the kubeconfig context in use. */
  contextName?: string;
}

/** Builds the cluster adapters from the kubeconfig, or says why it cannot. */
export type RunClusterProvider = () => Errorable<RunCluster, KubeError>;

/** What the run learns about its outcome from InfluxDB. */
export interface SummaryOutcome {
  ok: boolean;
  /** The summary's verdict when computed. */
  verdict?: 'passed' | 'failed' | 'unknown';
  /** Why there is no summary (InfluxDB unreachable, no points yet). */
  message?: string;
}

export interface RunMetrics {
  /** Whether InfluxDB answers (pre-flight warning only). */
  ping(): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Computes and stores the run's summary. */
  summarize(run: RunRecord): Promise<SummaryOutcome>;
}

/** Where the run use cases report to; every method is optional to implement meaningfully. */
export interface RunEvents {
  /** A run record changed (state, reason, times) or appeared. */
  changed(run: RunRecord): void;
  /** One line of k6's output for this run. */
  output(runId: string, line: string): void;
  /** The run reached a terminal state; its summary was attempted. */
  finished(run: RunRecord, summary: SummaryOutcome | undefined): void;
  /** Something worth telling the user that is not an error of the run itself. */
  warn(message: string): void;
}

export const silentEvents: RunEvents = { changed: () => undefined, output: () => undefined, finished: () => undefined, warn: () => undefined };
