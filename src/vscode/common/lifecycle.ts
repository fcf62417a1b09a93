// Disposal scopes: whatever a component starts (watchers, timers, listeners) is registered
// on it and released together when it is disposed.
import type * as vscode from 'vscode';

export class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing disposer must not keep the others from running.
      }
    }
  }
}

/** A disposal scope that others can add to (per run, per view). */
export class DisposableStore extends Disposable {
  add<T extends vscode.Disposable>(d: T): T {
    return this._register(d);
  }
}
