// Versioned schema. `PRAGMA user_version` records how many migrations a file has seen; a
// migration is never edited once released — a change is a new entry at the end.
import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'servers, endpoints, scripts, runs, run summaries',
    up(db) {
      db.exec(`
        CREATE TABLE servers (
          id          TEXT PRIMARY KEY,
          kind        TEXT NOT NULL CHECK (kind IN ('cluster', 'external')),
          name        TEXT NOT NULL,
          base_url    TEXT NOT NULL,
          spec_url    TEXT,
          namespace   TEXT,
          service     TEXT,
          port        INTEGER,
          spec_hash   TEXT,
          created_at  INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL
        );
        CREATE TABLE endpoints (
          id            INTEGER PRIMARY KEY,
          server_id     TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
          method        TEXT NOT NULL,
          path          TEXT NOT NULL,
          operation_id  TEXT,
          tag           TEXT NOT NULL,
          summary       TEXT,
          deprecated    INTEGER NOT NULL DEFAULT 0,
          spec_hash     TEXT NOT NULL,
          detail_json   TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX endpoints_by_server ON endpoints(server_id, tag);
        CREATE TABLE scripts (
          path        TEXT PRIMARY KEY,
          server_id   TEXT,
          endpoints   TEXT NOT NULL DEFAULT '[]',
          profile     TEXT,
          created_at  INTEGER NOT NULL
        );
        CREATE TABLE runs (
          id            TEXT PRIMARY KEY,
          script_path   TEXT NOT NULL,
          engine        TEXT NOT NULL,
          state         TEXT NOT NULL,
          target        TEXT,
          namespace     TEXT,
          k8s_objects   TEXT NOT NULL DEFAULT '[]',
          created_at    INTEGER NOT NULL,
          started_at    INTEGER,
          finished_at   INTEGER
        );
        CREATE INDEX runs_by_state ON runs(state, created_at);
        CREATE TABLE run_summaries (
          run_id        TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          verdict       TEXT NOT NULL,
          summary_json  TEXT NOT NULL,
          created_at    INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: 'run reasons and endpoints, server warnings, resource samples, baselines',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN reason TEXT;
        ALTER TABLE runs ADD COLUMN endpoints TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE runs ADD COLUMN exit_code INTEGER;
        ALTER TABLE servers ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE resource_samples (
          run_id                 TEXT,
          pod                    TEXT NOT NULL,
          ts                     INTEGER NOT NULL,
          cpu_millicores         REAL,
          memory_mb              REAL,
          cpu_request_millicores REAL,
          cpu_limit_millicores   REAL,
          memory_request_mb      REAL,
          memory_limit_mb        REAL,
          cpu_is_predicted       INTEGER NOT NULL DEFAULT 0,
          memory_is_predicted    INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (pod, ts, run_id)
        );
        CREATE INDEX resource_samples_by_run ON resource_samples(run_id, ts);
        CREATE TABLE baselines (
          endpoint_key  TEXT PRIMARY KEY,
          run_id        TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          created_at    INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    description: 'pod samples: role (target or k6 generator), restarts and last termination reason (findings)',
    up(db) {
      db.exec(`
        ALTER TABLE resource_samples ADD COLUMN role TEXT NOT NULL DEFAULT 'target';
        ALTER TABLE resource_samples ADD COLUMN restarts INTEGER;
        ALTER TABLE resource_samples ADD COLUMN last_terminated_reason TEXT;
      `);
    },
  },
  {
    version: 4,
    description: 'which process owns a local run; one monitor per cluster run (leases)',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
        ALTER TABLE runs ADD COLUMN owner_start TEXT;
        ALTER TABLE runs ADD COLUMN owner_host TEXT;
        CREATE TABLE run_leases (
          run_id      TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
          holder      TEXT NOT NULL,
          expires_at  INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 5,
    description: 'runs: the git commit the script was at when the run started (trends)',
    up(db) {
      db.exec(`ALTER TABLE runs ADD COLUMN git_commit TEXT;`);
    },
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1].version;

/**
 * Applies every migration newer than the file's version. Several processes may open a fresh
 * file at once (two editor windows and the CLI), so the version is read again inside one
 * `BEGIN IMMEDIATE` transaction — the write lock — and bumped there: whoever gets the lock
 * second sees the first one's version and applies nothing twice.
 */
export function migrate(db: Database, upTo: number = latestSchemaVersion): number {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const refuseNewer = (current: number) => {
    if (current > latestSchemaVersion) {
      throw new Error(
        `The database was written by a newer Metric Vault (schema ${current}, this version knows ${latestSchemaVersion}). Update Metric Vault.`,
      );
    }
  };
  // Up to date: no write lock needed (the common case, every open after the first).
  const seen = version();
  refuseNewer(seen);
  if (seen >= upTo) return seen;
  return db
    .transaction(() => {
      const current = version();
      refuseNewer(current);
      for (const m of migrations) {
        if (m.version <= current || m.version > upTo) continue;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      return version();
    })
    .immediate();
}
