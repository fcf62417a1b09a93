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

  get(runId: string): RunSummaryRecord | undefined {
    const r = this.db.prepare('SELECT * FROM run_summaries WHERE run_id = ?').get(runId) as SummaryRow | undefined;
    return r && { runId: r.run_id, verdict: r.verdict, summary: parseJsonColumn<unknown>(r.summary_json, {}), createdAt: r.created_at };
  }
}
