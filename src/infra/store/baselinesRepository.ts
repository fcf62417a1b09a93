import type { Database } from 'better-sqlite3';
import type { BaselineRecord } from '../../core/model';

export class BaselinesRepository {
  constructor(private readonly db: Database) {}

  /** Makes `runId` the run that `endpointKey`'s later runs are compared against. */
  set(endpointKey: string, runId: string, at = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO baselines (endpoint_key, run_id, created_at) VALUES (?, ?, ?)
         ON CONFLICT(endpoint_key) DO UPDATE SET run_id = excluded.run_id, created_at = excluded.created_at`,
      )
      .run(endpointKey, runId, at);
  }

  get(endpointKey: string): BaselineRecord | undefined {
    const r = this.db.prepare('SELECT * FROM baselines WHERE endpoint_key = ?').get(endpointKey) as
      | { endpoint_key: string; run_id: string; created_at: number }
      | undefined;
    return r && { endpointKey: r.endpoint_key, runId: r.run_id, createdAt: r.created_at };
  }

  clear(endpointKey: string): boolean {
    return this.db.prepare('DELETE FROM baselines WHERE endpoint_key = ?').run(endpointKey).changes > 0;
  }
}
