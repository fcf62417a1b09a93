// The route index of a folder on disk: walks it (skipping dependencies, virtualenvs, build
// output, tests, `.gitignore`d and `files.exclude`d paths), feeds every source file's facts and
// the project files that shape paths into a RouteIndex, and keeps it current one file at a time.
// Used by `metric-vault routes` and, inside a worker thread, by the editor's lenses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  excludeGlobs,
  extractRouteFacts,
  gitignoreRules,
  type IgnoreRule,
  type IndexedRoute,
  isIgnoredBy,
  isIgnoredRoutePath,
  isRouteConfigFile,
  languageOfFile,
  RouteIndex,
} from '../../core/routes';

/** A route as `metric-vault routes --json` prints it. */
export interface FoundRoute extends Omit<IndexedRoute, 'column'> {
  /** Relative to the scanned folder, with forward slashes. */
  file: string;
}

const maxFileBytes = 2 * 1024 * 1024;

export interface WorkspaceRoutesOptions {
  /** VS Code `files.exclude`. */
  exclude?: Record<string, boolean>;
  maxFiles?: number;
}

export class WorkspaceRoutes {
  readonly index = new RouteIndex();
  private rules: IgnoreRule[] = [];

  constructor(
    readonly root: string,
    private readonly options: WorkspaceRoutesOptions = {},
  ) {
    if (options.exclude) this.rules.push(excludeGlobs(options.exclude));
  }

  relative(absolute: string): string {
    return path.relative(this.root, absolute).split(path.sep).join('/');
  }

  /** Whether a workspace-relative path takes part in the index. */
  wants(relative: string): boolean {
    if (relative.startsWith('..') || isIgnoredBy(this.rules, relative, false)) return false;
    return isRouteConfigFile(relative) || (!!languageOfFile(relative) && !isIgnoredRoutePath(relative));
  }

  /**
   * Reads the whole folder (cold). Returns how many files were read. Synchronous reads on
   * purpose: this runs in the index's worker thread (or the CLI), where thousands of small
   * reads in a row beat as many promises.
   */
  async build(): Promise<number> {
    const maxFiles = this.options.maxFiles ?? 50_000;
    let files = 0;
    const walk = (dir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const text = readText(path.join(dir, '.gitignore'));
        if (text !== undefined) this.rules.push(gitignoreRules(text, this.relative(dir)));
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        const rel = this.relative(full);
        if (e.isDirectory()) {
          if (!isIgnoredRoutePath(`${rel}/x`) && !isIgnoredBy(this.rules, rel, true)) walk(full);
        } else if (e.isFile() && this.wants(rel) && ++files <= maxFiles) {
          const text = readText(full);
          if (text !== undefined) this.updateText(rel, text);
        }
      }
    };
    walk(this.root);
    return Math.min(files, maxFiles);
  }

  /** Re-reads one file (created or changed), or drops it (deleted, too big, ignored). */
  async updateFile(absolute: string): Promise<void> {
    const rel = this.relative(absolute);
    if (!this.wants(rel)) return;
    const text = readText(absolute);
    if (text === undefined) this.remove(rel);
    else this.updateText(rel, text);
  }

  /** An edited (maybe unsaved) text of a file. */
  updateText(rel: string, text: string): void {
    if (isRouteConfigFile(rel)) return this.index.setConfigFile(rel, text);
    const facts = extractRouteFacts(rel, text);
    if (facts) this.index.setFile(facts);
  }

  remove(rel: string): void {
    this.index.removeFile(rel);
  }

  routes(): FoundRoute[] {
    return this.index.allRoutes().map(toFound);
  }
}

/** A file's text, or undefined when it is gone, unreadable or too big to be hand-written source. */
function readText(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > maxFileBytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function toFound(r: IndexedRoute): FoundRoute {
  return { file: r.file, line: r.line, framework: r.framework, method: r.method, path: r.path, localPath: r.localPath, prefixFrom: r.prefixFrom, prefixUnknown: r.prefixUnknown };
}

/** `metric-vault routes <dir|file>`: every route under a folder with its full path. */
export async function scanRoutesInDirectory(target: string, options: WorkspaceRoutesOptions = {}): Promise<FoundRoute[]> {
  if (fs.statSync(target).isFile()) {
    const index = new RouteIndex();
    const facts = extractRouteFacts(path.basename(target), fs.readFileSync(target, 'utf8'));
    if (facts) index.setFile(facts);
    return index.allRoutes().map(toFound);
  }
  const workspace = new WorkspaceRoutes(target, options);
  await workspace.build();
  return workspace.routes();
}
