// `metric-vault summary --testid ID [--influx URL] [--db k6] --json`: a run's summary,
// computed by InfluxDB over the whole run. Credentials come from the environment only
// (INFLUX_USERNAME + INFLUX_PASSWORD for 1.x, INFLUX_TOKEN for 2.x), never from flags.
import { createMetricsDialect, isValidRunId, type MetricsErrorKind, type RunSummary, summarizeRun, type ThresholdSpec } from '../../app/metrics/index';
import { type CliCommand, CliError, type CliInvocation, ExitCode, type ExitCodeValue, stringOption } from '../command';
import { formatTable } from '../format';
import { influxConnectionFrom, influxVersionOptions, influxVersionUsage } from '../influxOptions';

const day = 86_400_000;

function timeOption(inv: CliInvocation, name: string, fallback: number): number {
  const v = stringOption(inv, name);
  if (v === undefined) return fallback;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new CliError(`--${name} must be a date/time such as 2026-01-31T12:00:00Z, got "${v}"`, ExitCode.badInput);
  return t;
}

/** `http_req_duration{name:GET /x}:p(95)<500` → key and expression (the last `:` outside braces). */
export function parseThresholdFlag(flag: string): { key: string; expression: string } | undefined {
  const close = flag.lastIndexOf('}');
  const colon = flag.indexOf(':', close >= 0 ? close : 0);
  if (colon <= 0 || colon === flag.length - 1) return undefined;
  return { key: flag.slice(0, colon).trim(), expression: flag.slice(colon + 1).trim() };
}

function thresholdsFrom(inv: CliInvocation): ThresholdSpec | undefined {
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

const fmt = (n: number | null, digits = 1) => (n === null ? '-' : n.toFixed(digits));
const pct = (n: number) => `${(n * 100).toFixed(2)} %`;

function humanReadable(s: RunSummary): string {
  const lines = [
    `Run ${s.testid}: ${s.verdict.toUpperCase()}`,
    `  ${s.start} → ${s.end} (${s.durationSeconds.toFixed(0)} s)`,
    `  requests ${s.requests} · ${s.rps.toFixed(2)}/s · errors ${pct(s.errorRate)} · peak VUs ${s.vusMax ?? '-'}`,
    `  latency ms: p50 ${fmt(s.latency.p50)}  p90 ${fmt(s.latency.p90)}  p95 ${fmt(s.latency.p95)}  p99 ${fmt(s.latency.p99)}  max ${fmt(s.latency.max)}`,
    '',
    formatTable(
      ['ENDPOINT', 'COUNT', 'RPS', 'P95 MS', 'ERRORS'],
      s.endpoints.map((e) => [e.name, String(e.count), e.rps.toFixed(2), fmt(e.p95), pct(e.errorRate)]),
    ),
  ];
  if (s.thresholds?.length) {
    lines.push('', formatTable(['THRESHOLD', 'ACTUAL', 'RESULT'], s.thresholds.map((t) => [`${t.metric}: ${t.expression}`, fmt(t.actual, 3), t.ok ? 'passed' : 'FAILED'])));
  }
  return lines.join('\n');
}

const exitFor: Record<MetricsErrorKind, ExitCodeValue> = { invalid: ExitCode.badInput, unreachable: ExitCode.failed, auth: ExitCode.failed, 'not-found': ExitCode.failed, query: ExitCode.failed };

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Summarize a run from InfluxDB (whole-run percentiles, error rate, endpoints, thresholds)',
  usage:
    `metric-vault summary --testid ID [--influx URL] [--db k6] ${influxVersionUsage} [--from ISO] [--to ISO] [--threshold "metric:expr"]... [--json]\n` +
    '  Here --db names the InfluxDB database. Credentials: INFLUX_USERNAME/INFLUX_PASSWORD (1.x) or INFLUX_TOKEN (2.x) in the environment.\n' +
    '  Exit codes: 0 ok, 1 failure or no data, 2 bad input, 99 a threshold failed.',
  options: {
    testid: { type: 'string' },
    influx: { type: 'string' },
    db: { type: 'string' },
    ...influxVersionOptions,
    from: { type: 'string' },
    to: { type: 'string' },
    threshold: { type: 'string', multiple: true },
  },
  async run(inv) {
    const testid = stringOption(inv, 'testid', true);
    if (!isValidRunId(testid)) throw new CliError(`--testid "${testid}" is not a run id (letters, digits, . _ -, at most 64)`, ExitCode.badInput);
    const now = Date.now();
    const to = timeOption(inv, 'to', now + 5 * 60_000);
    const from = timeOption(inv, 'from', to - 30 * day);
    if (from >= to) throw new CliError('--from must be before --to', ExitCode.badInput);
    const thresholds = thresholdsFrom(inv);
    const dialect = createMetricsDialect(influxConnectionFrom(inv, stringOption(inv, 'db') ?? 'k6'));
    const res = await summarizeRun(dialect, testid, { start: from, end: to }, { thresholds });
    if (!res.ok) throw new CliError(res.error.message, exitFor[res.error.kind]);
    inv.io.out(inv.json ? JSON.stringify(res.value, null, 2) : humanReadable(res.value));
    return res.value.verdict === 'failed' ? ExitCode.thresholdsFailed : ExitCode.ok;
  },
};
