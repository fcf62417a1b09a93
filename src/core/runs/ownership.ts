// Whether the process that owns a local run is still there — decided from facts an adapter
// gathers (does the pid exist, when did it start). Pure, so the rules are tested directly:
// another host → cannot tell, leave the run alone; no such pid → gone; the pid exists but
// started at another moment → the pid was reused, the owner is gone.
import type { ProcessIdentity } from '../model';

export type OwnerState = 'alive' | 'gone' | 'unknown';

export interface ProcessFacts {
  host: string;
  /** Whether a process with this pid exists on this host. */
  exists(pid: number): boolean;
  /** The start token of that pid, when this platform can tell. */
  startOf(pid: number): string | undefined;
}

export function ownerState(owner: ProcessIdentity | undefined, facts: ProcessFacts): OwnerState {
  // Runs recorded before owners were: their process is long gone or cannot be known.
  if (!owner) return 'gone';
  if (owner.host !== facts.host) return 'unknown';
  if (!facts.exists(owner.pid)) return 'gone';
  const start = facts.startOf(owner.pid);
  return start === undefined || start === owner.start ? 'alive' : 'gone';
}

/** How a process names itself as a lease holder. */
export function holderName(p: ProcessIdentity): string {
  return `${p.host}:${p.pid}:${p.start}`;
}
