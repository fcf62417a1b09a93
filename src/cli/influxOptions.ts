// The InfluxDB connection of a command, from its flags and the environment, shared by
// `summary`, `report` and `run` so all read InfluxDB 1.x (InfluxQL) and 2.x (Flux) the same way.
// Flags win over the environment. Credentials come from the environment only, under the
// original platform's names (INFLUXDB_URL, INFLUXDB_DB, INFLUXDB_TOKEN or INFLUXDB_USERNAME +
// INFLUXDB_PASSWORD, INFLUXDB_ORG) or the older INFLUX_* / METRIC_VAULT_INFLUX_URL.
import type { InfluxConnection } from '../app/metrics/index';
import { CliError, type CliInvocation, ExitCode, stringOption } from './command';

export const influxVersionOptions = {
  'influx-version': { type: 'string' },
  org: { type: 'string' },
  bucket: { type: 'string' },
} as const;

export const influxVersionUsage = '[--influx-version 1|2 --org ORG --bucket B]';

/** The InfluxDB URL: --influx, else INFLUXDB_URL / METRIC_VAULT_INFLUX_URL, else `fallback`. */
export function influxUrlFrom(inv: CliInvocation, fallback = 'http://127.0.0.1:8086'): string {
  const env = inv.io.env;
  return stringOption(inv, 'influx') ?? (env.INFLUXDB_URL || env.METRIC_VAULT_INFLUX_URL || fallback);
}

/** The 1.x database from `flag`, else INFLUXDB_DB, else `k6`. */
export function influxDatabaseFrom(inv: CliInvocation, flag: string): string {
  return stringOption(inv, flag) ?? (inv.io.env.INFLUXDB_DB || 'k6');
}

/** `database` is the 1.x database name (also the bucket when --bucket is not given). */
export function influxConnectionFrom(inv: CliInvocation, database: string): InfluxConnection {
  const env = inv.io.env;
  const version = stringOption(inv, 'influx-version') ?? env.METRIC_VAULT_INFLUX_VERSION ?? '1';
  if (version !== '1' && version !== '2') throw new CliError(`--influx-version must be 1 or 2, got "${version}"`, ExitCode.badInput);
  const url = influxUrlFrom(inv);
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliError(`--influx must be an http(s) URL such as http://127.0.0.1:8086, got "${url}"`, ExitCode.badInput);
  }
  const org = stringOption(inv, 'org') ?? (env.INFLUXDB_ORG || env.INFLUX_ORG || undefined);
  if (version === '2' && !org) throw new CliError('InfluxDB 2.x needs an organization: pass --org ORG or set INFLUX_ORG (or INFLUXDB_ORG).', ExitCode.badInput);
  const username = env.INFLUXDB_USERNAME || env.INFLUX_USERNAME || undefined;
  const token = env.INFLUXDB_TOKEN || env.INFLUX_TOKEN || undefined;
  const password = env.INFLUXDB_PASSWORD || env.INFLUX_PASSWORD || undefined;
  return {
    url,
    version: version === '2' ? 2 : 1,
    database,
    org,
    bucket: stringOption(inv, 'bucket') ?? database,
    username,
    secret: version === '2' ? token : (password ?? token),
  };
}
