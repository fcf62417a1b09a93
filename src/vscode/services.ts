// The long-lived services of one activation, built once in dependency order by plain
// constructor injection. Features receive them beside the Ctx; nothing lives in module state.
import type { Ctx } from './context';
import type { ClusterServerAccess } from './endpoints/analyzeOptions';
import { EndpointsView } from './endpoints/endpointsView';
import { ClusterService } from './kube/clusterService';
import { ScriptDiagnostics } from './loadtest/scriptDiagnostics';
import { PodLogs } from './pods/podLogs';
import { CurrentDialect } from './results/influxAccess';
import { ResultsPanels } from './results/resultsPanels';
import { kubeRunPods } from './results/runPods';
import { RunController } from './runs/runController';

export interface Services {
  /** The session for the chosen kubeconfig context and namespace (Pods view, status bar, discovery). */
  readonly cluster: ClusterService;
  /** How a cluster server's document is read: the session's credentials for the API-server proxy. */
  readonly clusterAccess: ClusterServerAccess;
  /** InfluxDB as the settings and the stored credential describe it now. */
  readonly dialect: CurrentDialect;
  /** Results panels and live metrics of runs. */
  readonly results: ResultsPanels;
  /** Starting, watching and stopping runs; their outputs and status bar. */
  readonly runs: RunController;
  /** k6 script problems in the Problems panel. */
  readonly diagnostics: ScriptDiagnostics;
  /** Followed pod logs, one output channel each. */
  readonly podLogs: PodLogs;
  /** The Endpoints tree view and its filter. */
  readonly endpointsView: EndpointsView;
}

/** Creates every service; each is disposed with the context. Nothing here waits for I/O. */
export function createServices(ctx: Ctx): Services {
  const cluster = ctx.register(new ClusterService(ctx));
  const dialect = new CurrentDialect(ctx);
  ctx.register(ctx.onDidChangeConfig(() => dialect.refresh()));
  const results = ctx.register(new ResultsPanels(ctx, { dialect, pods: kubeRunPods(ctx, cluster) }));
  return {
    cluster,
    // Documents of discovered services sit behind the API server's service proxy: Create Load
    // Test, "Copy as curl" and "Open Spec at Operation" read them with this session's
    // credentials, scoped to the service's proxy path.
    clusterAccess: (server) => cluster.credentialsFor(server),
    dialect,
    results,
    runs: ctx.register(new RunController(ctx, dialect, results)),
    diagnostics: ctx.register(new ScriptDiagnostics()),
    podLogs: ctx.register(new PodLogs()),
    endpointsView: ctx.register(new EndpointsView(ctx)),
  };
}
