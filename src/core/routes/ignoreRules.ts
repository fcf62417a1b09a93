// `.gitignore` and `files.exclude` patterns as predicates over workspace-relative paths, so the
// route index leaves out what the user leaves out. Covers the common forms: `name`, `dir/`,
// `/anchored`, `*`, `?`, `**`, `!negation`, comments.

export type IgnoreRule = (relative: string, isDir: boolean) => boolean | undefined;

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(globToRegExp).join('|')})`;
        i = close;
      }
    } else out += /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** One `.gitignore` file found in folder `base` ('' for the root). Later lines win; undefined: no opinion. */
export function gitignoreRules(text: string, base = ''): IgnoreRule {
  const rules: { re: RegExp; negate: boolean; dirOnly: boolean }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/') && !line.startsWith('**/');
    line = line.replace(/^\//, '');
    rules.push({ re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegExp(line)}(?:/.*)?$`), negate, dirOnly });
  }
  const prefix = base === '' ? '' : `${base}/`;
  return (relative, isDir) => {
    if (prefix && !relative.startsWith(prefix)) return undefined;
    const rel = relative.slice(prefix.length);
    let verdict: boolean | undefined;
    for (const r of rules) {
      if (r.dirOnly && !isDir && !rel.includes('/')) continue;
      if (r.re.test(rel)) verdict = !r.negate;
    }
    return verdict;
  };
}

/** VS Code's `files.exclude` (glob → true) as one rule. */
export function excludeGlobs(globs: Record<string, boolean>): IgnoreRule {
  const res = Object.entries(globs)
    .filter(([, on]) => on)
    .map(([g]) => new RegExp(`^${g.startsWith('**/') || g.startsWith('/') ? '' : '(?:.*/)?'}${globToRegExp(g.replace(/^\//, ''))}(?:/.*)?$`));
  return (relative) => (res.some((r) => r.test(relative)) ? true : undefined);
}

/** Whether any rule ignores the path (the last rule with an opinion wins). */
export function isIgnoredBy(rules: readonly IgnoreRule[], relative: string, isDir: boolean): boolean {
  let verdict = false;
  for (const r of rules) {
    const v = r(relative, isDir);
    if (v !== undefined) verdict = v;
  }
  return verdict;
}
