// One monitor per cluster run across processes (editor windows, the CLI): the process that
// watches a run holds a lease row and renews it; the others follow the database and take the
// lease over only once it has expired (its holder crashed, froze or closed).
import type { Database } from 'better-sqlite3';

export class RunLeasesRepository {
  constructor(private readonly db: Database) {}

  /**
   * Takes or renews the lease of a run until `now + ttlMs`: true when `holder` holds it after
   * the call (it was free, expired, or already ours). Atomic: one statement.
   */
  acquire(runId: string, holder: string, now: number, ttlMs: number): boolean {
    const r = this.db
      .prepare(
        `INSERT INTO run_leases (run_id, holder, expires_at) VALUES (@runId, @holder, @expiresAt)
         ON CONFLICT(run_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE run_leases.holder = excluded.holder OR run_leases.expires_at <= @now`,
      )
      .run({ runId, holder, expiresAt: now + ttlMs, now });
    return r.changes > 0;
  }

  /** Gives the lease up (this process stops watching the run); a no-op when another holds it. */
  release(runId: string, holder: string): void {
    this.db.prepare('DELETE FROM run_leases WHERE run_id = ? AND holder = ?').run(runId, holder);
  }

  holderOf(runId: string, now: number): string | undefined {
    const row = this.db.prepare('SELECT holder FROM run_leases WHERE run_id = ? AND expires_at > ?').get(runId, now) as { holder: string } | undefined;
    return row?.holder;
  }
}
