// The settings a run depends on, as the app layer sees them (the extension maps its typed
// config onto this; the CLI fills it from flags and defaults).

export interface RunSettings {
  namespace: string;
  kubeContext?: string;
  image: string;
  cpu: string;
  memory: string;
  parallelism: number;
  /** How runs with parallelism > 1 are submitted. */
  distributedEngine: 'job' | 'k6-operator';
  influx: { url: string; inClusterUrl: string; database: string };
  /** The local k6 executable: an absolute path, `~/…`, or a command name; empty = `k6` on the PATH. */
  k6Path?: string;
  /** Seconds a finished run's Job stays in the cluster before Kubernetes removes it (TTL controller). */
  jobTtlSeconds?: number;
}

/** The defaults declared in package.json, for the CLI. */
export const defaultRunSettings: RunSettings = {
  namespace: 'test',
  image: 'grafana/k6:1.4.2',
  cpu: '500m',
  memory: '512Mi',
  parallelism: 1,
  distributedEngine: 'job',
  influx: { url: 'http://127.0.0.1:8086', inClusterUrl: 'http://influxdb.monitoring.svc.cluster.local:8086', database: 'k6' },
};
