import * as path from 'node:path';
import { stringify } from 'yaml';
import { planClusterRun } from '../../app/runs/plan';
import { defaultRunSettings } from '../../app/runs/runSettings';
import { defaultScriptAnalyzer } from '../../app/runs/scriptAnalysis';
import { type CliCommand, CliError, ExitCode, intOption, scriptOption, stringOption } from '../command';

/** Relative to where the command runs when the script is below it; the file name otherwise. */
export function displayPath(cwd: string, script: string): string {
  const rel = path.relative(cwd, script);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : path.basename(script);
}

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Print the Kubernetes manifests for a script',
  usage: 'metric-vault render [--script] FILE [--namespace NS] [--engine job|k6-operator] [--parallelism N] [--image IMAGE] [--testid ID] [--json]',
  positionals: true,
  options: {
    script: { type: 'string' },
    namespace: { type: 'string' },
    engine: { type: 'string' },
    parallelism: { type: 'string' },
    image: { type: 'string' },
    testid: { type: 'string' },
    target: { type: 'string' },
  },
  async run(inv) {
    const script = path.resolve(inv.io.cwd, scriptOption(inv));
    const engine = stringOption(inv, 'engine') ?? 'job';
    if (engine !== 'job' && engine !== 'k6-operator') throw new CliError(`--engine must be "job" or "k6-operator", got "${engine}"`, ExitCode.badInput);
    const settings = { ...defaultRunSettings, image: stringOption(inv, 'image') ?? defaultRunSettings.image };
    const plan = planClusterRun(
      {
        scriptFile: script,
        displayPath: displayPath(inv.io.cwd, script),
        engine,
        parallelism: intOption(inv, 'parallelism'),
        namespace: stringOption(inv, 'namespace'),
        runId: stringOption(inv, 'testid'),
        target: stringOption(inv, 'target'),
      },
      settings,
      defaultScriptAnalyzer,
    );
    if (plan.problems.length > 0) throw new CliError(`cannot render ${path.basename(script)}:\n  ${plan.problems.join('\n  ')}`, ExitCode.badInput);
    for (const w of plan.warnings) inv.io.err(`warning: ${w}`);
    const objects = [plan.rendered.configMap, plan.rendered.workload];
    if (inv.json) inv.io.out(JSON.stringify({ runId: plan.runId, engine: plan.engine, objects, warnings: plan.warnings }, null, 2));
    else inv.io.out(objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd()).join('\n---\n'));
    return ExitCode.ok;
  },
};
