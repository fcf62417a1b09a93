// What the analysis step says about a run (DESIGN.md "Findings"): deterministic findings with
// their evidence, computed from the run's windows, its pods' samples and its baseline.
// Pure types and helpers; the rules live beside this file, one module per source of evidence.

export type FindingSeverity = 'info' | 'warning' | 'critical';

export const findingKinds = [
  'throughput-plateau',
  'error-rate-increase',
  'early-failures',
  'latency-increase',
  'regression',
  'improvement',
  'cpu-near-limit',
  'memory-near-limit',
  'oom-killed',
  'restarts',
  'generator-saturated',
  'thresholds-failed',
  'high-cardinality',
] as const;
export type FindingKind = (typeof findingKinds)[number];

export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  /** One line: what happened. */
  title: string;
  /** The evidence: numbers and the time range they come from. */
  detail: string;
  /** ISO 8601: where the finding starts and ends in the run (the chart shades this). */
  from?: string;
  to?: string;
  /** The k6 `name` tag (`GET /pets/{petId}`) when the finding concerns one endpoint. */
  endpoint?: string;
  /** The pod when it concerns one. */
  pod?: string;
  /** What to do about it. */
  nextStep: string;
}

const rank: Record<FindingSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function severityAtLeast(s: FindingSeverity, min: FindingSeverity): boolean {
  return rank[s] >= rank[min];
}

/** Critical first, then warnings, then info; within a severity by start time. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) => rank[b.severity] - rank[a.severity] || (a.from ?? '').localeCompare(b.from ?? '') || a.kind.localeCompare(b.kind));
}

/** The highest severity among the findings, undefined when there are none. */
export function worstSeverity(list: readonly Finding[]): FindingSeverity | undefined {
  let worst: FindingSeverity | undefined;
  for (const f of list) if (!worst || rank[f.severity] > rank[worst]) worst = f.severity;
  return worst;
}

export function isFindingSeverity(v: unknown): v is FindingSeverity {
  return v === 'info' || v === 'warning' || v === 'critical';
}

/** Reads findings back from stored JSON, keeping only well-formed ones. */
export function parseFindings(v: unknown): Finding[] {
  if (!Array.isArray(v)) return [];
  return v.filter((f): f is Finding => {
    const x = f as Partial<Finding> | null;
    return (
      !!x &&
      typeof x === 'object' &&
      (findingKinds as readonly string[]).includes(x.kind as string) &&
      isFindingSeverity(x.severity) &&
      typeof x.title === 'string' &&
      typeof x.detail === 'string' &&
      typeof x.nextStep === 'string'
    );
  });
}

export const isoOf = (ms: number): string => new Date(ms).toISOString();

/** `12:03:10` (UTC) for details; the ISO time goes in from/to. */
export const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

export const fmtMs = (ms: number | null): string => (ms === null ? '-' : ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
export const fmtPct = (r: number): string => `${(r * 100).toFixed(r < 0.1 ? 1 : 0)} %`;
export const fmtRate = (r: number): string => (r >= 100 ? r.toFixed(0) : r.toFixed(1));

/** A p-value as evidence: `= 0.0031`, or `< 0.0001` when smaller. */
export const fmtP = (p: number): string => (p < 1e-4 ? '< 0.0001' : `= ${p.toPrecision(2)}`);
