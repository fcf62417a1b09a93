// "Validate" on k6 scripts: syntax errors and options k6 would refuse, at their line, in the
// Problems panel. Runs on demand (editor title, CodeLens, palette), on every save, and while
// typing in a script that has problems, so a fixed error leaves the Problems panel at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Diagnostic, estimateDurationSeconds, formatDuration, isK6Script, validateScript } from '../../core/k6';
import { Disposable } from '../common/lifecycle';
import { countOf } from '../../core/plural';

const scriptLanguages = new Set(['javascript', 'typescript']);
/** True while the active editor shows a k6 script (editor-title actions use it). */
export const k6ScriptContextKey = 'metricVault.k6Script';

function toVscode(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
  const out = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  out.source = 'k6';
  return out;
}

export function isK6Document(doc: vscode.TextDocument): boolean {
  return scriptLanguages.has(doc.languageId) && isK6Script(doc.getText());
}

/** Quiet time after a keystroke before a script with problems is checked again. */
const retypeDelayMs = 300;

export class ScriptDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('k6'));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    const setContext = (k6: boolean) => void vscode.commands.executeCommand('setContext', k6ScriptContextKey, k6);
    // On open and save: one look at the text decides both the problems and the editor-title key.
    const check = (doc: vscode.TextDocument) => {
      const k6 = isK6Document(doc);
      if (k6) this.validate(doc);
      else this.collection.delete(doc.uri); // no longer imports k6: its k6 problems are stale
      if (doc === vscode.window.activeTextEditor?.document) setContext(k6);
    };
    this._register(vscode.workspace.onDidSaveTextDocument(check));
    this._register(vscode.workspace.onDidOpenTextDocument(check));
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)));
    // Only scripts already showing problems are re-checked on change: a fix clears them
    // without a save; clean scripts wait for the save as before.
    this._register(
      vscode.workspace.onDidChangeTextDocument(({ document: doc }) => {
        if (!this.collection.has(doc.uri)) return;
        const key = doc.uri.toString();
        clearTimeout(this.pending.get(key));
        this.pending.set(
          key,
          setTimeout(() => {
            this.pending.delete(key);
            if (doc.isClosed) return;
            if (isK6Document(doc)) this.validate(doc);
            else this.collection.delete(doc.uri);
          }, retypeDelayMs),
        );
      }),
    );
    this._register({ dispose: () => this.pending.forEach((t) => clearTimeout(t)) });
    const updateContext = (editor: vscode.TextEditor | undefined) => setContext(editor ? isK6Document(editor.document) : false);
    this._register(vscode.window.onDidChangeActiveTextEditor(updateContext));
    updateContext(vscode.window.activeTextEditor);
    // Scripts already open when the extension starts get their problems shown too.
    for (const doc of vscode.workspace.textDocuments) if (isK6Document(doc)) this.validate(doc);
  }

  /** Validates and publishes; returns the problems found. */
  validate(doc: vscode.TextDocument): Diagnostic[] {
    const found = validateScript(doc.getText());
    // No entry for a clean script, so `collection.has` means "has problems".
    if (found.length) this.collection.set(doc.uri, found.map(toVscode));
    else this.collection.delete(doc.uri);
    return found;
  }
}

/** The command: validate the given script (URI from a lens or the editor title) or the active editor's. */
export async function validateCommand(diagnostics: ScriptDiagnostics, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Metric Vault: open a k6 script to validate it.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const name = path.basename(uri.fsPath);
  if (!isK6Script(doc.getText())) {
    void vscode.window.showWarningMessage(`Metric Vault: ${name} does not import k6 ('k6/http', 'k6', …), so it is not a k6 script.`);
    return;
  }
  const found = diagnostics.validate(doc);
  const errors = found.filter((d) => d.severity === 'error').length;
  if (found.length === 0) {
    const seconds = estimateDurationSeconds(doc.getText());
    vscode.window.setStatusBarMessage(`$(check) ${name}: no problems found${seconds ? ` · runs up to ${formatDuration(seconds)}` : ''}`, 5000);
    void vscode.window.showInformationMessage(`Metric Vault: k6 will accept ${name}${seconds ? `; it runs for up to ${formatDuration(seconds)}` : ''}.`);
    return;
  }
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showWarningMessage(`Metric Vault: ${name} has ${countOf(errors, 'error')}${found.length > errors ? ` and ${countOf(found.length - errors, 'warning')}` : ''} — see the Problems panel.`);
}
