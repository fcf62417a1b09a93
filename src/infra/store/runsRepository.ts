import type { Database } from 'better-sqlite3';
import { activeRunStates, type RunRecord, type RunState } from '../../core/model';
import { orUndefined, parseJsonColumn } from './json';

interface RunRow {
  id: string;
  script_path: string;
  engine: RunRecord['engine'];
  state: RunState;
  reason: string | null;
  target: string | null;
  namespace: string | null;
  k8s_objects: string;
  endpoints: string;
  exit_code: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  owner_pid: number | null;
  owner_start: string | null;
  owner_host: string | null;
  git_commit: string | null;
}

const fromRow = (r: RunRow): RunRecord => ({
  id: r.id,
  scriptPath: r.script_path,
  engine: r.engine,
  state: r.state,
  reason: orUndefined(r.reason),
  target: orUndefined(r.target),
  namespace: orUndefined(r.namespace),
  k8sObjects: parseJsonColumn<string[]>(r.k8s_objects, []),
  endpoints: parseJsonColumn<string[]>(r.endpoints, []),
  exitCode: orUndefined(r.exit_code),
  createdAt: r.created_at,
  startedAt: orUndefined(r.started_at),
  finishedAt: orUndefined(r.finished_at),
  gitCommit: orUndefined(r.git_commit),
  owner: r.owner_pid !== null && r.owner_start !== null && r.owner_host !== null ? { pid: r.owner_pid, start: r.owner_start, host: r.owner_host } : undefined,
});

const terminalStates = ['finished', 'failed', 'stopped'];

export type RunUpdate = Partial<Pick<RunRecord, 'state' | 'reason' | 'k8sObjects' | 'exitCode' | 'startedAt' | 'finishedAt' | 'target'>>;

export class RunsRepository {
  constructor(private readonly db: Database) {}

  insert(r: RunRecord): void {
    this.write('INSERT', r);
  }

  /** Inserts unless a run with this id is recorded (another process adopted it first); true when inserted. */
  insertIfAbsent(r: RunRecord): boolean {
    return this.write('INSERT OR IGNORE', r) > 0;
  }

  private write(verb: 'INSERT' | 'INSERT OR IGNORE', r: RunRecord): number {
    return this.db
      .prepare(
        `${verb} INTO runs (id, script_path, engine, state, reason, target, namespace, k8s_objects, endpoints, exit_code, created_at, started_at, finished_at, owner_pid, owner_start, owner_host, git_commit)
         VALUES (@id, @scriptPath, @engine, @state, @reason, @target, @namespace, @k8sObjects, @endpoints, @exitCode, @createdAt, @startedAt, @finishedAt, @ownerPid, @ownerStart, @ownerHost, @gitCommit)`,
      )
      .run({
        ...r,
        reason: r.reason ?? null,
        target: r.target ?? null,
        namespace: r.namespace ?? null,
        k8sObjects: JSON.stringify(r.k8sObjects),
        endpoints: JSON.stringify(r.endpoints),
        exitCode: r.exitCode ?? null,
        startedAt: r.startedAt ?? null,
        finishedAt: r.finishedAt ?? null,
        ownerPid: r.owner?.pid ?? null,
        ownerStart: r.owner?.start ?? null,
        ownerHost: r.owner?.host ?? null,
        gitCommit: r.gitCommit ?? null,
        owner: undefined,
      }).changes;
  }

  /**
   * Records a run's end only if no one recorded one before (another process watching the same
   * run): the record and true when this call ended it, the record as it is and false otherwise.
   */
  end(id: string, change: RunUpdate): { run: RunRecord | undefined; ended: boolean } {
    const placeholders = terminalStates.map(() => '?').join(', ');
    return this.db
      .transaction(() => {
        const row = this.db.prepare(`SELECT state FROM runs WHERE id = ? AND state NOT IN (${placeholders})`).get(id, ...terminalStates);
        if (!row) return { run: this.get(id), ended: false };
        return { run: this.update(id, change), ended: true };
      })
      .immediate();
  }

  update(id: string, change: RunUpdate): RunRecord | undefined {
    const columns: Record<keyof RunUpdate, string> = {
      state: 'state',
      reason: 'reason',
      k8sObjects: 'k8s_objects',
      exitCode: 'exit_code',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      target: 'target',
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(change) as [keyof RunUpdate, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${columns[key]} = ?`);
      values.push(key === 'k8sObjects' ? JSON.stringify(value) : value);
    }
    if (sets.length > 0) this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.get(id);
  }

  get(id: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && fromRow(row);
  }

  /** Active runs first (newest first), then history, newest first. */
  list(limit = 200): RunRecord[] {
    const placeholders = activeRunStates.map(() => '?').join(', ');
    const rows = this.db
      .prepare(
        `SELECT * FROM runs ORDER BY CASE WHEN state IN (${placeholders}) THEN 0 ELSE 1 END, created_at DESC LIMIT ?`,
      )
      .all(...activeRunStates, limit);
    return (rows as RunRow[]).map(fromRow);
  }

  listActive(): RunRecord[] {
    const placeholders = activeRunStates.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT * FROM runs WHERE state IN (${placeholders}) ORDER BY created_at`).all(...activeRunStates);
    return (rows as RunRow[]).map(fromRow);
  }

  /** The newest finished run that exercised this endpoint key (`GET /pets/{petId}`). */
  latestForEndpoint(endpointKey: string): RunRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT runs.* FROM runs, json_each(runs.endpoints) AS e
         WHERE e.value = ? AND runs.state IN ('finished', 'failed') ORDER BY runs.created_at DESC LIMIT 1`,
      )
      .get(endpointKey) as RunRow | undefined;
    return row && fromRow(row);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
  }
}
