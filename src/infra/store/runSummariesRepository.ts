import type { Database } from 'better-sqlite3';
import type { RunSummaryRecord } from '../../core/model';
import { parseJsonColumn } from './json';

interface SummaryRow {
  run_id: string;
  verdict: RunSummaryRecord['verdict'];
  summary_json: string;
  created_at: number;
}

export class RunSummariesRepository {
  constructor(private readonly db: Database) {}

  save(s: RunSummaryRecord): void {
    this.db
      .prepare(
        `INSERT INTO run_summaries (run_id, verdict, summary_json, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(run_id) DO UPDATE SET verdict = excluded.verdict, summary_json = excluded.summary_json, created_at = excluded.created_at`,
      )
      .run(s.runId, s.verdict, JSON.stringify(s.summary), s.createdAt);
  }

  /** The verdicts of these runs (those that have a summary), without reading the summaries. */
  verdicts(runIds: readonly string[]): Map<string, RunSummaryRecord['verdict']> {
    if (runIds.length === 0) return new Map();
    const rows = this.db
      .prepare(`SELECT run_id, verdict FROM run_summaries WHERE run_id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(runIds)) as { run_id: string; verdict: RunSummaryRecord['verdict'] }[];
    return new Map(rows.map((r) => [r.run_id, r.verdict]));
  }

  get(runId: string): RunSummaryRecord | undefined {
    const r = this.db.prepare('SELECT * FROM run_summaries WHERE run_id = ?').get(runId) as SummaryRow | undefined;
    return r && { runId: r.run_id, verdict: r.verdict, summary: parseJsonColumn<unknown>(r.summary_json, {}), createdAt: r.created_at };
  }
}
