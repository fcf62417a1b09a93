// The BASE_URL a generated script sends to. k6 needs an absolute http(s) URL; a document read
// from a file may only say `servers: [{ url: /api/v3 }]`, `{scheme}://{host}` without
// defaults, or (Swagger 2.0) a basePath without a host. Then the user must say where the API
// runs: a registered server's URL, or `--base-url`.

export type BaseUrlChoice = { url: string } | { problem: string };

function isAbsoluteHttp(url: string): boolean {
  return /^https?:\/\/[^/{}\s]+/i.test(url) && !/[{}]/.test(url);
}

/**
 * @param servers the document's server URLs as listed (absolute where the document's own URL
 *   could make them so; relative or with unfilled `{variables}` otherwise)
 * @param override the user's base URL (`--base-url`), used as given
 */
export function scriptBaseUrl(servers: readonly string[], override?: string): BaseUrlChoice {
  if (override) return { url: override.replace(/\/+$/, '') };
  const absolute = servers.find(isAbsoluteHttp);
  if (absolute) return { url: absolute.replace(/\/+$/, '') };
  const named = servers.length ? `its servers are ${servers.map((s) => JSON.stringify(s)).join(', ')}` : 'it names no server (no "servers", or no "host" in Swagger 2.0)';
  return { problem: `The document gives no absolute server URL to send requests to: ${named}. Pass --base-url http://host:port${relativePath(servers)} (where the API runs).` };
}

/** The path of a relative server (`/api/v3`), shown in the suggestion so the user keeps it. */
function relativePath(servers: readonly string[]): string {
  const rel = servers.find((s) => s.startsWith('/') && s !== '/' && !/[{}]/.test(s));
  return rel ? rel.replace(/\/+$/, '') : '';
}

/**
 * The API's base path as the document declares it: the path of its first server that is a
 * URL or an absolute path (`/api/v3`, Swagger 2.0's `basePath`), without a trailing slash; ''
 * for none. `readPrefix` is the path the document was read under that is not the API's own —
 * the Kubernetes API server's service proxy (`/api/v1/namespaces/test/services/svc:8080/proxy`),
 * against whose URL a relative server was resolved.
 */
export function declaredBasePath(servers: readonly string[], readPrefix = ''): string {
  for (const server of servers) {
    if (/[{}]/.test(server)) continue; // a variable without a default: no usable path
    let path: string;
    if (server.startsWith('/')) path = server;
    else {
      try {
        path = new URL(server).pathname;
      } catch {
        continue;
      }
    }
    const prefix = readPrefix.replace(/\/+$/, '');
    if (prefix && (path === prefix || path.startsWith(`${prefix}/`))) path = path.slice(prefix.length);
    return path.replace(/\/+$/, '');
  }
  return '';
}

/**
 * Where a registered server's requests go: the URL it runs at (a service's in-cluster URL, or
 * the URL the user registered) with the base path its document declares (`servers: [{ url:
 * /api/v3 }]` with the service at http://svc:8080 → http://svc:8080/api/v3). A registered URL
 * that already ends with that path, or whose path the declared one starts with (an ingress
 * prefix the application knows about), is not given it twice.
 */
export function registeredBaseUrl(registered: string, servers: readonly string[], readPrefix = ''): string {
  const declared = declaredBasePath(servers, readPrefix);
  const trimmed = registered.replace(/\/+$/, '');
  if (!declared) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  const own = url.pathname.replace(/\/+$/, '');
  if (own === declared || (own && own.endsWith(declared))) return trimmed;
  const path = own && (declared === own || declared.startsWith(`${own}/`)) ? declared : `${own}${declared}`;
  // The registered text up to its path, not url.origin, which drops an explicit default port (`:80`).
  const origin = own && trimmed.endsWith(own) ? trimmed.slice(0, -own.length) : url.search || url.hash ? url.origin : trimmed;
  return `${origin}${path}`;
}
