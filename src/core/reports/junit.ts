// JUnit XML for CI test tabs: one test case per threshold (failed when it failed) and one per
// warning or critical finding (a failure typed by its severity), plus one for the run's
// verdict, so a run with nothing wrong is a green suite rather than an empty one.
import { severityAtLeast } from '../analysis/finding';
import { escapeXml as x } from './escape';
import type { ReportData } from './reportData';

interface Case {
  classname: string;
  name: string;
  failure?: { type: string; message: string; body: string };
  out?: string;
}

export function renderJunit(d: ReportData): string {
  const s = d.summary;
  const cases: Case[] = [
    {
      classname: 'metric-vault.run',
      name: `run ${s.testid}`,
      out: `${s.requests} requests, ${(s.errorRate * 100).toFixed(2)} % errors, p95 ${s.latency.p95 ?? '-'} ms`,
      ...(s.verdict === 'failed' ? { failure: { type: 'verdict', message: `Run ${s.testid} failed`, body: 'k6 thresholds failed (exit code 99) or a threshold evaluated by Metric Vault failed.' } } : {}),
    },
  ];
  for (const t of s.thresholds ?? []) {
    cases.push({
      classname: 'metric-vault.thresholds',
      name: `${t.metric}: ${t.expression}`,
      out: `actual ${t.actual ?? 'no data'}`,
      ...(t.ok ? {} : { failure: { type: 'threshold', message: `${t.metric}: ${t.expression} failed (actual ${t.actual ?? 'no data'})`, body: '' } }),
    });
  }
  for (const f of d.findings) {
    if (!severityAtLeast(f.severity, 'warning')) continue;
    cases.push({
      classname: `metric-vault.findings.${f.kind}`,
      name: f.title,
      failure: { type: f.severity, message: f.title, body: `${f.detail}\n${f.from ? `From ${f.from} to ${f.to ?? ''}\n` : ''}Next: ${f.nextStep}` },
    });
  }
  const failures = cases.filter((c) => c.failure).length;
  const seconds = s.durationSeconds.toFixed(3);
  const body = cases.map((c) => {
    const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}" time="0">`;
    const failure = c.failure ? `\n      <failure type="${x(c.failure.type)}" message="${x(c.failure.message)}">${x(c.failure.body)}</failure>` : '';
    const out = c.out ? `\n      <system-out>${x(c.out)}</system-out>` : '';
    return `${open}${failure}${out}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="metric-vault" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${x(`load test ${s.testid}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${x(s.start)}">`,
    '    <properties>',
    `      <property name="testid" value="${x(s.testid)}"/>`,
    ...(d.baseline ? [`      <property name="baseline" value="${x(d.baseline.summary.testid)}"/>`] : []),
    '    </properties>',
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
