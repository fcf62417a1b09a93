import { listRunsIn } from '../../app/runs';
import { withStore } from '../../app/storeAccess';
import { type CliCommand, ExitCode, intOption } from '../command';
import { formatTable } from '../format';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'List recorded load-test runs, running ones first',
  usage: 'metric-vault runs [--limit N] [--json] [--db PATH]',
  options: { limit: { type: 'string' } },
  async run(inv) {
    const limit = intOption(inv, 'limit') ?? 50;
    const runs = await withStore(inv.dbPath, inv.io.err, (store) => listRunsIn(store, limit));
    if (inv.json) {
      inv.io.out(JSON.stringify(runs, null, 2));
      return ExitCode.ok;
    }
    if (runs.length === 0) {
      inv.io.out('No runs recorded yet. Create one with "metric-vault generate" and "metric-vault run".');
      return ExitCode.ok;
    }
    inv.io.out(
      formatTable(
        ['ID', 'STATE', 'ENGINE', 'SCRIPT', 'STARTED', 'VERDICT'],
        runs.map((r) => [r.id, r.state, r.engine, r.scriptPath, r.startedAt ? new Date(r.startedAt).toISOString() : '-', r.verdict ?? '-']),
      ),
    );
    return ExitCode.ok;
  },
};
