// `metric-vault summary --testid ID [--baseline ID] [--fail-on warning|critical] --json`: a
// run's summary computed by InfluxDB over the whole run, with the analysis step's findings
// (against the baseline run when given), and the pod findings when the run database holds the
// pods' samples `run --wait` took. Credentials come from the environment only.
import { buildRunReport } from '../../app/metrics/report';
import { createMetricsDialect, type Finding, type RunSummary } from '../../app/metrics/index';
import { severityAtLeast } from '../../core/analysis/finding';
import { type CliCommand, CliError, ExitCode } from '../command';
import { findingHeadline, formatTable } from '../format';
import { exitForMetricsError, failOnFrom, influxConnectionFrom, influxDatabaseFrom, recordedRunFacts, runReportOptions, runReportRequest, summaryDatabases } from '../metricsOptions';

const fmt = (n: number | null, digits = 1) => (n === null ? '-' : n.toFixed(digits));
const pct = (n: number) => `${(n * 100).toFixed(2)} %`;

function humanReadable(s: RunSummary, findings: readonly Finding[]): string {
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
  lines.push('', findings.length ? `Findings (${findings.length}):` : 'Findings: none.');
  for (const f of findings) {
    lines.push(`  ${findingHeadline(f)}`, `      ${f.detail}`, `      Next: ${f.nextStep}`);
  }
  return lines.join('\n');
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Summarize a run from InfluxDB (whole-run percentiles, error rate, endpoints, thresholds, findings)',
  usage:
    'metric-vault summary --testid ID [--baseline ID] [--fail-on warning|critical] [--influx URL] [--influx-db k6] [--db PATH] [--influx-version 1|2 --org ORG --bucket B] [--from ISO] [--to ISO] [--threshold "metric:expr"]... [--json]\n' +
    '  --db is the run database (pod CPU/memory samples from run --wait give pod findings); a bare name such as --db k6 is still read as the InfluxDB database. Environment defaults: INFLUXDB_URL, INFLUXDB_DB, INFLUXDB_TOKEN or INFLUXDB_USERNAME/INFLUXDB_PASSWORD.\n' +
    '  Exit codes: 0 ok, 1 failure or no data, 2 bad input, 99 a threshold failed or a finding at the --fail-on level.',
  options: { ...runReportOptions, 'fail-on': { type: 'string' } },
  async run(inv) {
    const request = runReportRequest(inv);
    const failOn = failOnFrom(inv);
    const { dbPath, influxDbFlag } = summaryDatabases(inv);
    const connection = influxConnectionFrom(inv, influxDatabaseFrom(inv, influxDbFlag));
    const recorded = await recordedRunFacts(dbPath, request.testid, inv.io.err);
    const res = await buildRunReport(createMetricsDialect(connection), { ...request, ...recorded });
    if (!res.ok) throw new CliError(res.error.message, exitForMetricsError[res.error.kind]);
    const { summary, findings } = res.value;
    const out = res.value.baseline ? { ...summary, findings, baseline: res.value.baseline.comparison } : { ...summary, findings };
    inv.io.out(inv.json ? JSON.stringify(out, null, 2) : humanReadable(summary, findings));
    const failedFindings = failOn ? findings.filter((f) => severityAtLeast(f.severity, failOn)) : [];
    if (failedFindings.length > 0 && !inv.json) inv.io.err(`${failedFindings.length} finding(s) at --fail-on ${failOn} or above.`);
    return summary.verdict === 'failed' || failedFindings.length > 0 ? ExitCode.thresholdsFailed : ExitCode.ok;
  },
};
