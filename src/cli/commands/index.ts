// The subcommand table: one file per command.
import type { CliCommand } from '../command';
import { generateCommand } from './generate';
import { openapiCommand } from './openapi';
import { podsCommand } from './pods';
import { renderCommand } from './render';
import { reportCommand } from './report';
import { routesCommand } from './routes';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { serversCommand } from './servers';
import { summaryCommand } from './summary';

export const commands: CliCommand[] = [
  openapiCommand,
  serversCommand,
  routesCommand,
  generateCommand,
  podsCommand,
  renderCommand,
  runCommand,
  summaryCommand,
  reportCommand,
  runsCommand,
];
