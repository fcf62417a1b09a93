// Keeps the workspace route index (a worker thread) in step with the editor: built in the
// background when lenses are on, then updated one file at a time — created/changed/deleted
// files (FileSystemWatcher), saves, and unsaved edits (debounced). Honours `files.exclude`;
// .gitignore, dependencies, virtualenvs, build output and tests are left out by the index.
import * as vscode from 'vscode';
import { type IndexedRoute, isRouteConfigFile, languageOfFile } from '../../core/routes';
import { createRouteIndexClient, type RouteIndexClient } from '../../app/routes/routeIndexClient';
import { Disposable } from '../common/lifecycle';

const watched = '**/*.{py,js,mjs,cjs,jsx,ts,mts,cts,tsx,java,kt,go,mod,properties,yml,yaml}';
const editDebounceMs = 300;
const refreshDebounceMs = 150;

export class RouteIndexSync extends Disposable {
  private readonly client: RouteIndexClient;
  private ready: Promise<boolean>;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires (debounced) when any file's routes may have new full paths. */
  readonly onDidChange = this.changed.event;
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Document versions the index has seen, so a query never reads stale text. */
  private readonly sent = new Map<string, number>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.client = createRouteIndexClient();
    this._register({ dispose: () => this.client.dispose() });
    this.ready = this.open();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(watched));
    const onDisk = (uri: vscode.Uri) => this.update(() => this.client.changed(uri.fsPath));
    this._register(watcher.onDidCreate(onDisk));
    this._register(watcher.onDidChange(onDisk));
    this._register(watcher.onDidDelete((uri) => this.update(() => this.client.deleted(uri.fsPath))));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => this.update(() => this.client.changed(doc.uri.fsPath))));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.edited(e.document)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== 'file' || !this.sent.delete(doc.uri.fsPath)) return;
        this.update(() => this.client.changed(doc.uri.fsPath)); // back to what is on disk
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => (this.ready = this.open())));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude')) this.ready = this.open();
      }),
    );
    this._register({
      dispose: () => {
        for (const t of this.editTimers.values()) clearTimeout(t);
        clearTimeout(this.refreshTimer);
      },
    });
  }

  private async open(): Promise<boolean> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return false;
    try {
      const stats = await this.client.open(
        // Plain copies: configuration objects are proxies a worker message cannot carry.
        folders.map((f) => ({ root: f.uri.fsPath, exclude: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('files', f.uri).get('exclude') ?? {})) as Record<string, boolean> })),
      );
      this.sent.clear();
      this.log.info(`Route index: ${stats.files} files read in ${Math.round(stats.ms)} ms.`);
      this.scheduleRefresh();
      return true;
    } catch (err) {
      this.log.warn(`Route index unavailable, lenses show paths from each file alone: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  private update(run: () => Promise<void>): void {
    void this.ready.then((ok) => (ok ? run().then(() => this.scheduleRefresh()) : undefined)).catch((err) => this.log.warn(`Route index update failed: ${String(err)}`));
  }

  private edited(doc: vscode.TextDocument): void {
    // Only source and project files the index reads: typing in a README relinks nothing.
    if (doc.uri.scheme !== 'file' || !(languageOfFile(doc.uri.fsPath) || isRouteConfigFile(doc.uri.fsPath.replace(/\\/g, '/')))) return;
    const file = doc.uri.fsPath;
    clearTimeout(this.editTimers.get(file));
    this.editTimers.set(
      file,
      setTimeout(() => {
        this.editTimers.delete(file);
        this.sync(doc);
      }, editDebounceMs),
    );
  }

  /** Sends a dirty document's text if the index has not seen this version. */
  private sync(doc: vscode.TextDocument): Promise<void> | undefined {
    const file = doc.uri.fsPath;
    if (!doc.isDirty || this.sent.get(file) === doc.version) return undefined;
    this.sent.set(file, doc.version);
    const done = this.ready.then((ok) => (ok ? this.client.changed(file, doc.getText()) : undefined));
    void done.then(() => this.scheduleRefresh(), () => undefined);
    return done;
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.changed.fire(), refreshDebounceMs);
  }

  /**
   * The routes of a document with their full paths, or undefined when the index cannot say
   * (no folder, not indexed, worker down): the caller then scans the document alone.
   */
  async routesOf(doc: vscode.TextDocument): Promise<IndexedRoute[] | undefined> {
    if (doc.uri.scheme !== 'file' || !(await this.ready)) return undefined;
    try {
      await this.sync(doc);
      // In the workspace but not indexed (a test, a dependency, an ignored file): no lens at all.
      if (!(await this.client.covers(doc.uri.fsPath))) return vscode.workspace.getWorkspaceFolder(doc.uri) ? [] : undefined;
      return await this.client.routesOf(doc.uri.fsPath);
    } catch (err) {
      this.log.warn(`Route index query failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }
}
