// What the run needs to know about a script before submitting it: does it validate, how
// long will it run (for the Job's deadline), which endpoints does it exercise. The k6 area
// owns script validation and duration estimation; this is the one place that calls it.
import * as fs from 'node:fs';
import { type Diagnostic, estimateDurationSeconds, validateScript } from '../../core/k6/index';
import { parseScript, scriptShape, type StaticValue, toPlain } from '../../core/k6/staticOptions';
import type { ThresholdSpec } from '../../core/metrics/thresholds';
import { endpointsInScript } from '../../core/runs/scriptEndpoints';

export interface ScriptAnalysis {
  /** Problems that make k6 refuse the script: the run is not submitted. */
  errors: string[];
  warnings: string[];
  /** Expected run time from the script's options; undefined when not computable. */
  durationSeconds?: number;
  endpoints: string[];
}

export type ScriptAnalyzer = (text: string, fileName: string) => ScriptAnalysis;

/** The k6 area's validator (k6's own option rules) and duration estimate. */
export const k6ScriptAnalyzer: ScriptAnalyzer = (text) => {
  const diagnostics = validateScript(text);
  const at = (d: Diagnostic) => `line ${d.line}:${d.column}: ${d.message}`;
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').map(at),
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(at),
    durationSeconds: estimateDurationSeconds(text),
    endpoints: endpointsInScript(text),
  };
};

/** The analyzer runs use. */
export const defaultScriptAnalyzer: ScriptAnalyzer = k6ScriptAnalyzer;

/** The script's `options.thresholds` when they can be read without running it. */
export function thresholdsOf(text: string): ThresholdSpec | undefined {
  let options: StaticValue | undefined;
  try {
    options = scriptShape(parseScript(text)).options;
  } catch {
    return undefined;
  }
  if (options?.kind !== 'object') return undefined;
  const t = options.props.get('thresholds');
  const plain = t ? toPlain(t.value) : undefined;
  if (!plain || typeof plain !== 'object' || Array.isArray(plain)) return undefined;
  const out: Record<string, (string | { threshold: string })[]> = {};
  for (const [metric, list] of Object.entries(plain as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    out[metric] = list.filter((x): x is string | { threshold: string } => typeof x === 'string' || (typeof x === 'object' && x !== null && typeof (x as { threshold?: unknown }).threshold === 'string'));
  }
  return out;
}

/** The thresholds of the script file a run used; undefined when it cannot be read (moved, a teammate's). */
export function thresholdsOfFile(file: string): ThresholdSpec | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return text ? thresholdsOf(text) : undefined;
}
