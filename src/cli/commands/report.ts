// `metric-vault report --testid ID --format md|junit|html|json [--baseline ID] [--threshold
// "metric:expr"]... [--out FILE]`: a run's report for a pull request (Markdown), a CI test
// tab (JUnit XML), a browser (one self-contained HTML file) or a program (JSON). The pods'
// samples `run --wait` recorded in the run database (--db) add the pod findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRunReport } from '../../app/metrics/report';
import { createMetricsDialect } from '../../app/metrics/index';
import { isReportFormat, renderReport, reportFormats } from '../../core/reports/index';
import { type CliCommand, CliError, ExitCode, stringOption } from '../command';
import { exitForMetricsError, influxConnectionFrom, influxDatabaseFrom, recordedRunFacts, runReportOptions, runReportRequest } from '../metricsOptions';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write a run\'s report: Markdown (PR comment), JUnit XML, self-contained HTML or JSON',
  usage:
    'metric-vault report --testid ID --format md|junit|html|json [--baseline ID] [--threshold "metric:expr"]... [--out FILE] [--influx URL] [--influx-db k6] [--influx-version 1|2 --org ORG --bucket B] [--from ISO] [--to ISO] [--db PATH]\n' +
    '  Without --out the report goes to standard output. Environment defaults: INFLUXDB_URL, INFLUXDB_DB, INFLUXDB_TOKEN or INFLUXDB_USERNAME/INFLUXDB_PASSWORD.\n' +
    '  Exit codes: 0 written, 1 failure or no data, 2 bad input.',
  options: { ...runReportOptions, format: { type: 'string' }, out: { type: 'string' } },
  async run(inv) {
    const request = runReportRequest(inv);
    const format = stringOption(inv, 'format') ?? (inv.json ? 'json' : 'md');
    if (!isReportFormat(format)) throw new CliError(`--format must be one of ${reportFormats.join(', ')}, got "${format}"`, ExitCode.badInput);
    const out = stringOption(inv, 'out');
    const target = out ? path.resolve(inv.io.cwd, out) : undefined;
    if (target && fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new CliError(`--out ${out} is a directory; name a file`, ExitCode.badInput);
    const recorded = await recordedRunFacts(inv.dbPath, request.testid, inv.io.err);
    const res = await buildRunReport(createMetricsDialect(influxConnectionFrom(inv, influxDatabaseFrom(inv, 'influx-db'))), { ...request, ...recorded, withSeries: format === 'html' });
    if (!res.ok) throw new CliError(res.error.message, exitForMetricsError[res.error.kind]);
    const text = renderReport(format, res.value);
    if (!target) {
      inv.io.out(text.trimEnd());
      return ExitCode.ok;
    }
    writeReportFile(target, text);
    inv.io.err(`Wrote the ${format} report of run ${request.testid} to ${target}`);
    return ExitCode.ok;
  },
};

/** Writes next to the target and renames, so a reader never sees half a report. */
export function writeReportFile(target: string, text: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, target);
}
