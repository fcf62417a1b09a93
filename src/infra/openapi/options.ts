import type { ScopedCredentials } from '../http/urlPolicy';

export interface AnalyzeOptions {
  /** Largest document (or page) read, in bytes. Default 50 MB. */
  maxBytes?: number;
  /** Deadline for the whole analysis (page, scripts, probes, document). Default 30 s. */
  timeoutMs?: number;
  /**
   * Follow `$ref`s to other http(s) documents (a split document served over http). The files of
   * a local split document are read without it, inside the document's folder only.
   */
  allowExternalRefs?: boolean;
  /**
   * Credentials (a token, the cluster's CA and client certificate) for URLs under their scope
   * only — a service's API-server proxy path. A page or redirect naming the same server
   * outside the scope is refused; another server is read without them.
   */
  credentials?: ScopedCredentials;
  signal?: AbortSignal;
  /** Paths tried, in order, when the source is a base URL with no document at it. */
  probePaths?: string[];
}

export const defaultMaxBytes = 50 * 1024 * 1024;
export const defaultTimeoutMs = 30_000;
export const defaultProbePaths = ['/openapi.json', '/v3/api-docs', '/swagger.json', '/docs', '/swagger-ui/index.html', '/api-docs', '/openapi.yaml', '/swagger/v1/swagger.json', '/swagger-ui.html', '/redoc'];
/** External documents fetched at most per listing or resolution, when allowed (a split document served over http has hundreds). */
export const maxExternalDocuments = 2000;
