// One run's results panel: the webview host side. It posts nothing before the webview says
// `ready` (and again after every reload: no retainContextWhenHidden, the webview restores
// itself from getState and asks for a fresh state). Every incoming message is validated.
import * as vscode from 'vscode';
import { type HostMessage, type PanelState, parseWebviewMessage, resultsViewType, type WebviewMessage } from '../../core/panelProtocol';
import { Disposable } from '../common/lifecycle';
import { makeNonce, renderPanelHtml } from './html';

export interface PanelHost {
  /** The full state to send after `ready`. */
  state(runId: string): PanelState | undefined;
  /** A validated request from the webview. */
  handle(runId: string, message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void>;
  /** The filter a new panel starts with. */
  initialFilter(): string;
  closed(runId: string): void;
  log(message: string): void;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The webview may load only its own bundle and the extension's media.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class ResultsPanel extends Disposable {
  private ready = false;

  private constructor(
    readonly runId: string,
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    super();
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'metric-vault.svg');
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(
      panel.onDidDispose(() => {
        host.closed(runId);
        this.dispose();
      }),
    );
    this.render();
  }

  static create(runId: string, extensionUri: vscode.Uri, host: PanelHost, column = vscode.ViewColumn.Active): ResultsPanel {
    const panel = vscode.window.createWebviewPanel(resultsViewType, `Run ${runId}`, { viewColumn: column, preserveFocus: false }, panelOptions(extensionUri));
    return new ResultsPanel(runId, panel, extensionUri, host);
  }

  /** A panel VS Code restored after a window reload (WebviewPanelSerializer). */
  static revive(runId: string, panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: PanelHost): ResultsPanel {
    return new ResultsPanel(runId, panel, extensionUri, host);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Posts when the webview is listening; otherwise the next `ready` brings a full state. */
  post(message: HostMessage): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  private render(): void {
    const webview = this.panel.webview;
    const base = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    this.ready = false;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'results.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'results.css')).toString(),
      nonce: makeNonce(),
      runId: this.runId,
      filter: this.host.initialFilter(),
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.host.log(`Ignored an invalid message from the results panel of run ${this.runId}.`);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      const state = this.host.state(this.runId);
      if (state) void this.panel.webview.postMessage({ type: 'state', state } satisfies HostMessage);
      return;
    }
    try {
      await this.host.handle(this.runId, message);
    } catch (err) {
      this.host.log(`The results panel of run ${this.runId} could not ${message.type === 'export' ? `export ${message.what}` : message.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
