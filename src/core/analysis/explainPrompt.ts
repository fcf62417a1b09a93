// What a language model is told about a run ("Explain This Run", the chat tool): the summary,
// the findings and the baseline deltas as compact text — never a secret. Every string that
// could carry one (the target URL, names from scripts, finding details) goes through
// `redactSecrets`: credentials in URLs, token-like query parameters, Authorization values,
// JWTs and long key-like strings are replaced.
import type { BaselineComparison } from '../metrics/compare';
import type { RunSummary } from '../metrics/types';
import type { Finding } from './finding';

const sensitiveParam = /([?&;](?:[\w.-]*(?:token|key|secret|password|passwd|pwd|auth|session|sig|signature|credential)[\w.-]*)=)[^&#\s"']*/gi;

/** The text with anything that looks like a credential replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return (
    text
      // scheme://user:password@host → scheme://host (also user@host)
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']*@/gi, '$1')
      .replace(sensitiveParam, '$1[redacted]')
      .replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]')
      .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[redacted]')
      .replace(/\b(?:ghp|gho|ghs|glpat|xox[abp]|sk|pk|AKIA)[-_A-Za-z0-9]{12,}/g, '[redacted]')
      // Long unbroken hex or base64 runs (keys, tokens); durations and ids are far shorter.
      .replace(/\b[A-Fa-f0-9]{32,}\b/g, '[redacted]')
      .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, '[redacted]')
  );
}

export interface ExplainInput {
  summary: RunSummary;
  findings: readonly Finding[];
  comparison?: BaselineComparison;
  run?: { scriptPath?: string; engine?: string; target?: string };
}

const n = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : Number(v.toFixed(digits)).toString());

/** The run as plain text lines, redacted: what the model (or a chat agent's tool call) reads. */
export function runContextText(input: ExplainInput): string {
  const s = input.summary;
  const lines = [
    `Run ${s.testid}: verdict ${s.verdict}; ${s.start} to ${s.end} (${n(s.durationSeconds, 0)} s).`,
    ...(input.run ? [`Script ${input.run.scriptPath ?? 'n/a'}, engine ${input.run.engine ?? 'n/a'}, target ${input.run.target ?? 'n/a'}.`] : []),
    `Requests ${s.requests} (${n(s.rps, 2)}/s), error rate ${n(s.errorRate * 100, 2)} %, peak VUs ${s.vusMax ?? 'n/a'}.`,
    `Latency ms: p50 ${n(s.latency.p50)}, p90 ${n(s.latency.p90)}, p95 ${n(s.latency.p95)}, p99 ${n(s.latency.p99)}, max ${n(s.latency.max)}.`,
    'Endpoints (name: requests, req/s, p95 ms, error %):',
    ...s.endpoints.slice(0, 30).map((e) => `- ${e.name}: ${e.count}, ${n(e.rps, 2)}, ${n(e.p95)}, ${n(e.errorRate * 100, 2)}`),
    ...(s.endpoints.length > 30 ? [`- … ${s.endpoints.length - 30} more endpoints`] : []),
  ];
  if (s.thresholds?.length) lines.push('Thresholds:', ...s.thresholds.map((t) => `- ${t.metric}: ${t.expression} → ${t.ok ? 'passed' : 'FAILED'} (actual ${n(t.actual, 3)})`));
  lines.push(input.findings.length ? 'Findings (deterministic rules, worst first):' : 'Findings: none.');
  for (const f of input.findings.slice(0, 20)) {
    lines.push(`- [${f.severity}] ${f.kind}${f.endpoint ? ` (${f.endpoint})` : ''}${f.pod ? ` (pod ${f.pod})` : ''}: ${f.title}. ${f.detail}${f.from ? ` [${f.from} to ${f.to ?? ''}]` : ''} Suggested next step: ${f.nextStep}`);
  }
  const c = input.comparison;
  if (c) {
    const d = (x: BaselineComparison['overall'][number]) => `${x.metric} ${n(x.current, 3)} vs ${n(x.baseline, 3)} (${x.relative === null ? 'n/a' : `${x.relative > 0 ? '+' : ''}${n(x.relative * 100)} %`}, ${x.direction})`;
    lines.push(`Against baseline run ${c.baselineRunId}: ${c.overall.map(d).join('; ')}.`);
    for (const e of c.endpoints.slice(0, 30)) lines.push(`- ${e.name}: ${e.deltas.map(d).join('; ')}`);
  }
  return redactSecrets(lines.join('\n'));
}

/** The one user message sent to the model: instructions, then the run's facts. */
export function buildExplainPrompt(input: ExplainInput): string {
  return [
    'You are a performance engineer explaining the result of a k6 load test to the developer who ran it.',
    'Use only the facts below (measured by InfluxDB; the findings come from deterministic rules). Do not invent numbers.',
    'Answer in plain text, at most about 250 words: 1) what happened, in two or three sentences;',
    '2) the most likely causes, ordered, each tied to a finding or a number; 3) the next steps to take.',
    'If nothing is wrong, say so briefly.',
    '',
    runContextText(input),
  ].join('\n');
}
