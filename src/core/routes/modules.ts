// Where an import points, statically, inside the workspace: Python dotted modules (absolute,
// from any source root, or relative), JavaScript/TypeScript specifiers (relative, `.js` written
// for a `.ts` file, `index` files, `@/` and `~/` for `src/`), Go import paths (through each
// go.mod's module path, or by the folder's trailing path). Files are workspace-relative with
// forward slashes.

const jsExtensions = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '' : file.slice(0, i);
}

/** Joins and normalizes a relative path (`a/b` + `../c` → `a/c`). */
export function joinPath(dir: string, rel: string): string {
  const out: string[] = dir === '' ? [] : dir.split('/');
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/**
 * A tsconfig `paths` alias rather than a package: `@config/x`, `@modules/users/x` — a folder-like
 * scope, or a deeper path than scoped packages are imported by (`@nestjs/common`).
 */
const projectAlias = /^@(?:(?:src|app|lib|libs|modules?|common|core|shared|configs?|api|utils?|server|domain|infra|features?|routes|controllers)\/.+|[\w-]+\/[^/]+\/.+)$/;

export class ModuleMap {
  private readonly files = new Set<string>();
  /** Python: last dotted component → files (`items` → `app/api/routes/items.py`). */
  private pyByLast = new Map<string, string[]>();
  /** JS: path without extension → file. */
  private jsByStem = new Map<string, string>();
  /** Go: folder → module path declared by a go.mod there. */
  private readonly goModules = new Map<string, string>();
  private goDirs = new Set<string>();
  private stale = true;
  /** Answers since the file set last changed, by kind + importing folder + specifier. */
  private answers = new Map<string, string | undefined>();

  add(file: string): void {
    if (!this.files.has(file)) {
      this.files.add(file);
      this.stale = true;
    }
  }

  remove(file: string): void {
    if (this.files.delete(file)) this.stale = true;
  }

  setGoModule(dir: string, modulePath: string | undefined): void {
    if (modulePath) this.goModules.set(dir, modulePath);
    else this.goModules.delete(dir);
    this.stale = true;
  }

  private cached(kind: string, from: string, spec: string, find: () => string | undefined): string | undefined {
    this.refresh();
    const key = `${kind}\0${dirOf(from)}\0${spec}`;
    if (this.answers.has(key)) return this.answers.get(key);
    const found = find();
    this.answers.set(key, found);
    return found;
  }

  private refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    this.answers = new Map();
    this.pyByLast = new Map();
    this.jsByStem = new Map();
    this.goDirs = new Set();
    for (const f of this.files) {
      if (f.endsWith('.py')) {
        const stem = f.slice(0, -3).replace(/\/__init__$/, '');
        const last = stem.slice(stem.lastIndexOf('/') + 1);
        const list = this.pyByLast.get(last) ?? [];
        list.push(f);
        this.pyByLast.set(last, list);
      } else if (f.endsWith('.go')) this.goDirs.add(dirOf(f));
      else {
        const ext = /\.[a-z]+$/.exec(f)?.[0] ?? '';
        if (jsExtensions.includes(ext)) {
          const stem = f.slice(0, -ext.length);
          if (!this.jsByStem.has(stem) || ext === '.ts') this.jsByStem.set(stem, f);
        }
      }
    }
  }

  /** The file of a Python module imported from `from` (`app.core.config`, `.routes`, `..x`). */
  python(from: string, module: string): string | undefined {
    return this.cached('py', from, module, () => this.findPython(from, module));
  }

  private findPython(from: string, module: string): string | undefined {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    if (dots > 0) {
      let dir = dirOf(from);
      for (let i = 1; i < dots; i++) dir = dirOf(dir);
      const rest = module.slice(dots).replace(/\./g, '/');
      const base = rest === '' ? dir : joinPath(dir, rest);
      return [`${base}.py`, `${base}/__init__.py`].find((f) => this.files.has(f));
    }
    const rel = module.replace(/\./g, '/');
    const last = rel.slice(rel.lastIndexOf('/') + 1);
    const candidates = (this.pyByLast.get(last) ?? []).filter((f) => {
      const stem = f.slice(0, -3).replace(/\/__init__$/, '');
      return stem === rel || stem.endsWith(`/${rel}`);
    });
    if (candidates.length <= 1) return candidates[0];
    // Several source roots define it: the one sharing the longest folder with the importer.
    const shared = (f: string) => {
      let n = 0;
      while (n < f.length && n < from.length && f[n] === from[n]) n++;
      return n;
    };
    return candidates.sort((a, b) => shared(b) - shared(a) || a.length - b.length)[0];
  }

  /** The file a JavaScript/TypeScript specifier names, or undefined for packages. */
  javascript(from: string, specifier: string): string | undefined {
    return this.cached('js', from, specifier, () => this.findJavaScript(from, specifier));
  }

  private findJavaScript(from: string, specifier: string): string | undefined {
    let base: string;
    if (specifier.startsWith('.')) base = joinPath(dirOf(from), specifier);
    else if (/^[@~]\//.test(specifier)) base = joinPath('src', specifier.slice(2));
    else if (specifier.startsWith('src/')) base = specifier;
    else return projectAlias.test(specifier) ? this.bySuffix(specifier.slice(specifier.indexOf('/') + 1)) : undefined;
    const stripped = base.replace(/\.(?:[cm]?js|jsx|tsx?)$/, '');
    if (this.files.has(base) && stripped === base) return base;
    return this.jsByStem.get(stripped) ?? this.jsByStem.get(`${stripped}/index`) ?? (specifier.startsWith('@/') || specifier.startsWith('~/') ? this.bySuffix(specifier.slice(2)) : undefined);
  }

  /** The project file ending with `rest` (`@config/app.routes` → `src/configs/app.routes.ts`). */
  private bySuffix(rest: string): string | undefined {
    const want = `/${rest.replace(/\.(?:[cm]?js|jsx|tsx?)$/, '')}`;
    for (const [stem, file] of this.jsByStem) if (stem.endsWith(want) || stem.endsWith(`${want}/index`)) return file;
    return undefined;
  }

  /** The folder of a Go import path inside the workspace. */
  go(importPath: string): string | undefined {
    return this.cached('go', '', importPath, () => this.findGo(importPath));
  }

  private findGo(importPath: string): string | undefined {
    for (const [dir, mod] of this.goModules) {
      if (importPath === mod) return dir;
      if (importPath.startsWith(`${mod}/`)) {
        const d = joinPath(dir, importPath.slice(mod.length + 1));
        if (this.goDirs.has(d)) return d;
      }
    }
    // No go.mod seen: the folder whose path ends like the import path.
    const parts = importPath.split('/');
    for (let n = Math.min(parts.length, 4); n >= 1; n--) {
      const tail = parts.slice(-n).join('/');
      const found = [...this.goDirs].filter((d) => d === tail || d.endsWith(`/${tail}`));
      if (found.length === 1) return found[0];
    }
    return undefined;
  }
}

export { dirOf };
