// Stopping local k6 the way a user's Ctrl+C does, then for sure. k6 stops gracefully on an
// interrupt — it ends the iterations, runs teardown, prints the summary and exits 105 — and on
// Windows it sees an interrupt when its console gets a Ctrl+C or Ctrl+Break console event
// (Go turns both into os.Interrupt). Windows has no signals, and Node's kill() there always
// terminates at once, so on Windows the interrupt is a console event sent by a short-lived
// helper: PowerShell detaches from its own console, attaches to k6's (k6 is started with
// windowsHide, so it has a windowless console of its own), ignores the event itself and
// raises Ctrl+C on that console. If the helper cannot (no PowerShell, k6 already gone),
// `taskkill /T` without /F asks politely instead. After the grace period whatever is left is
// ended: SIGKILL, or `taskkill /T /F` on Windows (the whole tree, as k6 may have children).
import { execFile } from 'node:child_process';

export type StopAction =
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'exec'; file: string; args: string[]; what: string };

/** PowerShell that raises Ctrl+C on the console of `pid` (exit 0 when sent). */
export function windowsConsoleInterruptScript(pid: number): string {
  return [
    `$sig = '[DllImport("kernel32.dll")] public static extern bool FreeConsole();`,
    `[DllImport("kernel32.dll")] public static extern bool AttachConsole(uint pid);`,
    `[DllImport("kernel32.dll")] public static extern bool SetConsoleCtrlHandler(System.IntPtr handler, bool add);`,
    `[DllImport("kernel32.dll")] public static extern bool GenerateConsoleCtrlEvent(uint ctrlEvent, uint processGroupId);'`,
    `$k = Add-Type -MemberDefinition $sig -Name Console -Namespace MetricVault -PassThru`,
    `[void]$k::FreeConsole()`,
    `if (-not $k::AttachConsole(${Math.trunc(pid)})) { exit 3 }`,
    `[void]$k::SetConsoleCtrlHandler([System.IntPtr]::Zero, $true)`,
    `if (-not $k::GenerateConsoleCtrlEvent(0, 0)) { exit 4 }`,
    `exit 0`,
  ].join('; ');
}

/** The first, polite way to ask a process to stop. */
export function interruptAction(platform: NodeJS.Platform, pid: number): StopAction {
  if (platform !== 'win32') return { kind: 'signal', signal: 'SIGINT' };
  return { kind: 'exec', file: 'powershell.exe', args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', windowsConsoleInterruptScript(pid)], what: 'Ctrl+C on its console' };
}

/** When the console event could not be sent on Windows: taskkill without /F (asks the process to close). */
export function fallbackInterruptAction(platform: NodeJS.Platform, pid: number): StopAction | undefined {
  return platform === 'win32' ? { kind: 'exec', file: 'taskkill.exe', args: ['/PID', String(pid), '/T'], what: 'taskkill' } : undefined;
}

/** After the grace period: end it, with whatever it started. */
export function forceAction(platform: NodeJS.Platform, pid: number): StopAction {
  return platform === 'win32' ? { kind: 'exec', file: 'taskkill.exe', args: ['/PID', String(pid), '/T', '/F'], what: 'taskkill /F' } : { kind: 'signal', signal: 'SIGKILL' };
}

export interface StopTarget {
  pid: number | undefined;
  /** Still running? */
  running(): boolean;
  signal(signal: NodeJS.Signals): void;
}

export interface StopperDeps {
  platform?: NodeJS.Platform;
  /** Runs a helper; resolves with its exit code (null when it could not start). */
  exec?: (file: string, args: string[]) => Promise<number | null>;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const realExec = (file: string, args: string[]) =>
  new Promise<number | null>((resolve) => {
    execFile(file, args, { windowsHide: true, timeout: 10_000 }, (err) => {
      if (!err) resolve(0);
      else resolve(typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null);
    });
  });

/**
 * Asks the process to stop (interrupt), and ends it after `graceMs` if it is still running.
 * Returns a cancel for the forced stop (call it when the process exits).
 */
export function stopGracefully(target: StopTarget, graceMs: number, deps: StopperDeps = {}): { cancel(): void } {
  const platform = deps.platform ?? process.platform;
  const exec = deps.exec ?? realExec;
  const setTimer = deps.setTimer ?? ((fn, ms) => {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  });
  const pid = target.pid;
  const run = async (action: StopAction): Promise<boolean> => {
    if (action.kind === 'signal') {
      target.signal(action.signal);
      return true;
    }
    return (await exec(action.file, action.args)) === 0;
  };
  if (pid === undefined) return { cancel: () => undefined };
  void run(interruptAction(platform, pid)).then(async (sent) => {
    const fallback = fallbackInterruptAction(platform, pid);
    if (!sent && fallback && target.running()) await run(fallback);
  });
  return setTimer(() => {
    if (target.running()) void run(forceAction(platform, pid));
  }, graceMs);
}
