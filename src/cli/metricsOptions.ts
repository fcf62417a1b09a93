// The run id, time range, thresholds and --fail-on of the commands that read a run's metrics
// (summary, report); the InfluxDB connection itself is influxOptions.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricsErrorKind, ThresholdSpec } from '../app/metrics/index';
import { isValidRunId } from '../app/metrics/index';
import { defaultCliDatabasePath, withStore } from '../app/storeAccess';
import type { ResourceSampleRecord } from '../core/model';
import { CliError, type CliInvocation, ExitCode, type ExitCodeValue, stringOption } from './command';
import { influxVersionOptions } from './influxOptions';

const day = 86_400_000;

export { influxConnectionFrom, influxDatabaseFrom } from './influxOptions';

export const influxOptions = { influx: { type: 'string' }, 'influx-db': { type: 'string' }, ...influxVersionOptions } as const;

export const rangeOptions = { from: { type: 'string' }, to: { type: 'string' } } as const;

/** The options of every command that reports on one run: which run, its baseline, where to read it. */
export const runReportOptions = {
  testid: { type: 'string' },
  baseline: { type: 'string' },
  ...influxOptions,
  ...rangeOptions,
  threshold: { type: 'string', multiple: true },
} as const;

/** The run and its baseline from --testid/--baseline (refused unless they are run ids), and where to look for them. */
export function runReportRequest(inv: CliInvocation): { testid: string; baselineId?: string; range: { start: number; end: number }; thresholds?: ThresholdSpec } {
  return { testid: runIdOption(inv, 'testid', true), baselineId: runIdOption(inv, 'baseline'), range: rangeFrom(inv), thresholds: thresholdsFrom(inv) };
}

/** A run id from a flag, refused (exit 2) unless it is one we would put in a query. */
export function runIdOption(inv: CliInvocation, name: string, required: true): string;
export function runIdOption(inv: CliInvocation, name: string, required?: false): string | undefined;
export function runIdOption(inv: CliInvocation, name: string, required = false): string | undefined {
  const id = required ? stringOption(inv, name, true) : stringOption(inv, name);
  if (id !== undefined && !isValidRunId(id)) throw new CliError(`--${name} "${id.slice(0, 80)}" is not a run id (letters, digits, . _ -, at most 64)`, ExitCode.badInput);
  return id;
}

function timeOption(inv: CliInvocation, name: string, fallback: number): number {
  const v = stringOption(inv, name);
  if (v === undefined) return fallback;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new CliError(`--${name} must be a date/time such as 2026-01-31T12:00:00Z, got "${v}"`, ExitCode.badInput);
  return t;
}

/** Where to look for runs: --from/--to, by default the last 30 days. */
export function rangeFrom(inv: CliInvocation, now = Date.now()): { start: number; end: number } {
  const end = timeOption(inv, 'to', now + 5 * 60_000);
  const start = timeOption(inv, 'from', end - 30 * day);
  if (start >= end) throw new CliError('--from must be before --to', ExitCode.badInput);
  return { start, end };
}

/** `http_req_duration{name:GET /x}:p(95)<500` → key and expression (the last `:` outside braces). */
export function parseThresholdFlag(flag: string): { key: string; expression: string } | undefined {
  const close = flag.lastIndexOf('}');
  const colon = flag.indexOf(':', close >= 0 ? close : 0);
  if (colon <= 0 || colon === flag.length - 1) return undefined;
  return { key: flag.slice(0, colon).trim(), expression: flag.slice(colon + 1).trim() };
}

export function thresholdsFrom(inv: CliInvocation): ThresholdSpec | undefined {
  const raw = inv.values.threshold;
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [];
  if (list.length === 0) return undefined;
  const spec: Record<string, string[]> = {};
  for (const flag of list) {
    const t = parseThresholdFlag(flag);
    if (!t) throw new CliError(`--threshold must look like "http_req_duration:p(95)<500", got "${flag}"`, ExitCode.badInput);
    (spec[t.key] ??= []).push(t.expression);
  }
  return spec;
}

export const exitForMetricsError: Record<MetricsErrorKind, ExitCodeValue> = { invalid: ExitCode.badInput, unreachable: ExitCode.failed, auth: ExitCode.failed, 'not-found': ExitCode.failed, query: ExitCode.failed };

/** `--fail-on warning|critical`. */
export function failOnFrom(inv: CliInvocation): 'warning' | 'critical' | undefined {
  const v = stringOption(inv, 'fail-on');
  if (v === undefined) return undefined;
  if (v !== 'warning' && v !== 'critical') throw new CliError(`--fail-on must be "warning" or "critical", got "${v}"`, ExitCode.badInput);
  return v;
}

/**
 * What the run database knows about a run that InfluxDB does not: the pods' CPU/memory samples
 * `run --wait` took (for the pod findings) and k6's exit code. Nothing when the database file
 * does not exist (it is not created just to be read) or the run is not in it.
 */
export async function recordedRunFacts(dbPath: string, testid: string, notify: (message: string) => void): Promise<{ samples?: readonly ResourceSampleRecord[]; exitCode?: number }> {
  if (!fs.existsSync(dbPath)) return {};
  return withStore(dbPath, notify, (store) => {
    const run = store.runs.get(testid);
    if (!run) return {};
    const samples = store.samples.listForRun(testid);
    return { ...(samples.length ? { samples } : {}), ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}) };
  });
}

/**
 * `summary --db`: the run database like everywhere else when it names a file, but a bare name
 * such as `k6` is the InfluxDB database, as `summary` took it before the run database mattered
 * to it (said once on stderr, so scripts keep working and learn `--influx-db`).
 */
export function summaryDatabases(inv: CliInvocation): { dbPath: string; influxDbFlag: 'db' | 'influx-db' } {
  const db = inv.values.db;
  if (typeof db !== 'string' || typeof inv.values['influx-db'] === 'string') return { dbPath: inv.dbPath, influxDbFlag: 'influx-db' };
  const namesAFile = /[\\/]/.test(db) || /\.(db|sqlite3?)$/i.test(db) || fs.existsSync(path.resolve(inv.io.cwd, db));
  if (namesAFile) return { dbPath: path.resolve(inv.io.cwd, db), influxDbFlag: 'influx-db' };
  inv.io.err(`note: --db ${db} is taken as the InfluxDB database; --influx-db ${db} says so explicitly (--db names the run database file elsewhere).`);
  return { dbPath: defaultCliDatabasePath(), influxDbFlag: 'db' };
}
