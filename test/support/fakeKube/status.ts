// `Status` objects, the body of every error the real API server returns.

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { field?: string; message: string; reason?: string }[];
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error the fake answers as a Status with this code. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    return failure(this.code, this.reason, this.message, this.details);
  }
}

export function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export function success(details?: StatusDetails): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}), code: 200 };
}

/** `pods "web-1" not found` — the resource is the plural, qualified by group when there is one. */
export function notFound(resource: string, group: string, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });
}

export function alreadyExists(resource: string, group: string, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource });
}

export function conflict(resource: string, group: string, name: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: group || undefined, kind: resource },
  );
}

/** The message client-go shows for a watch whose resourceVersion was compacted away. */
export function expired(requested: number, oldest: number): StatusBody {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** Default reasons and messages for a status code forced by `failNext`. */
export function forcedFailure(code: number, message?: string): StatusBody {
  switch (code) {
    case 401:
      return failure(401, 'Unauthorized', message ?? 'Unauthorized');
    case 403:
      return failure(403, 'Forbidden', message ?? 'forbidden: User "fake-user" cannot perform this action');
    case 404:
      return failure(404, 'NotFound', message ?? 'the server could not find the requested resource');
    case 409:
      return failure(409, 'Conflict', message ?? 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again');
    case 410:
      return failure(410, 'Gone', message ?? 'the resource version requested is no longer available');
    case 503:
      return failure(503, 'ServiceUnavailable', message ?? 'the server is currently unable to handle the request');
    default:
      return failure(code, 'InternalError', message ?? 'Internal error occurred: injected failure');
  }
}
