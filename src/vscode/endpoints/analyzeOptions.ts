import type { AnalyzeOptions } from '../../infra/openapi/index';
import type { Ctx } from '../context';

/** Limits from settings; external $refs only in a trusted workspace. */
export function analyzeOptions(ctx: Ctx, signal?: AbortSignal): AnalyzeOptions {
  const c = ctx.config;
  return {
    maxBytes: c.openapi.maxDocumentSizeMb * 1024 * 1024,
    timeoutMs: c.openapi.timeoutSeconds * 1000,
    allowExternalRefs: c.openapi.allowExternalRefs && ctx.isTrusted,
    probePaths: c.discovery.paths,
    signal,
  };
}

/** A VS Code cancellation token as an AbortSignal. */
export function abortSignalFor(token: { onCancellationRequested(listener: () => void): { dispose(): void } }): AbortSignal {
  const ctl = new AbortController();
  token.onCancellationRequested(() => ctl.abort());
  return ctl.signal;
}
