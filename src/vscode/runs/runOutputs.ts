// One output channel per run ("Metric Vault: run mv-…"), created on its first line of k6
// output. Only the newest few are kept so a long session does not pile up channels.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';

const keep = 8;

export class RunOutputs extends Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();

  constructor() {
    super();
    this._register({ dispose: () => this.channels.forEach((c) => c.dispose()) });
  }

  channel(runId: string): vscode.OutputChannel {
    let c = this.channels.get(runId);
    if (!c) {
      c = vscode.window.createOutputChannel(`Metric Vault: run ${runId}`);
      this.channels.set(runId, c);
      for (const [id, old] of [...this.channels].slice(0, Math.max(0, this.channels.size - keep))) {
        old.dispose();
        this.channels.delete(id);
      }
    }
    return c;
  }

  append(runId: string, line: string): void {
    this.channel(runId).appendLine(line);
  }

  has(runId: string): boolean {
    return this.channels.has(runId);
  }

  show(runId: string): void {
    this.channel(runId).show(true);
  }
}
