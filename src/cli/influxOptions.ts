// The InfluxDB connection of a command, from its flags and the environment, shared by
// `summary` and `run` so both read InfluxDB 1.x (InfluxQL) and 2.x (Flux) the same way.
// Credentials come from the environment only: INFLUX_USERNAME/INFLUX_PASSWORD (1.x) or
// INFLUX_TOKEN (2.x), INFLUX_ORG for the 2.x organization.
import type { InfluxConnection } from '../app/metrics/index';
import { CliError, type CliInvocation, ExitCode, stringOption } from './command';

export const influxVersionOptions = {
  'influx-version': { type: 'string' },
  org: { type: 'string' },
  bucket: { type: 'string' },
} as const;

export const influxVersionUsage = '[--influx-version 1|2 --org ORG --bucket B]';

/** `database` is the 1.x database name (also the bucket when --bucket is not given). */
export function influxConnectionFrom(inv: CliInvocation, database: string): InfluxConnection {
  const version = stringOption(inv, 'influx-version') ?? inv.io.env.METRIC_VAULT_INFLUX_VERSION ?? '1';
  if (version !== '1' && version !== '2') throw new CliError(`--influx-version must be 1 or 2, got "${version}"`, ExitCode.badInput);
  const url = stringOption(inv, 'influx') ?? inv.io.env.METRIC_VAULT_INFLUX_URL ?? 'http://127.0.0.1:8086';
  try {
    new URL(url);
  } catch {
    throw new CliError(`--influx must be a URL such as http://127.0.0.1:8086, got "${url}"`, ExitCode.badInput);
  }
  const env = inv.io.env;
  const org = stringOption(inv, 'org') ?? env.INFLUX_ORG;
  if (version === '2' && !org) throw new CliError('InfluxDB 2.x needs an organization: pass --org ORG or set INFLUX_ORG.', ExitCode.badInput);
  return {
    url,
    version: version === '2' ? 2 : 1,
    database,
    org,
    bucket: stringOption(inv, 'bucket') ?? database,
    username: env.INFLUX_USERNAME,
    secret: version === '2' ? env.INFLUX_TOKEN : (env.INFLUX_PASSWORD ?? env.INFLUX_TOKEN),
  };
}
