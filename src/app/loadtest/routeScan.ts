// `metric-vault routes <dir>`: route handlers in every source file under a folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectRoutes, languageOfFile, type RouteMatch } from '../../core/routes';

export interface FoundRoute extends Pick<RouteMatch, 'line' | 'framework' | 'method' | 'path'> {
  /** Relative to the scanned folder, with forward slashes. */
  file: string;
}

/** Folders that hold dependencies, builds or caches, never the project's own handlers. */
const skipped = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'target', 'vendor', 'venv', '.venv', 'env', '__pycache__', '.next', '.nuxt', 'coverage', '.gradle', '.idea', '.vscode', '.cache', 'site-packages']);
const maxFileBytes = 2 * 1024 * 1024;

export async function scanRoutesInDirectory(root: string, options: { maxFiles?: number } = {}): Promise<FoundRoute[]> {
  const out: FoundRoute[] = [];
  const maxFiles = options.maxFiles ?? 50_000;
  let files = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipped.has(e.name) && !e.name.startsWith('.')) await walk(full);
        continue;
      }
      if (!e.isFile() || !languageOfFile(e.name) || ++files > maxFiles) continue;
      const stat = await fs.stat(full);
      if (stat.size > maxFileBytes) continue;
      const text = await fs.readFile(full, 'utf8');
      const file = path.relative(root, full).split(path.sep).join('/');
      for (const r of detectRoutes(text, e.name)) out.push({ file, line: r.line, framework: r.framework, method: r.method, path: r.path });
    }
  };
  const stat = await fs.stat(root);
  if (stat.isFile()) {
    const text = await fs.readFile(root, 'utf8');
    return detectRoutes(text, root).map((r) => ({ file: path.basename(root), line: r.line, framework: r.framework, method: r.method, path: r.path }));
  }
  await walk(root);
  return out;
}
