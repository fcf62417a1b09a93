// Turns "run this script" into everything the cluster engines submit: the run id, the
// engine, the manifests, and every reason not to submit them. No cluster is touched here,
// which is what lets `metric-vault render` print the same manifests a run would create.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunEngine } from '../../core/model';
import { newRunId } from '../../core/manifests/runId';
import { type RenderedRun, renderRun } from '../../core/manifests/render';
import type { RunManifestSpec } from '../../core/manifests/runSpec';
import type { ScriptBundle } from '../../core/manifests/scriptBundle';
import { readScriptBundle } from '../../infra/k6/scriptFiles';
import type { ScriptAnalysis, ScriptAnalyzer } from './scriptAnalysis';
import type { RunSettings } from './runSettings';

export interface RunRequest {
  /** Absolute path of the script on this machine. */
  scriptFile: string;
  /** How the script is named to teammates (workspace-relative); defaults to the file name. */
  displayPath?: string;
  /** Overrides of the settings for this run. */
  engine?: 'job' | 'k6-operator';
  parallelism?: number;
  namespace?: string;
  /** Base URL of the service under test (BASE_URL in the script). */
  target?: string;
  /** Endpoint keys; read from the script's request names when not given. */
  endpoints?: string[];
  /** The registered server the script targets (its API token is looked up by it). */
  serverId?: string;
  /** A fixed id (tests, `render --testid`); a fresh one otherwise. */
  runId?: string;
}

export interface ClusterPlan {
  runId: string;
  engine: Exclude<RunEngine, 'local'>;
  spec: RunManifestSpec;
  bundle: ScriptBundle;
  rendered: RenderedRun;
  analysis: ScriptAnalysis;
  /** Blocking: nothing may be created while any is present. */
  problems: string[];
  warnings: string[];
}

export function freshRunId(): string {
  return newRunId(new Date(), (n) => randomBytes(n));
}

/** `job` with more than one generator becomes an Indexed Job. */
export function clusterEngine(engine: 'job' | 'k6-operator', parallelism: number): Exclude<RunEngine, 'local'> {
  if (engine === 'k6-operator') return 'k6-operator';
  return parallelism > 1 ? 'indexed-job' : 'job';
}

export function analyzeScriptFile(scriptFile: string, analyzer: ScriptAnalyzer): { text?: string; analysis: ScriptAnalysis } {
  let text: string;
  try {
    text = fs.readFileSync(scriptFile, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    return { analysis: { errors: [`The script ${scriptFile} ${reason}.`], warnings: [], endpoints: [] } };
  }
  return { text, analysis: analyzer(text, path.basename(scriptFile)) };
}

export function planClusterRun(req: RunRequest, settings: RunSettings, analyzer: ScriptAnalyzer): ClusterPlan {
  const scriptFile = path.resolve(req.scriptFile);
  const { analysis } = analyzeScriptFile(scriptFile, analyzer);
  const parallelism = req.parallelism ?? settings.parallelism;
  const engine = clusterEngine(req.engine ?? settings.distributedEngine, parallelism);
  const runId = req.runId ?? freshRunId();
  const spec: RunManifestSpec = {
    runId,
    namespace: req.namespace ?? settings.namespace,
    engine,
    parallelism: engine === 'job' ? 1 : parallelism,
    image: settings.image,
    resources: { cpu: settings.cpu, memory: settings.memory },
    influx: { inClusterUrl: settings.influx.inClusterUrl, database: settings.influx.database },
    durationSeconds: analysis.durationSeconds,
    scriptPath: req.displayPath ?? path.basename(scriptFile),
    endpoints: req.endpoints ?? analysis.endpoints,
    target: req.target,
    ...(settings.jobTtlSeconds !== undefined ? { ttlSecondsAfterFinished: settings.jobTtlSeconds } : {}),
  };
  const bundle = fs.existsSync(scriptFile) ? readScriptBundle(scriptFile) : { entry: path.basename(scriptFile), files: [], problems: [], warnings: [] };
  const rendered = renderRun(spec, bundle);
  return {
    runId,
    engine,
    spec,
    bundle,
    rendered,
    analysis,
    problems: [...analysis.errors, ...rendered.problems],
    warnings: [...analysis.warnings, ...rendered.warnings],
  };
}
