// Runs the stand-in `k6` executable (test/support/fakeK6/k6) as a child process and collects
// what a user would see: stdout, stderr and the exit code.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const k6StandIn = path.join(__dirname, 'k6');

export interface K6Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runK6(args: string[], opts: { env?: Record<string, string>; cwd?: string; onStart?: (pid: number) => void; timeoutMs?: number } = {}): Promise<K6Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(k6StandIn, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`k6 stand-in did not finish within ${opts.timeoutMs ?? 60000} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60000);
    child.once('spawn', () => opts.onStart?.(child.pid!));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
