import type { Database } from 'better-sqlite3';
import type { ServerRecord } from '../../core/model';
import { orUndefined, parseJsonColumn } from './json';

interface ServerRow {
  id: string;
  kind: ServerRecord['kind'];
  name: string;
  base_url: string;
  spec_url: string | null;
  namespace: string | null;
  service: string | null;
  port: number | null;
  spec_hash: string | null;
  warnings: string;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: ServerRow): ServerRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  baseUrl: r.base_url,
  specUrl: orUndefined(r.spec_url),
  namespace: orUndefined(r.namespace),
  service: orUndefined(r.service),
  port: orUndefined(r.port),
  specHash: orUndefined(r.spec_hash),
  warnings: parseJsonColumn<string[]>(r.warnings, []),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ServersRepository {
  constructor(private readonly db: Database) {}

  upsert(s: ServerRecord): void {
    this.db
      .prepare(
        `INSERT INTO servers (id, kind, name, base_url, spec_url, namespace, service, port, spec_hash, warnings, created_at, updated_at)
         VALUES (@id, @kind, @name, @baseUrl, @specUrl, @namespace, @service, @port, @specHash, @warnings, @createdAt, @updatedAt)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, base_url = excluded.base_url,
           spec_url = excluded.spec_url, namespace = excluded.namespace, service = excluded.service, port = excluded.port,
           spec_hash = excluded.spec_hash, warnings = excluded.warnings, updated_at = excluded.updated_at`,
      )
      .run({
        ...s,
        specUrl: s.specUrl ?? null,
        namespace: s.namespace ?? null,
        service: s.service ?? null,
        port: s.port ?? null,
        specHash: s.specHash ?? null,
        warnings: JSON.stringify(s.warnings),
      });
  }

  get(id: string): ServerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE id = ?').get(id) as ServerRow | undefined;
    return row && fromRow(row);
  }

  list(kind?: ServerRecord['kind']): ServerRecord[] {
    const rows = kind
      ? this.db.prepare('SELECT * FROM servers WHERE kind = ? ORDER BY name').all(kind)
      : this.db.prepare('SELECT * FROM servers ORDER BY kind DESC, name').all();
    return (rows as ServerRow[]).map(fromRow);
  }

  /** Removes the server and, through the foreign key, its endpoints. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM servers WHERE id = ?').run(id).changes > 0;
  }
}
