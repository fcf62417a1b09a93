import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanRoutesInDirectory } from '../../app/routes/workspaceRoutes';
import { type CliCommand, CliError, ExitCode } from '../command';
import { formatTable } from '../format';

export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'Find route handlers (FastAPI, Flask, Express, NestJS, Spring, Gin, Echo, chi) with their full paths across files',
  usage: 'metric-vault routes <dir|file> [--json]',
  options: {},
  positionals: true,
  async run(inv) {
    if (inv.positionals.length > 1) throw new CliError('give one folder or file', ExitCode.badInput);
    const target = path.resolve(inv.io.cwd, inv.positionals[0] ?? '.');
    if (!fs.existsSync(target)) throw new CliError(`${inv.positionals[0] ?? target} does not exist`, ExitCode.badInput);
    const routes = await scanRoutesInDirectory(target);
    if (inv.json) {
      inv.io.out(JSON.stringify(routes, null, 2));
      return ExitCode.ok;
    }
    if (routes.length === 0) {
      inv.io.out('No route handlers found (looked for FastAPI, Flask, Express, NestJS, Spring, Gin, Echo, chi and net/http routes).');
      return ExitCode.ok;
    }
    inv.io.out(formatTable(['FILE', 'LINE', 'FRAMEWORK', 'METHOD', 'PATH'], routes.map((r) => [r.file, String(r.line), r.framework, r.method, r.prefixUnknown ? `…${r.path}` : r.path])));
    if (routes.some((r) => r.prefixUnknown)) inv.io.out('…: part of the prefix is computed at run time; the path shown is what follows it.');
    return ExitCode.ok;
  },
};
