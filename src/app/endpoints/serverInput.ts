// Checks for what a user types when registering a server; each returns the message to show
// inline, or undefined when the value is fine.
import { classifySource } from '../../infra/openapi/sourceReader';

/**
 * A base URL typed without a scheme (`localhost:8081/api`, `api.test`) means http://, as a
 * browser's address bar reads it; `new URL` alone would take `localhost:` for the scheme.
 */
export function withDefaultScheme(text: string): string {
  const s = text.trim();
  return s === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(javascript|data|mailto|file):/i.test(s) ? s : `http://${s}`;
}

export function baseUrlProblem(text: string): string | undefined {
  const s = withDefaultScheme(text);
  if (s === '') return 'Enter the server\'s base URL, for example http://127.0.0.1:8000';
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return 'Not a URL. For example http://127.0.0.1:8000 or localhost:8000/api';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Only http and https servers can be load-tested, not "${url.protocol}"`;
  if (!url.hostname) return 'The URL has no host';
  if (url.username || url.password) return 'Leave credentials out of the URL; they would be stored in plain text';
  return undefined;
}

/** The optional document URL: empty is fine; otherwise whatever the reader would refuse (classifySource). */
export function specSourceProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    classifySource(text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A stable id for an external server: the same base URL registers the same server. */
export function externalServerId(baseUrl: string): string {
  const url = new URL(withDefaultScheme(baseUrl));
  const path = url.pathname.replace(/\/+$/, '');
  return `ext:${url.host}${path}`;
}

export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(withDefaultScheme(baseUrl));
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}
