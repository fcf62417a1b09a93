// Factory for the metrics dialect Strategy: InfluxQL (default; InfluxDB 1.x, 2.x via DBRP,
// 3.x) or Flux (InfluxDB 2.x), chosen by the `metricVault.influx.version` setting.
import type { MetricsDialect, QueryStats } from './dialect';
import { FluxDialect } from './fluxDialect';
import { InfluxQlDialect } from './influxqlDialect';

export interface InfluxConnection {
  url: string;
  version: 1 | 2;
  /** 1.x database (InfluxQL). */
  database: string;
  /** 2.x organization and bucket (Flux). */
  org?: string;
  bucket?: string;
  username?: string;
  /** The password (1.x) or token (2.x), from secret storage or the environment — never settings. */
  secret?: string;
  timeoutMs?: number;
  onStats?: (stats: QueryStats) => void;
}

export function createMetricsDialect(c: InfluxConnection): MetricsDialect {
  if (c.version === 2) {
    return new FluxDialect({ url: c.url, org: c.org ?? '', bucket: c.bucket || c.database, token: c.secret, timeoutMs: c.timeoutMs, onStats: c.onStats });
  }
  return new InfluxQlDialect({
    url: c.url,
    database: c.database,
    username: c.username || undefined,
    password: c.username ? c.secret : undefined,
    // With no user name, a secret is a 2.x/3.x token for the /query compatibility API.
    token: c.username ? undefined : c.secret,
    timeoutMs: c.timeoutMs,
    onStats: c.onStats,
  });
}

export type { MetricsDialect, MetricsError, MetricsErrorKind, MetricsResult, QueryStats } from './dialect';
export { FluxDialect } from './fluxDialect';
export { InfluxQlDialect } from './influxqlDialect';
