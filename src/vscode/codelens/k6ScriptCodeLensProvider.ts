// Above a k6 script's options (or its first line): Run in Cluster · Run Locally · Validate.
// The run commands belong to the runs area; this only offers them where a script is.
import * as vscode from 'vscode';
import { isK6Script } from '../../core/k6';

export const k6ScriptSelector: vscode.DocumentSelector = ['javascript', 'typescript'].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

export class K6ScriptCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    const text = doc.getText();
    if (token.isCancellationRequested || !isK6Script(text)) return [];
    const options = /^export\s+(?:const|let|var)\s+options\b/m.exec(text);
    const line = options ? doc.positionAt(options.index).line : 0;
    const at = new vscode.Range(line, 0, line, 0);
    const args = [doc.uri];
    return [
      new vscode.CodeLens(at, { title: '$(cloud-upload) Run in Cluster', tooltip: 'Run this script as a Kubernetes Job', command: 'metricVault.runInCluster', arguments: args }),
      new vscode.CodeLens(at, { title: '$(play) Run Locally', tooltip: 'Run this script with the k6 on this machine', command: 'metricVault.runLocally', arguments: args }),
      new vscode.CodeLens(at, { title: '$(check) Validate', tooltip: 'Check syntax and options; problems go to the Problems panel', command: 'metricVault.validateScript', arguments: args }),
    ];
  }
}
