import type { Database } from 'better-sqlite3';
import type { ResourceSampleRecord } from '../../core/model';
import { orUndefined } from './json';

interface SampleRow {
  run_id: string | null;
  pod: string;
  ts: number;
  cpu_millicores: number | null;
  memory_mb: number | null;
  cpu_request_millicores: number | null;
  cpu_limit_millicores: number | null;
  memory_request_mb: number | null;
  memory_limit_mb: number | null;
  cpu_is_predicted: number;
  memory_is_predicted: number;
  role: string;
  restarts: number | null;
  last_terminated_reason: string | null;
}

const fromRow = (r: SampleRow): ResourceSampleRecord => ({
  runId: orUndefined(r.run_id),
  pod: r.pod,
  ts: r.ts,
  cpuMillicores: r.cpu_millicores,
  memoryMb: r.memory_mb,
  cpuRequestMillicores: r.cpu_request_millicores,
  cpuLimitMillicores: r.cpu_limit_millicores,
  memoryRequestMb: r.memory_request_mb,
  memoryLimitMb: r.memory_limit_mb,
  cpuIsPredicted: r.cpu_is_predicted === 1,
  memoryIsPredicted: r.memory_is_predicted === 1,
  role: r.role === 'generator' ? 'generator' : 'target',
  restarts: r.restarts,
  lastTerminatedReason: r.last_terminated_reason,
});

export class ResourceSamplesRepository {
  constructor(private readonly db: Database) {}

  /** Stores samples; a second sample for the same pod, instant and run replaces the first. */
  add(samples: readonly ResourceSampleRecord[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO resource_samples (run_id, pod, ts, cpu_millicores, memory_mb, cpu_request_millicores,
         cpu_limit_millicores, memory_request_mb, memory_limit_mb, cpu_is_predicted, memory_is_predicted,
         role, restarts, last_terminated_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const s of samples) {
        insert.run(
          s.runId ?? null, s.pod, s.ts, s.cpuMillicores, s.memoryMb, s.cpuRequestMillicores, s.cpuLimitMillicores,
          s.memoryRequestMb, s.memoryLimitMb, s.cpuIsPredicted ? 1 : 0, s.memoryIsPredicted ? 1 : 0,
          s.role ?? 'target', s.restarts ?? null, s.lastTerminatedReason ?? null,
        );
      }
    })();
  }

  /** A run's samples in time order, optionally only those after `sinceTs` (exclusive). */
  listForRun(runId: string, sinceTs = -Infinity): ResourceSampleRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM resource_samples WHERE run_id = ? AND ts > ? ORDER BY ts, pod')
      .all(runId, Number.isFinite(sinceTs) ? sinceTs : -1) as SampleRow[];
    return rows.map(fromRow);
  }
}
