// Starts child processes that run our code (tsx scripts or the built CLI) and collects their
// exit codes and output, for the tests where several processes share one database file.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node [--import tsx] <script> ...args` and resolves when it exits (never rejects). */
export function runNode(script: string, args: string[], opts: { tsx?: boolean; env?: NodeJS.ProcessEnv; limitMs?: number } = {}): Promise<ChildResult> {
  const nodeArgs = [...(opts.tsx === false ? [] : ['--import', 'tsx']), script, ...args];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const supportScript = (name: string) => path.resolve('test/support/store', name);

/** An instant far enough ahead for `n` children to have started (tsx start-up included). */
export const barrierFor = (n: number) => Date.now() + 2500 + 300 * n;

/** A child that keeps running: its JSON stdout lines as they come, and a way to wait for one. */
export class LiveChild {
  readonly events: Record<string, unknown>[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ReturnType<typeof spawn>;

  constructor(script: string, args: string[], opts: { tsx?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [...(opts.tsx === false ? [] : ['--import', 'tsx']), script, ...args], { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      const parts = (pending + c).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        try {
          this.events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.events.push({ ev: 'text', line });
        }
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.stderr += c));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Polls (every 50 ms, at most `limitMs`) until `condition` holds. */
  async until(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`never happened: ${what}\nevents: ${JSON.stringify(this.events)}\nstderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  find(pred: (e: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
    return this.events.find(pred);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
