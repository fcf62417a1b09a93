import type * as http from 'node:http';

export interface AnalyzeOptions {
  /** Largest document (or page) read, in bytes. Default 50 MB. */
  maxBytes?: number;
  /** Deadline for the whole analysis (page, scripts, probes, document). Default 30 s. */
  timeoutMs?: number;
  /** Follow `$ref`s to other http(s) documents. `$ref`s to local files are never read. */
  allowExternalRefs?: boolean;
  /** Sent with every request to the source's origin (not to other origins after a redirect). */
  headers?: Record<string, string>;
  /** For https with client certificates, or any custom connection handling. */
  agent?: http.Agent;
  signal?: AbortSignal;
  /** Paths tried, in order, when the source is a base URL with no document at it. */
  probePaths?: string[];
}

export const defaultMaxBytes = 50 * 1024 * 1024;
export const defaultTimeoutMs = 30_000;
export const defaultProbePaths = ['/openapi.json', '/v3/api-docs', '/swagger.json', '/docs', '/swagger-ui/index.html', '/api-docs', '/openapi.yaml', '/swagger/v1/swagger.json', '/swagger-ui.html', '/redoc'];
/** External documents fetched at most per resolution, when allowed. */
export const maxExternalDocuments = 20;
