import * as vscode from 'vscode';
import type { ServerRecord } from '../../core/model';
import { type AnalyzeOptions, isOpenApiError } from '../../infra/openapi/index';
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

/** How to reach a cluster server's document: credentials scoped to its service's proxy path (the cluster service). */
export type ClusterServerAccess = (server: ServerRecord) => Promise<AnalyzeOptions['credentials']>;

/**
 * analyzeOptions plus, for a cluster server, the cluster's credentials for its service proxy —
 * the one way every reader of a discovered server's document (Create Load Test, Copy as curl,
 * Open Spec) goes through the API server, with the cluster's CA.
 */
export async function optionsForServer(ctx: Ctx, access: ClusterServerAccess, server: ServerRecord, signal?: AbortSignal): Promise<AnalyzeOptions> {
  const base = analyzeOptions(ctx, signal);
  const credentials = server.kind === 'cluster' ? await access(server) : undefined;
  return credentials ? { ...base, credentials } : base;
}

/** A VS Code cancellation token as an AbortSignal. */
export function abortSignalFor(token: { onCancellationRequested(listener: () => void): { dispose(): void } }): AbortSignal {
  const ctl = new AbortController();
  token.onCancellationRequested(() => ctl.abort());
  return ctl.signal;
}

/** Runs a read under a cancellable progress notification; undefined when the user cancelled it (not an error). */
export async function withReading<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => work(abortSignalFor(token)));
  } catch (err) {
    if (isOpenApiError(err) && err.kind === 'aborted') return undefined;
    throw err;
  }
}
