// Typed settings behind one reader. Every `metricVault.*` setting declared in package.json
// is read here and nowhere else.
import * as vscode from 'vscode';

export interface MetricVaultConfig {
  kubeContext: string;
  namespace: string;
  scriptsFolder: string;
  refreshIntervalSeconds: number;
  codeLensEnabled: boolean;
  results: { openOnRunStart: boolean };
  influx: { url: string; inClusterUrl: string; database: string; version: 1 | 2; org: string; bucket: string; username: string };
  k6: { path: string; image: string; cpu: string; memory: string; parallelism: number; engine: 'job' | 'k6-operator'; jobTtlSeconds: number };
  openapi: { maxDocumentSizeMb: number; timeoutSeconds: number; allowExternalRefs: boolean };
  discovery: { intervalSeconds: number; paths: string[]; useNodePort: boolean; nodeAddress: string };
}

export function readConfig(): MetricVaultConfig {
  const c = vscode.workspace.getConfiguration('metricVault');
  const get = <T>(key: string, fallback: T): T => c.get<T>(key, fallback);
  return {
    kubeContext: get('kubeContext', ''),
    namespace: get('namespace', 'test') || 'test',
    scriptsFolder: get('scriptsFolder', 'loadtests') || 'loadtests',
    refreshIntervalSeconds: Math.max(1, get('refreshIntervalSeconds', 5)),
    codeLensEnabled: get('codeLens.enabled', true),
    results: { openOnRunStart: get('results.openOnRunStart', true) },
    influx: {
      url: get('influx.url', 'http://127.0.0.1:8086'),
      inClusterUrl: get('influx.inClusterUrl', 'http://influxdb.monitoring.svc.cluster.local:8086'),
      database: get('influx.database', 'k6') || 'k6',
      version: get<number>('influx.version', 1) === 2 ? 2 : 1,
      org: get('influx.org', ''),
      bucket: get('influx.bucket', 'k6'),
      username: get('influx.username', ''),
    },
    k6: {
      path: get('k6.path', ''),
      image: get('k6.image', 'grafana/k6:1.4.2'),
      cpu: get('k6.cpu', '500m'),
      memory: get('k6.memory', '512Mi'),
      parallelism: Math.max(1, get('k6.parallelism', 1)),
      engine: get<string>('k6.engine', 'job') === 'k6-operator' ? 'k6-operator' : 'job',
      jobTtlSeconds: Math.max(60, Math.round(get('k6.jobTtlSeconds', 86400))),
    },
    openapi: {
      maxDocumentSizeMb: Math.max(1, get('openapi.maxDocumentSizeMB', 50)),
      timeoutSeconds: Math.max(1, get('openapi.timeoutSeconds', 30)),
      allowExternalRefs: get('openapi.allowExternalRefs', false),
    },
    discovery: {
      intervalSeconds: Math.max(5, get('discovery.intervalSeconds', 60)),
      paths: get('discovery.paths', ['/openapi.json', '/v3/api-docs', '/swagger.json', '/docs', '/swagger-ui/index.html', '/api-docs']),
      useNodePort: get('discovery.useNodePort', false),
      nodeAddress: get('discovery.nodeAddress', '127.0.0.1'),
    },
  };
}
