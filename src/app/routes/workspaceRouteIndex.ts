// The route index of every workspace folder, addressed by absolute file paths: what the worker
// thread holds for the editor (and what tests drive in-thread). One WorkspaceRoutes per folder;
// a file belongs to the innermost folder that contains it.
import * as path from 'node:path';
import type { IndexedRoute } from '../../core/routes';
import { WorkspaceRoutes, type WorkspaceRoutesOptions } from './workspaceRoutes';

export interface IndexFolder extends WorkspaceRoutesOptions {
  root: string;
}

export interface IndexStats {
  files: number;
  ms: number;
}

export class WorkspaceRouteIndex {
  private folders: WorkspaceRoutes[] = [];

  /** Indexes the folders from scratch (cold). */
  async open(folders: readonly IndexFolder[]): Promise<IndexStats> {
    const started = performance.now();
    this.folders = folders.map((f) => new WorkspaceRoutes(f.root, f)).sort((a, b) => b.root.length - a.root.length);
    const counts = await Promise.all(this.folders.map((f) => f.build()));
    return { files: counts.reduce((a, b) => a + b, 0), ms: performance.now() - started };
  }

  private folderOf(file: string): WorkspaceRoutes | undefined {
    return this.folders.find((f) => file === f.root || file.startsWith(f.root.endsWith(path.sep) ? f.root : f.root + path.sep));
  }

  /** A file was created or changed: its text as edited (unsaved), or read from disk. */
  async changed(file: string, text?: string): Promise<void> {
    const folder = this.folderOf(file);
    if (!folder) return;
    if (text === undefined) return folder.updateFile(file);
    const rel = folder.relative(file);
    if (folder.wants(rel)) folder.updateText(rel, text);
  }

  deleted(file: string): void {
    const folder = this.folderOf(file);
    folder?.remove(folder.relative(file));
  }

  /** Whether the index covers this file (in a folder, not a test, not ignored). */
  covers(file: string): boolean {
    const folder = this.folderOf(file);
    return !!folder && folder.wants(folder.relative(file));
  }

  /** The routes of one file with full paths (`file` in each is relative to its folder). */
  routesOf(file: string): IndexedRoute[] {
    const folder = this.folderOf(file);
    return folder ? folder.index.routesOf(folder.relative(file)) : [];
  }
}
