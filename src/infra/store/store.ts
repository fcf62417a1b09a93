// Opens the SQLite file shared by the extension and the CLI. WAL lets one writer and many
// readers work at once across processes; busy_timeout makes a writer wait for the other
// process instead of failing. A file that is not a readable database is moved aside — never
// deleted — and a fresh one is created; the caller tells the user where the old one went.
// Several processes may open the same file at the same moment (two editor windows, the CLI):
// migrations take the write lock (see migrations.ts), a momentary SQLITE_BUSY while another
// process sets the file up is retried, and moving a corrupt file aside happens under a lock
// file, after a second look, only if the file is still the one found unreadable.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { migrate } from './migrations';
import { ServersRepository } from './serversRepository';
import { EndpointsRepository } from './endpointsRepository';
import { ScriptsRepository } from './scriptsRepository';
import { RunsRepository } from './runsRepository';
import { RunLeasesRepository } from './runLeasesRepository';
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
  readonly leases: RunLeasesRepository;
  readonly summaries: RunSummariesRepository;
  readonly samples: ResourceSamplesRepository;
  readonly baselines: BaselinesRepository;

  /** Which file was opened (dev:ino), to notice it being moved aside by another process. */
  private readonly identity: string | undefined;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.identity = fileIdentity(file);
    this.servers = new ServersRepository(db);
    this.endpoints = new EndpointsRepository(db);
    this.scripts = new ScriptsRepository(db);
    this.runs = new RunsRepository(db);
    this.leases = new RunLeasesRepository(db);
    this.summaries = new RunSummariesRepository(db);
    this.samples = new ResourceSamplesRepository(db);
    this.baselines = new BaselinesRepository(db);
  }

  /** Opens (creating if needed) and migrates the database at `file`. */
  static open(file: string): StoreOpened {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      return { store: new Store(openWithRetry(file), file) };
    } catch (err) {
      if (!isCorruption(err)) throw err;
      const movedAsideTo = moveAsideIfStillUnreadable(file, fileIdentity(file));
      return { store: new Store(openWithRetry(file), file), movedAsideTo };
    }
  }

  /**
   * False once the file at the path is no longer the one this store opened (another process
   * moved it aside as unreadable and started a new one): reopen to see the current history.
   */
  stillAtPath(): boolean {
    return this.identity !== undefined && fileIdentity(this.file) === this.identity;
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

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Blocks this thread for `ms` (opening the store is synchronous; contention is rare and short). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * SQLite does not call the busy handler in every case (e.g. while another connection switches
 * a fresh file to WAL), so a SQLITE_BUSY while opening is retried a few times.
 */
function openWithRetry(file: string, attempts = 8): Database.Database {
  for (let i = 1; ; i++) {
    try {
      return openDatabase(file);
    } catch (err) {
      if (!isBusy(err) || i >= attempts) throw err;
      sleepSync(25 * 2 ** Math.min(i, 5) + Math.random() * 25);
    }
  }
}

/** dev:ino of the file at `file`, or undefined when there is none. */
function fileIdentity(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

const staleLockMs = 30_000;

/**
 * Moves the unreadable file aside unless another process already did. Under `<file>.lock`
 * (created exclusively; one older than 30 s is a crashed holder's and is taken over) the file
 * is looked at again: a different file (someone replaced it) or one that now opens is left
 * alone. Returns where the old file went, or undefined when nothing was moved by this call.
 */
function moveAsideIfStillUnreadable(file: string, foundUnreadable: string | undefined): string | undefined {
  const release = acquireLock(`${file}.lock`);
  try {
    if (fileIdentity(file) !== foundUnreadable) return undefined;
    try {
      openDatabase(file).close();
      return undefined;
    } catch (err) {
      if (!isCorruption(err)) throw err;
    }
    return moveAside(file);
  } finally {
    release();
  }
}

function acquireLock(lock: string, waitMs = 10_000): () => void {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleLockMs) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`Another Metric Vault process is repairing ${lock.slice(0, -'.lock'.length)}; try again in a moment.`);
      else sleepSync(50);
    }
  }
}

/** Renames the file and its WAL companions to `<file>.corrupt-<timestamp>` (rename is atomic). */
function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}
