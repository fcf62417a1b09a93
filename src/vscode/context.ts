// The one context object every feature receives (constructor injection, no singletons).
import * as vscode from 'vscode';
import { setListenerErrorReporter } from '../core/events';
import * as path from 'node:path';
import { Store } from '../infra/store/store';
import { type MetricVaultConfig, readConfig } from './config';
import { Disposable } from './common/lifecycle';

export class Ctx extends Disposable {
  private _config: MetricVaultConfig = readConfig();
  private readonly configEmitter = this._register(new vscode.EventEmitter<MetricVaultConfig>());
  /** Fires after any `metricVault.*` setting changed, with the new values. */
  readonly onDidChangeConfig = this.configEmitter.event;
  readonly output: vscode.LogOutputChannel;
  private readonly runsEmitter = this._register(new vscode.EventEmitter<string | undefined>());
  /** Fires when a run record changed (its id), or the run list as a whole (undefined). */
  readonly onDidChangeRuns = this.runsEmitter.event;
  private readonly endpointsEmitter = this._register(new vscode.EventEmitter<string | undefined>());
  /** Fires when a server's endpoints changed (its id), or all of them (undefined). */
  readonly onDidChangeEndpoints = this.endpointsEmitter.event;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly store: Store,
  ) {
    super();
    this.output = this._register(vscode.window.createOutputChannel('Metric Vault', { log: true }));
    // A failing listener of a core/app event is logged here rather than lost.
    this._register({ dispose: setListenerErrorReporter((message) => this.output.error(message)) });
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('metricVault')) return;
        this._config = readConfig();
        this.configEmitter.fire(this._config);
      }),
    );
    this._register({ dispose: () => store.close() });
  }

  runsChanged(runId?: string): void {
    this.runsEmitter.fire(runId);
  }

  endpointsChanged(serverId?: string): void {
    this.endpointsEmitter.fire(serverId);
  }

  get config(): MetricVaultConfig {
    return this._config;
  }

  /** Restricted Mode: no Jobs submitted, no processes started. */
  get isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Registers a disposable for the extension's lifetime. */
  register<T extends vscode.Disposable>(d: T): T {
    return this._register(d);
  }

  /** Opens the store in the extension's global storage; tells the user if a bad file was moved aside. */
  static async create(extension: vscode.ExtensionContext): Promise<Ctx> {
    const file = path.join(extension.globalStorageUri.fsPath, 'metric-vault.db');
    const { store, movedAsideTo } = Store.open(file);
    if (movedAsideTo) {
      void vscode.window.showWarningMessage(
        `Metric Vault could not read its database, so it moved it to ${movedAsideTo} and started a new one. Your old run history is in that file.`,
      );
    }
    return new Ctx(extension, store);
  }
}
