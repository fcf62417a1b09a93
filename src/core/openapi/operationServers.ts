// Servers named below the document (OpenAPI 3): a path item's or an operation's own `servers`
// replace the document's for that operation — Stripe uploads files to https://files.stripe.com
// while everything else goes to https://api.stripe.com. A generated script sends such an
// operation to its own server instead of BASE_URL.
import type { OperationServer } from './model';
import { isRecord, own, ownArray, ownRecord, ownString } from './safeObject';

/** A Server Object's URL with each `{variable}` replaced by its default (one without a default stays as written). */
export function serverUrlOf(server: unknown): string | undefined {
  const raw = ownString(server, 'url');
  if (raw === undefined) return undefined;
  const vars = ownRecord(server, 'variables');
  return raw.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const d = own(ownRecord(vars, name), 'default');
    return typeof d === 'string' || typeof d === 'number' ? String(d) : whole;
  });
}

const absoluteHttp = /^https?:\/\/[^/?#\s]+/i;

/**
 * `https://api.example.com/v1/` → `https://api.example.com/v1`; a relative one as a path from
 * the service's root (`v2`, `./v2` → `/v2`: the document is usually served at the root).
 */
function normalized(url: string): string {
  if (absoluteHttp.test(url)) return url.replace(/\/+$/, '');
  try {
    return new URL(url, 'http://service/').pathname.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/** The path of a normalized server URL: what BASE_URL ends with when it points at that server. */
function pathOf(url: string): string {
  if (!absoluteHttp.test(url)) return url;
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

function originOf(url: string): string | undefined {
  if (!absoluteHttp.test(url)) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export type OperationServerChoice = { server?: OperationServer; warning?: string };

/**
 * The server an operation is sent to when its own `servers` (else its path item's) name another
 * than the document's first; nothing when they name the same one, or none. A relative URL, or
 * an absolute one on the document server's origin, becomes a path that takes the place of the
 * document's base path under BASE_URL (so it follows `-e BASE_URL=…` to a staging host); an
 * absolute one elsewhere stays absolute. A URL k6 could not request (a variable without a
 * default, another scheme) is left out with a warning: the operation goes to BASE_URL.
 */
export function operationServer(doc: unknown, pathItem: unknown, op: unknown): OperationServerChoice {
  const named = firstServer(op) ?? firstServer(pathItem);
  if (named === undefined) return {};
  if (/[{}]/.test(named) || (/^[a-z][a-z0-9+.-]*:/i.test(named) && !absoluteHttp.test(named)) || /[?#\s]/.test(named)) {
    return { warning: `its server ${JSON.stringify(named)} cannot be requested as written (a variable without a default, or not http/https), so it is sent to BASE_URL` };
  }
  const documentServer = firstServer(doc);
  const document = normalized(documentServer ?? '/');
  // A document server with an unfilled variable has no path BASE_URL can be known to end with.
  const documentBasePath = documentServer !== undefined && /[{}]/.test(documentServer) ? '' : pathOf(document);
  const url = normalized(named);
  if (url === document) return {};
  const sameOrigin = originOf(url) !== undefined && originOf(url) === originOf(document);
  if (!absoluteHttp.test(url) || sameOrigin) {
    const path = pathOf(url);
    return path === documentBasePath ? {} : { server: { url: path, documentBasePath } };
  }
  return { server: { url, documentBasePath } };
}

function firstServer(holder: unknown): string | undefined {
  const list = ownArray(holder, 'servers');
  const first = list?.find(isRecord);
  return first === undefined ? undefined : serverUrlOf(first);
}
