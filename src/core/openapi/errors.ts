// Why an OpenAPI source could not be read. `message` is written for the user (it names the
// source and the limit or problem); `kind` is a short code tests and callers branch on.

export type OpenApiErrorKind =
  | 'not-found'
  | 'http-status'
  | 'too-large'
  | 'timeout'
  | 'redirects'
  | 'scheme'
  | 'network'
  | 'invalid'
  | 'not-openapi'
  | 'unsupported'
  | 'aborted'
  /** Not read on purpose: credentials out of scope, or a link-local / metadata address. */
  | 'refused'
  | 'operation-not-found';

export class OpenApiError extends Error {
  override readonly name = 'OpenApiError';
  constructor(
    readonly kind: OpenApiErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function isOpenApiError(err: unknown): err is OpenApiError {
  return err instanceof OpenApiError || (err instanceof Error && err.name === 'OpenApiError' && typeof (err as { kind?: unknown }).kind === 'string');
}
