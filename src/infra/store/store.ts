// Opens the SQLite file shared by the extension and the CLI. WAL lets one writer and many
// readers work at once across processes; busy_timeout makes a writer wait for the other
// process instead of failing. A file that is not a readable database is moved aside — never
// deleted — and a fresh one is created; the caller tells the user where the old one went.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { migrate } from './migrations';
import { ServersRepository } from './serversRepository';
import { EndpointsRepository } from './endpointsRepository';
import { ScriptsRepository } from './scriptsRepository';
import { RunsRepository } from './runsRepository';
import { RunSummariesRepository } from './runSummariesRepository';
import { ResourceSamplesRepository } from './resourceSamplesRepository';
import { BaselinesRepository } from './baselinesRepository';

export const storeFileName = 'metric-vault.db';

/** Where the CLI keeps its database unless `--db` says otherwise. */
export function defaultCliDatabasePath(): string {
  return path.join(os.homedir(), '.metric-vault', storeFileName);
}

export interface StoreOpened {
  store: Store;
  /** Set when the file at the path was unreadable and was moved here. */
  movedAsideTo?: string;
}

export class Store {
  readonly servers: ServersRepository;
  readonly endpoints: EndpointsRepository;
  readonly scripts: ScriptsRepository;
  readonly runs: RunsRepository;
  readonly summaries: RunSummariesRepository;
  readonly samples: ResourceSamplesRepository;
  readonly baselines: BaselinesRepository;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.servers = new ServersRepository(db);
    this.endpoints = new EndpointsRepository(db);
    this.scripts = new ScriptsRepository(db);
    this.runs = new RunsRepository(db);
    this.summaries = new RunSummariesRepository(db);
    this.samples = new ResourceSamplesRepository(db);
    this.baselines = new BaselinesRepository(db);
  }

  /** Opens (creating if needed) and migrates the database at `file`. */
  static open(file: string): StoreOpened {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      return { store: new Store(openDatabase(file), file) };
    } catch (err) {
      if (!isCorruption(err)) throw err;
      const movedAsideTo = moveAside(file);
      return { store: new Store(openDatabase(file), file), movedAsideTo };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function openDatabase(file: string): Database.Database {
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CANTOPEN_ISDIR';
}

/** Renames the file and its WAL companions to `<file>.corrupt-<timestamp>`. */
function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}
