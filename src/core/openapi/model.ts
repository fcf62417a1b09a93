// The endpoint model every layer shares: what discovery produces, the Endpoints view shows,
// the store keeps and the k6 generator consumes. Plain data.

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/**
 * A JSON Schema as found in the document, with `$ref`s resolved; may be cyclic: a schema that
 * refers to itself (directly or through others) is the same object again, not a copy. Walk one
 * with a set of the objects on the current path (or a depth limit); before JSON.stringify or
 * storing one, pass it through `toAcyclic()` (src/core/openapi/acyclic.ts). A `$ref` that was
 * not followed (a local file, an external document the user did not allow, a dangling pointer)
 * stays as `{ $ref, 'x-unresolved': reason }`.
 */
export type JsonSchema = { [key: string]: unknown };

/** One operation as listed (cheap: no `$ref` resolution needed to build it). */
export interface OperationSummary {
  method: HttpMethod;
  path: string;
  operationId?: string;
  summary?: string;
  tags: string[];
  deprecated: boolean;
  /** Set when the operation is a `$ref` that could not be read: it exists, but its details are unknown. */
  warning?: string;
}

export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: JsonSchema;
  example?: unknown;
  style?: string;
  explode?: boolean;
}

export interface ApiMediaType {
  mediaType: string;
  schema?: JsonSchema;
  example?: unknown;
}

export interface ApiRequestBody {
  required: boolean;
  contents: ApiMediaType[];
}

/** One way to authenticate; an operation lists alternatives (any one suffices). */
export interface ApiSecurityScheme {
  name: string;
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  /** For `http`: `bearer`, `basic`, ... */
  scheme?: string;
  /** For `apiKey`. */
  in?: 'header' | 'query' | 'cookie';
  paramName?: string;
}

/**
 * OpenAPI 3: the server an operation's own `servers` (else its path item's) name, when it is
 * not the document's (operationServers.ts).
 */
export interface OperationServer {
  /**
   * Absolute (`https://files.stripe.com`): requests go there. Or a path (`/v2`): it takes the
   * place of the document's base path under BASE_URL.
   */
  url: string;
  /** The path of the document's first server (`/api/v3`, '' for none), which BASE_URL ends with. */
  documentBasePath: string;
}

/** One operation with its parameters, body and security resolved — built on demand. */
export interface ResolvedOperation extends OperationSummary {
  /** Set when the operation is served elsewhere than the document's first server. */
  server?: OperationServer;
  parameters: ApiParameter[];
  requestBody?: ApiRequestBody;
  /** Alternatives: each inner array must be satisfied together. Empty: no auth. */
  security: ApiSecurityScheme[][];
  /** The first 2xx response code, or 200. */
  expectedStatus: number;
  /** Problems met while resolving (unresolved `$ref`s); the operation is still usable. */
  warnings?: string[];
}

/** The endpoint list of one document. */
export interface ApiDocument {
  title: string;
  version: string;
  /** `2.0`, `3.0.3`, `3.1.0`, ... */
  specVersion: string;
  /** Which strategy read it: a direct JSON/YAML document or a Swagger UI / ReDoc page. */
  strategy: 'direct' | 'swagger-ui';
  /** Where the document itself was read from (after following a Swagger UI page). */
  documentUrl: string;
  /** The bytes' change-detection key: their CRC-32 and length (`crc32:1a2b3c4d:4184581`, see infra/openapi/analyze.ts). */
  hash: string;
  /** Server URLs the document declares (absolute where they could be made so). */
  servers: string[];
  warnings: string[];
  operations: OperationSummary[];
}

/** `GET /pets/{petId}`: the key runs, scripts, lenses and baselines use for an endpoint. */
export function endpointKey(op: Pick<OperationSummary, 'method' | 'path'>): string {
  return `${op.method} ${op.path}`;
}
