import type * as vscode from 'vscode';
import type { ServerRecord } from '../../core/model';
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

/** How to reach a cluster server's document (API-server proxy auth), supplied by the Kubernetes area. */
export type ClusterServerAccess = (server: ServerRecord) => Promise<Pick<AnalyzeOptions, 'headers' | 'agent'>>;

const clusterAccess = new WeakMap<Ctx, ClusterServerAccess>();

/**
 * The Kubernetes area registers how documents of cluster servers are read (headers and TLS
 * agent for the service proxy); "Copy as curl" and "Open Spec at Operation" use it.
 */
export function setClusterServerAccess(ctx: Ctx, access: ClusterServerAccess): vscode.Disposable {
  clusterAccess.set(ctx, access);
  return { dispose: () => clusterAccess.delete(ctx) };
}

/** analyzeOptions plus, for a cluster server, the registered access (headers, agent). */
export async function optionsForServer(ctx: Ctx, server: ServerRecord, signal?: AbortSignal): Promise<AnalyzeOptions> {
  const base = analyzeOptions(ctx, signal);
  const access = server.kind === 'cluster' ? clusterAccess.get(ctx) : undefined;
  return access ? { ...base, ...(await access(server)) } : base;
}

/** A VS Code cancellation token as an AbortSignal. */
export function abortSignalFor(token: { onCancellationRequested(listener: () => void): { dispose(): void } }): AbortSignal {
  const ctl = new AbortController();
  token.onCancellationRequested(() => ctl.abort());
  return ctl.signal;
}
