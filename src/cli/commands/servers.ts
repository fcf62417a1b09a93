// `metric-vault servers add|list|remove`: external servers in the same database the
// extension reads, so a script (the demo) can register a server the Endpoints view shows.
import { InputError, refreshServer, registerExternalServer, removeServer } from '../../app/endpoints/servers';
import { withStore } from '../../app/storeAccess';
import { isOpenApiError } from '../../infra/openapi/index';
import { type CliCommand, type CliInvocation, CliError, ExitCode, stringOption } from '../command';
import { formatTable } from '../format';
import { printable } from './openapi';
import { countOf } from '../../core/plural';

const usage = [
  'metric-vault servers add --url BASE [--spec URL|FILE] [--name NAME] [--db PATH] [--json]',
  '       metric-vault servers list [--db PATH] [--json]',
  '       metric-vault servers refresh ID [--db PATH] [--json]',
  '       metric-vault servers remove ID [--db PATH]',
].join('\n');

export const serversCommand: CliCommand = {
  name: 'servers',
  summary: 'Register, list, refresh and remove external servers (shown in the Endpoints view)',
  usage,
  options: { url: { type: 'string' }, spec: { type: 'string' }, name: { type: 'string' } },
  positionals: true,
  async run(inv) {
    const [sub, ...args] = inv.positionals;
    switch (sub) {
      case 'add':
        return add(inv);
      case 'list':
      case undefined:
        return list(inv);
      case 'refresh':
        return refresh(inv, args[0]);
      case 'remove':
        return remove(inv, args[0]);
      default:
        throw new CliError(`unknown subcommand "${sub}"\nUsage: ${usage}`, ExitCode.badInput);
    }
  },
};

async function add(inv: CliInvocation): Promise<number> {
  const baseUrl = stringOption(inv, 'url', true);
  const result = await withStore(inv.dbPath, inv.io.err, async (store) => {
    try {
      return await registerExternalServer(store, { baseUrl, specUrl: stringOption(inv, 'spec'), name: stringOption(inv, 'name') });
    } catch (err) {
      if (err instanceof InputError || isOpenApiError(err)) throw new CliError(printable(err.message), ExitCode.badInput);
      throw err;
    }
  });
  const operations = result.document?.operations.length ?? 0;
  if (inv.json) inv.io.out(JSON.stringify({ server: result.server, operations, changed: result.changed }, null, 2));
  else {
    inv.io.out(printable(`Registered ${result.server.name} (${result.server.id}) at ${result.server.baseUrl}: ${countOf(operations, 'operation')} from ${result.server.specUrl}.`));
    for (const w of result.server.warnings) inv.io.out(printable(`warning: ${w}`));
  }
  return ExitCode.ok;
}

async function list(inv: CliInvocation): Promise<number> {
  const rows = await withStore(inv.dbPath, inv.io.err, (store) => store.servers.list().map((s) => ({ ...s, operations: store.endpoints.countForServer(s.id) })));
  if (inv.json) {
    inv.io.out(JSON.stringify(rows, null, 2));
    return ExitCode.ok;
  }
  if (rows.length === 0) {
    inv.io.out('No servers registered. Add one with: metric-vault servers add --url http://127.0.0.1:8000');
    return ExitCode.ok;
  }
  inv.io.out(printable(formatTable(['ID', 'KIND', 'NAME', 'BASE URL', 'OPS', 'WARNINGS'], rows.map((r) => [r.id, r.kind, r.name, r.baseUrl, String(r.operations), String(r.warnings.length)]))));
  return ExitCode.ok;
}

async function refresh(inv: CliInvocation, id: string | undefined): Promise<number> {
  if (!id) throw new CliError(`give the server id\nUsage: ${usage}`, ExitCode.badInput);
  const result = await withStore(inv.dbPath, inv.io.err, async (store) => {
    try {
      return await refreshServer(store, id);
    } catch (err) {
      if (err instanceof InputError) throw new CliError(err.message, ExitCode.badInput);
      throw err;
    }
  });
  if (inv.json) inv.io.out(JSON.stringify({ server: result.server, changed: result.changed, error: result.error ?? null }, null, 2));
  else inv.io.out(result.error ? printable(`Could not refresh ${id}: ${result.error}`) : result.changed ? `Refreshed ${id}: the document changed.` : `Refreshed ${id}: unchanged.`);
  return result.error ? ExitCode.failed : ExitCode.ok;
}

async function remove(inv: CliInvocation, id: string | undefined): Promise<number> {
  if (!id) throw new CliError(`give the server id\nUsage: ${usage}`, ExitCode.badInput);
  const removed = await withStore(inv.dbPath, inv.io.err, (store) => removeServer(store, id));
  if (!removed) throw new CliError(`no server with id "${id}" (see: metric-vault servers list)`, ExitCode.badInput);
  if (inv.json) inv.io.out(JSON.stringify({ removed: id }));
  else inv.io.out(`Removed ${id} and its endpoints.`);
  return ExitCode.ok;
}
