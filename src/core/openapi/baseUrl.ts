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
