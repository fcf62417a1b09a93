// Route templates from every framework, normalized to OpenAPI style so a handler in source can
// be matched with an operation in a document: `:id`, `<int:id>`, `{id:[0-9]+}`, `*rest` → `{id}`.

/** Replaces `{name:regex}` (braces may nest inside the regex) with `{name}`. */
function stripBraceRegex(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch !== '{') {
      out += ch;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    while (j < path.length && depth > 0) {
      if (path[j] === '{') depth++;
      else if (path[j] === '}') depth--;
      j++;
    }
    const inner = path.slice(i + 1, depth === 0 ? j - 1 : j);
    const name = inner.split(':')[0].trim();
    out += `{${name}}`;
    i = j - 1;
  }
  return out;
}

/** An OpenAPI-style template for a framework's route path (leading slash, single slashes). */
export function normalizeRoutePath(raw: string): string {
  // Each rewrite runs only when its marker is present: most paths need none (hot in CodeLens).
  let p = raw.trim();
  if (p.includes('{') && p.includes(':')) p = stripBraceRegex(p);
  // net/http 1.22 wildcards: {path...} matches the rest of the path
  if (p.includes('...}')) p = p.replace(/\{([A-Za-z_]\w*)\.\.\.\}/g, '{$1}');
  // Flask / Werkzeug: <int:id>, <path:rest>, <id>
  if (p.includes('<')) p = p.replace(/<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g, '{$1}');
  // Express / Gin / Echo / NestJS: :id, :id?, :id(\d+), :id*  (braces were handled above)
  if (p.includes(':')) p = p.replace(/:([A-Za-z_$][\w$]*)(?:\((?:[^()]|\([^()]*\))*\))?[?*+]?/g, '{$1}');
  // Gin / Echo catch-all: *filepath
  if (p.includes('*')) p = p.replace(/\*([A-Za-z_]\w*)/g, '{$1}');
  if (p.includes('//')) p = p.replace(/\/{2,}/g, '/');
  if (!p.startsWith('/')) p = `/${p}`;
  return p;
}

/** Joins a router/controller prefix and a route path the way the frameworks concatenate them. */
export function joinRoutePaths(prefix: string, path: string): string {
  const pre = prefix.trim();
  const p = path.trim();
  if (p === '') return pre === '' ? '/' : pre;
  if (pre === '' || pre === '/') return p.startsWith('/') ? p : `/${p}`;
  return `${pre.replace(/\/+$/, '')}/${p.replace(/^\/+/, '')}`;
}

/** A sub-router's `/` is its mount point itself (Express, chi): `/api` + `/` → `/api`. */
export function joinMountedPaths(mount: string, path: string): string {
  if ((path.trim() === '/' || path.trim() === '') && mount.trim() !== '' && mount.trim() !== '/') return mount.trim();
  return joinRoutePaths(mount, path);
}

/**
 * The shape two paths share when they are the same endpoint: parameters anonymous, no
 * trailing slash. `/items/{item_id}/` and `/items/{itemId}` both give `/items/{}`.
 */
export function routeShape(path: string): string {
  const segments = normalizeRoutePath(path)
    .split('/')
    .filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
  return '/' + segments.map((s) => (/^\{[^}]*\}$/.test(s) ? '{}' : s)).join('/');
}

export function routeMatchesPath(routePath: string, specPath: string): boolean {
  return routeShape(routePath) === routeShape(specPath);
}

/**
 * Whether `specPath` ends with `suffix` segment by segment (parameters anonymous): the match for a
 * route whose prefix is computed at run time (`…/items/{id}` matches `/api/v2/items/{itemId}`).
 */
export function routeSuffixMatches(suffix: string, specPath: string): boolean {
  const want = routeShape(suffix);
  const have = routeShape(specPath);
  if (want === '/') return true;
  return have === want || have.endsWith(want);
}
