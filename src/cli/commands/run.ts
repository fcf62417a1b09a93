// `metric-vault run [--script] FILE [--target cluster|local] [--wait [--report md|junit|html|json:FILE]...] [--json]`: the same run
// use cases as the extension, for CI. Cluster runs use KUBECONFIG (or ~/.kube/config);
// credentials come from the environment only (INFLUX_USERNAME, INFLUX_PASSWORD, API_TOKEN).
// With --wait the exit code is k6's verdict: 0 passed, 99 thresholds failed, 1 otherwise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../core/model';
import { loopbackBaseUrl } from '../../core/runs/loopbackTarget';
import { cliExitCode, describeStatus } from '../../core/runs/runState';
import { kubeconfigRunCluster } from '../../app/runs/clusterProvider';
import type { RunCredentials, RunEvents } from '../../app/runs/ports';
import { RunService, type StartResult } from '../../app/runs/runService';
import { defaultRunSettings, type RunSettings } from '../../app/runs/runSettings';
import { runMetricsFor } from '../../app/runs/summaries';
import { type Store, withStore } from '../../app/storeAccess';
import { type CliCommand, CliError, type CliInvocation, ExitCode, intOption, scriptOption, stringOption } from '../command';
import { influxConnectionFrom, influxDatabaseFrom, influxUrlFrom, influxVersionOptions, influxVersionUsage } from '../influxOptions';
import { displayPath } from './render';
import { findingHeadline } from '../format';
import { startRunPodSampling } from '../runPodSampling';
import { writeReportFile } from './report';
import { buildRunReport } from '../../app/metrics/report';
import { createMetricsDialect, type MetricsDialect, rangeAroundRun, storedSummary } from '../../app/metrics/index';
import { isReportFormat, renderReport, type ReportFormat, reportFormats } from '../../core/reports/index';

/** How often `run --wait` samples the pods' CPU/memory (the extension's live tick). */
const podSamplePeriodMs = 2000;

function settingsFrom(inv: CliInvocation): RunSettings {
  const d = defaultRunSettings;
  const env = inv.io.env;
  const engine = stringOption(inv, 'engine') ?? d.distributedEngine;
  if (engine !== 'job' && engine !== 'k6-operator') throw new CliError(`--engine must be "job" or "k6-operator", got "${engine}"`, ExitCode.badInput);
  return {
    ...d,
    namespace: stringOption(inv, 'namespace') ?? (env.KUBERNETES_TEST_NAMESPACE || d.namespace),
    kubeContext: stringOption(inv, 'context'),
    image: stringOption(inv, 'image') ?? (env.K6_IMAGE || d.image),
    parallelism: intOption(inv, 'parallelism') ?? d.parallelism,
    jobTtlSeconds: intOption(inv, 'ttl'),
    distributedEngine: engine,
    influx: {
      url: influxUrlFrom(inv, d.influx.url),
      inClusterUrl: stringOption(inv, 'in-cluster-influx') ?? d.influx.inClusterUrl,
      database: influxDatabaseFrom(inv, 'influx-db'),
    },
    k6Path: stringOption(inv, 'k6-path') ?? (env.K6_PATH || undefined),
  };
}

/** The script's text, or '' when it cannot be read (the run's preflight says why). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function credentialsFrom(env: NodeJS.ProcessEnv): RunCredentials {
  return {
    influxUsername: env.INFLUXDB_USERNAME || env.INFLUX_USERNAME || undefined,
    influxPassword: env.INFLUXDB_PASSWORD || env.INFLUX_PASSWORD || undefined,
    apiToken: env.API_TOKEN || undefined,
  };
}

/** `--report md:FILE`: the format and the file, checked before the run starts. */
function reportsFrom(inv: CliInvocation): { format: ReportFormat; file: string }[] {
  const raw = inv.values.report;
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : typeof raw === 'string' ? [raw] : [];
  return list.map((r) => {
    const colon = r.indexOf(':');
    const format = colon > 0 ? r.slice(0, colon) : '';
    const file = r.slice(colon + 1);
    if (!isReportFormat(format) || file === '') throw new CliError(`--report must look like md:FILE (formats ${reportFormats.join(', ')}), got "${r}"`, ExitCode.badInput);
    return { format, file: path.resolve(inv.io.cwd, file) };
  });
}

function refusal(r: Extract<StartResult, { ok: false }>): CliError {
  const code = r.stage === 'preflight' && r.problems.some((p) => /script|open\(|ConfigMap holds|line \d+/.test(p)) ? ExitCode.badInput : ExitCode.failed;
  const lines = [`the run was not started:`, ...r.problems.map((p) => `  ${p}`), ...(r.nextStep ? [`  Next: ${r.nextStep}`] : [])];
  return new CliError(lines.join('\n'), code);
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a k6 script in the cluster or locally',
  usage:
    `metric-vault run [--script] FILE [--target cluster|local] [--wait] [--json] [--namespace NS] [--context CTX] [--engine job|k6-operator] [--parallelism N] [--ttl SECONDS] [--base-url URL] [--influx URL] [--in-cluster-influx URL] [--influx-db NAME] [--k6-path PATH] ${influxVersionUsage}`,
  positionals: true,
  options: {
    script: { type: 'string' },
    target: { type: 'string' },
    wait: { type: 'boolean', default: false },
    namespace: { type: 'string' },
    context: { type: 'string' },
    engine: { type: 'string' },
    parallelism: { type: 'string' },
    ttl: { type: 'string' },
    image: { type: 'string' },
    'base-url': { type: 'string' },
    influx: { type: 'string' },
    'in-cluster-influx': { type: 'string' },
    'influx-db': { type: 'string' },
    'k6-path': { type: 'string' },
    ...influxVersionOptions,
    report: { type: 'string', multiple: true },
  },
  async run(inv) {
    const reports = reportsFrom(inv);
    const script = path.resolve(inv.io.cwd, scriptOption(inv));
    const target = stringOption(inv, 'target') ?? 'cluster';
    if (target !== 'cluster' && target !== 'local') throw new CliError(`--target must be "cluster" or "local", got "${target}"`, ExitCode.badInput);
    const settings = settingsFrom(inv);
    // The summary is read the way the user's InfluxDB speaks: InfluxQL (1.x) or Flux (2.x).
    const influx = influxConnectionFrom(inv, settings.influx.database);
    const wait = inv.values.wait === true;
    if (reports.length > 0 && !wait && target === 'cluster') throw new CliError('--report needs --wait: the report is written when the run ends', ExitCode.badInput);
    const out = (line: string) => (inv.json ? inv.io.err(line) : inv.io.out(line));
    const events: RunEvents = {
      changed: (r) => out(`[${r.id}] ${describeStatus(r)}`),
      output: (_id, line) => wait && out(line),
      finished: (_r, s) => {
        if (s && !s.ok) inv.io.err(`warning: no summary: ${s.message}`);
      },
      warn: (m) => inv.io.err(`warning: ${m}`),
    };
    return withStore(inv.dbPath, inv.io.err, async (store) => {
      const service = new RunService({
        store,
        cluster: kubeconfigRunCluster({ env: inv.io.env, context: () => settings.kubeContext, namespace: () => settings.namespace }),
        events,
        settings: () => settings,
        metrics: () => runMetricsFor(influx, store),
        credentials: async () => credentialsFrom(inv.io.env),
        env: inv.io.env,
        periodMs: () => 2000,
      });
      const request = { scriptFile: script, displayPath: displayPath(inv.io.cwd, script), target: stringOption(inv, 'base-url'), namespace: settings.namespace };
      const scriptText = target === 'cluster' ? readText(script) : '';
      const loopback = target === 'cluster' ? loopbackBaseUrl(scriptText, request.target) : undefined;
      if (loopback) inv.io.err(`warning: BASE_URL ${loopback} is a loopback address: in the cluster it reaches the k6 pod, not this machine. Pass --base-url with an address the cluster can reach, or --target local.`);
      const started = target === 'local' ? await service.startLocally(request) : await service.startInCluster(request);
      if (!started.ok) {
        service.dispose();
        throw refusal(started);
      }
      for (const w of started.warnings) inv.io.err(`warning: ${w}`);
      if (!wait) {
        // The run goes on in the cluster; a local k6 needs this process, so a local run always waits.
        if (target === 'cluster') {
          service.dispose();
          if (inv.json) inv.io.out(JSON.stringify(started.run, null, 2));
          else inv.io.out(`Started run ${started.run.id} (${started.run.engine} in namespace ${started.run.namespace}). Follow it with "metric-vault runs".`);
          return ExitCode.ok;
        }
      }
      const sampling =
        target === 'cluster'
          ? await startRunPodSampling({
              env: inv.io.env,
              context: settings.kubeContext,
              namespace: started.run.namespace ?? settings.namespace,
              runId: started.run.id,
              target: started.run.target,
              scriptText,
              sink: store.samples,
              periodMs: podSamplePeriodMs,
              warn: (m) => inv.io.err(`warning: ${m}`),
            })
          : undefined;
      const end = await waitWithInterrupt(service, started.run.id, inv);
      await sampling?.stop();
      service.dispose();
      const record = end.run ?? started.run;
      if (end.unrecorded) {
        throw new CliError(`run ${record.id} ended (${describeStatus(record)}), but ${end.unrecorded} Check that ${inv.dbPath} is writable and not held by another program, then look again with "metric-vault runs".`, ExitCode.failed);
      }
      if (reports.length > 0) await writeRunReports(createMetricsDialect(influx), store, record, reports, inv);
      if (inv.json) inv.io.out(JSON.stringify({ ...record, verdict: store.summaries.get(record.id)?.verdict }, null, 2));
      else {
        inv.io.out(`Run ${record.id}: ${describeStatus(record)}`);
        // What the analysis step found (pods near their limits, error rises …), as the panel lists it.
        const findings = storedSummary(store.summaries.get(record.id))?.findings ?? [];
        for (const f of findings) inv.io.out(`  ${findingHeadline(f)}`);
      }
      return cliExitCode(record);
    });
  },
};

/** The reports asked for with --report, from the summary the run stored; a failure is a warning, not the run's verdict. */
async function writeRunReports(dialect: MetricsDialect, store: Store, run: RunRecord, reports: { format: ReportFormat; file: string }[], inv: CliInvocation): Promise<void> {
  const res = await buildRunReport(dialect, {
    testid: run.id,
    range: rangeAroundRun(run.startedAt ?? run.createdAt, run.finishedAt),
    stored: storedSummary(store.summaries.get(run.id)),
    samples: store.samples.listForRun(run.id),
    withSeries: reports.some((r) => r.format === 'html'),
  });
  if (!res.ok) {
    inv.io.err(`warning: no report: ${res.error.message}`);
    return;
  }
  for (const r of reports) {
    writeReportFile(r.file, renderReport(r.format, res.value));
    inv.io.err(`Wrote the ${r.format} report to ${r.file}`);
  }
}

/** Waits for the end; Ctrl+C stops the run (deletes its Job / interrupts k6) instead of abandoning it. */
async function waitWithInterrupt(service: RunService, runId: string, inv: CliInvocation): Promise<{ run: RunRecord | undefined; unrecorded?: string }> {
  const onSignal = () => {
    inv.io.err(`Stopping run ${runId}…`);
    void service.stop(runId);
  };
  process.once('SIGINT', onSignal);
  try {
    return await service.endOf(runId);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
