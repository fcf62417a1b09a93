import type { Database } from 'better-sqlite3';
import type { ScriptRecord } from '../../core/model';
import { orUndefined, parseJsonColumn } from './json';

interface ScriptRow {
  path: string;
  server_id: string | null;
  endpoints: string;
  profile: string | null;
  created_at: number;
}

const fromRow = (r: ScriptRow): ScriptRecord => ({
  path: r.path,
  serverId: orUndefined(r.server_id),
  endpoints: parseJsonColumn<string[]>(r.endpoints, []),
  profile: orUndefined(r.profile),
  createdAt: r.created_at,
});

export class ScriptsRepository {
  constructor(private readonly db: Database) {}

  upsert(s: ScriptRecord): void {
    this.db
      .prepare(
        `INSERT INTO scripts (path, server_id, endpoints, profile, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET server_id = excluded.server_id, endpoints = excluded.endpoints, profile = excluded.profile`,
      )
      .run(s.path, s.serverId ?? null, JSON.stringify(s.endpoints), s.profile ?? null, s.createdAt);
  }

  get(path: string): ScriptRecord | undefined {
    const row = this.db.prepare('SELECT * FROM scripts WHERE path = ?').get(path) as ScriptRow | undefined;
    return row && fromRow(row);
  }

  list(): ScriptRecord[] {
    return (this.db.prepare('SELECT * FROM scripts ORDER BY created_at DESC').all() as ScriptRow[]).map(fromRow);
  }

  delete(path: string): boolean {
    return this.db.prepare('DELETE FROM scripts WHERE path = ?').run(path).changes > 0;
  }
}
