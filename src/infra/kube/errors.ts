// Turns what @kubernetes/client-node throws (ApiException with a Status body, undici's
// "fetch failed" with a socket error as its cause, TLS errors, a watch's statusCode) into a
// KubeError the UI can show with a next step.
import { kubeError, type KubeError } from '../../core/result';

/** What the failed call was doing, for the message. */
export interface ErrorContext {
  /** e.g. `list`, `watch`, `get`. */
  verb?: string;
  /** e.g. `pods`, `services/proxy`, `jobs.batch`. */
  resource?: string;
  namespace?: string;
  server?: string;
  contextName?: string;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ECONNABORTED']);
const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|DEPTH_ZERO/;

interface StatusLike {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/** The Status the API server sent, if the body is one (client-node gives it as an object or a JSON string). */
export function statusBody(body: unknown): StatusLike | undefined {
  let b: unknown = body;
  if (typeof body === 'string') {
    try {
      b = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 300) } : undefined;
    }
  }
  if (b && typeof b === 'object' && ('message' in b || 'reason' in b)) return b as StatusLike;
  return undefined;
}

function causeOf(err: unknown): { code?: string; message?: string } {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message: (e as Error).message };
    e = (e as { cause?: unknown }).cause;
  }
  return {};
}

function what(c: ErrorContext): string {
  const res = c.resource ?? 'resources';
  return `${c.verb ?? 'access'} ${res}${c.namespace ? ` in namespace "${c.namespace}"` : ''}`;
}

/** A KubeError for an HTTP status the API server answered with. */
export function fromStatus(code: number, body: unknown, c: ErrorContext): KubeError {
  const status = statusBody(body);
  const detail = status?.message ? `: ${status.message}` : '';
  const ctxName = c.contextName ? ` of context "${c.contextName}"` : '';
  switch (code) {
    case 401:
      return kubeError(
        'unauthorized',
        `The cluster rejected the credentials${ctxName} (401 Unauthorized).`,
        'Refresh the kubeconfig credentials (token or client certificate) — for k3s copy /etc/rancher/k3s/k3s.yaml again — then select the context.',
        401,
      );
    case 403:
      return kubeError(
        'forbidden',
        `Not allowed to ${what(c)}${detail || ' (403 Forbidden)'}.`.replace(/\.\.$/, '.'),
        `Ask a cluster admin for a Role in namespace "${c.namespace ?? 'test'}" that allows ${c.verb ?? 'this'} on ${c.resource ?? 'the resource'}, bound to your user.`,
        403,
      );
    case 404:
      return kubeError('not-found', `Not found: ${what(c)}${detail}.`.replace(/\.\.$/, '.'), undefined, 404);
    case 409:
      return kubeError('conflict', `Conflict while trying to ${what(c)}${detail}.`.replace(/\.\.$/, '.'), 'Refresh and try again.', 409);
    default:
      return kubeError(
        'server',
        `The API server failed to ${what(c)} (${code}${status?.reason ? ` ${status.reason}` : ''})${detail}.`.replace(/\.\.$/, '.'),
        code === 429 || code >= 500 ? 'It may be overloaded or restarting; Metric Vault retries with backoff.' : undefined,
        code,
      );
  }
}

/** Any error thrown by a client-node call, or by fetch underneath it. */
export function toKubeError(err: unknown, c: ErrorContext): KubeError {
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown; message?: unknown } | undefined;
  // ApiException: numeric `code` plus the body.
  if (e && typeof e.code === 'number' && e.code >= 100 && e.code < 600) {
    // client-node turns a network failure during the metrics/log helpers into a 500 without a body.
    return fromStatus(e.code, e.body, c);
  }
  // Watch: an Error with `statusCode`.
  if (e && typeof e.statusCode === 'number') return fromStatus(e.statusCode, undefined, c);
  const cause = causeOf(err);
  const server = c.server ? ` at ${c.server}` : '';
  if (cause.code && tlsCodes.test(cause.code)) {
    return kubeError(
      'unreachable',
      `The API server${server} presented a certificate this machine does not trust (${cause.code}).`,
      "Check the cluster's certificate-authority-data in the kubeconfig (for k3s, copy /etc/rancher/k3s/k3s.yaml again and replace 127.0.0.1 with the server's address).",
    );
  }
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if ((cause.code && networkCodes.has(cause.code)) || /fetch failed|socket hang up|network|ECONN|timeout|aborted due to timeout/i.test(message)) {
    return kubeError(
      'unreachable',
      `Cannot reach the Kubernetes API server${server}${cause.code ? ` (${cause.code})` : ''}.`,
      "Check that the cluster is running and that the kubeconfig's server address is reachable from this machine (VPN, firewall), then refresh.",
    );
  }
  if (/HTTP protocol is not allowed/.test(message)) {
    return kubeError('unreachable', `The kubeconfig's server${server} uses plain HTTP without insecure-skip-tls-verify.`, 'Use the https:// address of the API server in the kubeconfig.');
  }
  return kubeError('server', `Kubernetes call failed (${what(c)}): ${message}`);
}
