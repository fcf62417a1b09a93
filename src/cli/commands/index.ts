// The subcommand table. A subcommand whose issue has not landed yet says so and exits 1.
import { type CliCommand, CliError, ExitCode } from '../command';
import { generateCommand } from './generate';
import { openapiCommand } from './openapi';
import { podsCommand } from './pods';
import { renderCommand } from './render';
import { routesCommand } from './routes';
import { runsCommand } from './runs';
import { serversCommand } from './servers';
import { summaryCommand } from './summary';

function arrivesLater(name: string, summary: string, usage: string, issue: number): CliCommand {
  return {
    name,
    summary: `${summary} (not available yet)`,
    usage,
    options: {},
    positionals: true,
    async run() {
      throw new CliError(`"metric-vault ${name}" is not available in this version yet (tracked in issue #${issue}).`, ExitCode.failed);
    },
  };
}

export const commands: CliCommand[] = [
  openapiCommand,
  serversCommand,
  routesCommand,
  generateCommand,
  podsCommand,
  renderCommand,
  arrivesLater('run', 'Run a k6 script in the cluster or locally', 'metric-vault run --script FILE [--target cluster|local] [--wait] [--json]', 6),
  summaryCommand,
  runsCommand,
];
