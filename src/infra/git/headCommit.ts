// The git commit a script's checkout is at, read from the repository's files (no git process:
// this also works in Restricted Mode and where git is not installed). Worktrees (a `.git` file
// pointing at the real git dir), loose and packed refs and a detached HEAD are understood.
import * as fs from 'node:fs';
import * as path from 'node:path';

const sha = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The git dir of the repository holding `start`, walking up; undefined outside one. */
function gitDirOf(start: string): { gitDir: string; commonDir: string } | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dotGit);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) return { gitDir: dotGit, commonDir: dotGit };
    if (stat?.isFile()) {
      const m = /^gitdir:\s*(.+)\s*$/m.exec(read(dotGit) ?? '');
      if (!m) return undefined;
      const gitDir = path.resolve(dir, m[1]);
      const common = read(path.join(gitDir, 'commondir'))?.trim();
      return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The commit HEAD points at for the repository holding `dir`, or undefined. Never throws. */
export function headCommitOf(dir: string): string | undefined {
  const found = gitDirOf(dir);
  if (!found) return undefined;
  const head = read(path.join(found.gitDir, 'HEAD'))?.trim();
  if (!head) return undefined;
  if (sha.test(head)) return head;
  const ref = /^ref:\s*(refs\/[^\s]+)$/.exec(head)?.[1];
  if (!ref || ref.includes('..')) return undefined;
  for (const base of [found.gitDir, found.commonDir]) {
    const loose = read(path.join(base, ref))?.trim();
    if (loose && sha.test(loose)) return loose;
  }
  for (const line of (read(path.join(found.commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [id, name] = line.trim().split(' ');
    if (name === ref && sha.test(id)) return id;
  }
  return undefined;
}
