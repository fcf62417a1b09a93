// This process's identity (pid, start token, host) and the facts needed to tell whether
// another recorded process is still running. On Linux the start token is the process start
// time in clock ticks from /proc/<pid>/stat (field 22), readable for any pid, so a reused pid
// is told apart; elsewhere only this process's own start can be known and a live pid counts
// as the owner.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ProcessIdentity } from '../../core/model';
import type { ProcessFacts } from '../../core/runs/ownership';

function linuxStartTicks(pid: number | 'self'): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    return ticks && /^\d+$/.test(ticks) ? `linux:${ticks}` : undefined;
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  self ??= {
    pid: process.pid,
    start: linuxStartTicks('self') ?? `ms:${Math.round((Date.now() - process.uptime() * 1000) / 1000)}`,
    host: os.hostname(),
  };
  return self;
}

export const processFacts: ProcessFacts = {
  host: os.hostname(),
  exists(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it exists but belongs to another user.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startOf(pid) {
    return process.platform === 'linux' ? linuxStartTicks(pid) : undefined;
  },
};
