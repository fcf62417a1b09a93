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
