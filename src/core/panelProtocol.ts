// The results panel's message protocol, imported by both the extension host and the webview
// bundle. Every message from the webview is validated by `parseWebviewMessage` before use.

/** Messages the webview sends to the host. */
export type WebviewMessage = { type: 'ready' };

/** Validates an untrusted message from the webview; anything else is rejected. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const type = (raw as { type?: unknown }).type;
  if (type === 'ready') return { type };
  return undefined;
}
