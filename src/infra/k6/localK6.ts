// Runs k6 from the PATH on this machine (for external servers reachable from here). Output
// is streamed line by line; stop() asks k6 to stop the way Ctrl+C does (it runs teardown and
// prints the summary) — on Windows too, through a console event (gracefulStop.ts) — and ends
// it if it has not exited after a grace period.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stopGracefully, type StopperDeps } from './gracefulStop';

export const installK6Message =
  'k6 is not installed or not on the PATH. Install it from https://grafana.com/docs/k6/latest/set-up/install-k6/ ' +
  '(macOS: brew install k6 · Windows: winget install k6 · Debian/Ubuntu: the dl.k6.io apt repository), then restart the editor so it sees the new PATH.';

/** Finds an executable on PATH, as the shell would (PATHEXT on Windows). */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        const st = fs.statSync(candidate);
        if (!st.isFile()) continue;
        if (platform !== 'win32') fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface LocalK6Options {
  k6Path: string;
  scriptFile: string;
  runId: string;
  /** The InfluxDB v1 URL as reached from this machine, and the database. */
  influx?: { url: string; database: string };
  /** Extra `--tag k=v` beyond testid. */
  tags?: Record<string, string>;
  /** Environment for k6 on top of this process's (credentials live only here, in memory). */
  env?: Record<string, string>;
  /** How long after the stop signal k6 may take before it is killed. */
  stopGraceMs?: number;
  /** How the stop reaches k6 (the platform and helpers; tests play Windows). */
  stopper?: StopperDeps;
}

export interface LocalK6Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() was called before k6 exited. */
  stopRequested: boolean;
  /** Spawn failure (e.g. the binary vanished), when k6 never ran. */
  error?: string;
}

export function localK6Args(o: Pick<LocalK6Options, 'scriptFile' | 'runId' | 'influx' | 'tags'>): string[] {
  const args = ['run'];
  if (o.influx) args.push('--out', `influxdb=${o.influx.url.replace(/\/+$/, '')}/${encodeURIComponent(o.influx.database)}`);
  args.push('--tag', `testid=${o.runId}`);
  for (const [k, v] of Object.entries(o.tags ?? {})) args.push('--tag', `${k}=${v}`);
  args.push(o.scriptFile);
  return args;
}

export class LocalK6Process {
  readonly exited: Promise<LocalK6Exit>;
  private readonly child: ChildProcess;
  private stopRequested = false;
  private killTimer?: { cancel(): void };
  private readonly lineListeners = new Set<(line: string, stream: 'stdout' | 'stderr') => void>();

  constructor(private readonly options: LocalK6Options) {
    this.child = spawn(options.k6Path, localK6Args(options), {
      cwd: path.dirname(options.scriptFile),
      env: { ...process.env, K6_NO_USAGE_REPORT: 'true', TESTID: options.runId, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.pipeLines(this.child.stdout!, 'stdout');
    this.pipeLines(this.child.stderr!, 'stderr');
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => resolve({ code: null, signal: null, stopRequested: this.stopRequested, error: err.message }));
      this.child.once('close', (code, signal) => {
        this.killTimer?.cancel();
        resolve({ code, signal, stopRequested: this.stopRequested });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onLine(listener: (line: string, stream: 'stdout' | 'stderr') => void): { dispose(): void } {
    this.lineListeners.add(listener);
    return { dispose: () => this.lineListeners.delete(listener) };
  }

  /** Like Ctrl+C: k6 stops its VUs, runs teardown, prints the summary and exits (code 105). */
  stop(): void {
    if (!this.running()) return;
    this.stopRequested = true;
    this.killTimer ??= stopGracefully(
      { pid: this.child.pid, running: () => this.running(), signal: (s) => this.child.kill(s) },
      this.options.stopGraceMs ?? 15_000,
      this.options.stopper,
    );
  }

  private running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private pipeLines(stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr'): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (pending + chunk).split(/\r\n|\n|\r/);
      pending = parts.pop() ?? '';
      for (const line of parts) this.emit(line, name);
    });
    stream.on('end', () => {
      if (pending) this.emit(pending, name);
      pending = '';
    });
  }

  private emit(line: string, stream: 'stdout' | 'stderr'): void {
    for (const l of this.lineListeners) l(line, stream);
  }
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where k6 is, from the `metricVault.k6.path` setting (or the CLI's --k6-path / K6_PATH):
 * empty → `k6` on the PATH; `~/…` → under the home folder; an absolute path → that file; a
 * bare name → that command on the PATH. Anything else, or nothing executable there, is an
 * error that names the setting and what to put in it.
 */
export function resolveK6Path(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): { path: string } | { error: string } {
  const value = (setting ?? '').trim();
  if (value === '') {
    const found = findExecutable('k6', env, platform);
    return found ? { path: found } : { error: installK6Message };
  }
  const fix = 'Set metricVault.k6.path to the k6 executable (an absolute path, ~/…, or a command name on the PATH), or clear it to use k6 from the PATH.';
  const expanded = value === '~' || value.startsWith('~/') || value.startsWith('~\\') ? path.join(home, value.slice(1)) : value;
  if (path.isAbsolute(expanded)) {
    return isExecutableFile(expanded, platform) ? { path: expanded } : { error: `k6 was not found at ${expanded} (metricVault.k6.path): no executable file is there. ${fix}` };
  }
  if (/[\\/]/.test(expanded)) return { error: `metricVault.k6.path is "${value}", a relative path: it is not clear what it is relative to. ${fix}` };
  const found = findExecutable(expanded, env, platform);
  return found ? { path: found } : { error: `"${expanded}" (metricVault.k6.path) is not a command on the PATH. ${fix}` };
}

/** Starts k6, or returns why it cannot (not at metricVault.k6.path, or no k6 on the PATH). */
export function startLocalK6(options: Omit<LocalK6Options, 'k6Path'> & { k6Path?: string; env?: Record<string, string> }, searchEnv: NodeJS.ProcessEnv = process.env): LocalK6Process | { error: string } {
  const resolved = resolveK6Path(options.k6Path, searchEnv);
  if ('error' in resolved) return resolved;
  return new LocalK6Process({ ...options, k6Path: resolved.path });
}
