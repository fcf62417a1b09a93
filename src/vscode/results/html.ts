// The results panel's HTML shell (pure, no vscode import, so tests render the same page).
// CSP `default-src 'none'`; scripts only with this render's nonce; styles, fonts and images
// only from the extension's own webview resources. Nothing from a run is put in a script:
// the run id travels as an HTML-escaped data attribute.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  runId: string;
  /** The filter a new panel starts with. */
  filter?: string;
}

/** A fresh nonce per render (128 bits, base64 without padding). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/=+$/, '');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderPanelHtml(i: PanelHtmlInput): string {
  const a = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(panelCsp(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(i.styleUri)}">
<title>Run ${a(i.runId)}</title>
</head>
<body data-run-id="${a(i.runId)}" data-filter="${a(i.filter ?? 'all')}">
<div id="app"></div>
<script nonce="${a(i.nonce)}" src="${a(i.scriptUri)}"></script>
</body>
</html>
`;
}
