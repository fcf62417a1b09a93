import type { Database } from 'better-sqlite3';
import type { EndpointRecord } from '../../core/model';
import { orUndefined, parseJsonColumn } from './json';

interface EndpointRow {
  id: number;
  server_id: string;
  method: string;
  path: string;
  operation_id: string | null;
  tag: string;
  summary: string | null;
  deprecated: number;
  spec_hash: string;
  detail_json: string;
}

const fromRow = (r: EndpointRow): EndpointRecord => ({
  id: r.id,
  serverId: r.server_id,
  method: r.method,
  path: r.path,
  operationId: orUndefined(r.operation_id),
  tag: r.tag,
  summary: orUndefined(r.summary),
  deprecated: r.deprecated === 1,
  specHash: r.spec_hash,
  detail: parseJsonColumn<unknown>(r.detail_json, {}),
});

export class EndpointsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Replaces a server's endpoints with those of one document, atomically, unless they already
   * came from a document with the same hash (then nothing is rewritten). Returns whether it wrote.
   */
  replaceForServer(serverId: string, specHash: string, endpoints: readonly Omit<EndpointRecord, 'serverId' | 'specHash'>[]): boolean {
    const current = this.db.prepare('SELECT spec_hash FROM endpoints WHERE server_id = ? LIMIT 1').get(serverId) as
      | { spec_hash: string }
      | undefined;
    if (current?.spec_hash === specHash) return false;
    const insert = this.db.prepare(
      `INSERT INTO endpoints (server_id, method, path, operation_id, tag, summary, deprecated, spec_hash, detail_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM endpoints WHERE server_id = ?').run(serverId);
      for (const e of endpoints) {
        insert.run(serverId, e.method, e.path, e.operationId ?? null, e.tag, e.summary ?? null, e.deprecated ? 1 : 0, specHash, JSON.stringify(e.detail ?? {}));
      }
    })();
    return true;
  }

  listByServer(serverId: string): EndpointRecord[] {
    const rows = this.db.prepare('SELECT * FROM endpoints WHERE server_id = ? ORDER BY tag, path, method').all(serverId);
    return (rows as EndpointRow[]).map(fromRow);
  }

  find(serverId: string, method: string, path: string): EndpointRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM endpoints WHERE server_id = ? AND method = ? AND path = ? LIMIT 1')
      .get(serverId, method.toUpperCase(), path) as EndpointRow | undefined;
    return row && fromRow(row);
  }

  /** Every server's operation with this method and path (route lenses match across servers). */
  findAnywhere(method: string, path: string): EndpointRecord[] {
    const rows = this.db.prepare('SELECT * FROM endpoints WHERE method = ? AND path = ?').all(method.toUpperCase(), path);
    return (rows as EndpointRow[]).map(fromRow);
  }

  /** How many operations a server has, without reading them. */
  countForServer(serverId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM endpoints WHERE server_id = ?').get(serverId) as { n: number }).n;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM endpoints').get() as { n: number }).n;
  }
}
