// Work that only matters once the user looks at a view: connecting to the cluster (which loads
// the Kubernetes client bundle) waits until a Metric Vault view is shown, so activation stays
// small for the many windows that never open one.
import type * as vscode from 'vscode';

/**
 * Calls `fn` once, the first time `view` is visible — on a later turn when it already is, so
 * never inside activate(). Returns the listener to dispose.
 */
export function onFirstShown(view: Pick<vscode.TreeView<unknown>, 'visible' | 'onDidChangeVisibility'>, fn: () => void): vscode.Disposable {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    listener.dispose();
    fn();
  };
  const listener = view.onDidChangeVisibility((e) => (e.visible ? run() : undefined));
  const timer = view.visible ? setTimeout(run, 0) : undefined;
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      listener.dispose();
    },
  };
}
