// Finds OpenAPI document URLs in a Swagger UI, ReDoc (or Scalar) page and in the scripts it
// loads, by reading the text — nothing in the page is ever executed. Swagger UI keeps its
// configuration in an inline script or in `swagger-initializer.js`: `url`, `urls: [{ url, name }]`
// or `configUrl` (a JSON file with `url`/`urls`, as springdoc serves it).

export interface DocumentLink {
  url: string;
  name?: string;
}

export interface DocsPageFindings {
  kind: 'swagger-ui' | 'redoc' | 'scalar' | undefined;
  links: DocumentLink[];
  configUrls: string[];
  /** Same-site scripts that may hold the configuration (initializers), in page order. */
  scripts: string[];
}

const quoted = String.raw`(["'\x60])((?:(?!\1)[^\\\n]|\\.)*)\1`;
// Attribute scans stop at the next `<` as well as `>`, so a hostile page with thousands of
// unclosed tags is read in linear time instead of rescanning the rest of the page from each.
const inTag = '[^<>]*';

export function scanDocsPage(html: string): DocsPageFindings {
  const kind = /swagger-ui|SwaggerUIBundle|swagger-initializer/i.test(html)
    ? 'swagger-ui'
    : /<redoc[\s>]|Redoc\.init|redoc\.standalone/i.test(html)
      ? 'redoc'
      : /id=["']api-reference["']|@scalar\/api-reference/i.test(html)
        ? 'scalar'
        : undefined;
  const found = scanScript(html);
  for (const m of html.matchAll(new RegExp(String.raw`<redoc\b${inTag}\bspec-url\s*=\s*${quoted}`, 'gi'))) found.links.push({ url: m[2]! });
  for (const m of html.matchAll(new RegExp(String.raw`Redoc\.init\(\s*${quoted}`, 'g'))) found.links.push({ url: m[2]! });
  for (const m of html.matchAll(new RegExp(String.raw`<script\b(?=${inTag}\bid=["']api-reference["'])${inTag}\bdata-url\s*=\s*${quoted}`, 'gi'))) found.links.push({ url: m[2]! });
  const scripts: string[] = [];
  for (const m of html.matchAll(new RegExp(String.raw`<script\b${inTag}\bsrc\s*=\s*${quoted}`, 'gi'))) {
    const src = m[2]!;
    if (/swagger-ui-bundle|standalone-preset|redoc\.standalone|^https?:|^\/\//i.test(src)) continue;
    scripts.push(src);
  }
  return { kind, links: dedupe(found.links), configUrls: [...new Set(found.configUrls)], scripts };
}

/** `url`, `urls` and `configUrl` settings in a script (or a page's inline scripts, or a JSON config). */
export function scanScript(js: string): { links: DocumentLink[]; configUrls: string[] } {
  const links: DocumentLink[] = [];
  const urlsBlock = new RegExp(String.raw`["']?\burls["']?\s*:\s*\[([\s\S]*?)\]`, 'g');
  // A `urls: [` block ends at or before the last `]`; searching only up to there, no failed
  // search runs to the end of a hostile script again and again (quadratic time).
  const end = js.lastIndexOf(']') + 1;
  const head = js.slice(0, end);
  for (const block of head.matchAll(urlsBlock)) {
    for (const entry of block[1]!.matchAll(/\{([^{}]*)\}/g)) {
      const url = setting(entry[1]!, 'url');
      const name = setting(entry[1]!, 'name');
      if (url) links.push(name ? { url, name } : { url });
    }
  }
  const withoutUrls = head.replace(urlsBlock, '') + js.slice(end);
  for (const m of withoutUrls.matchAll(new RegExp(String.raw`["']?\burl["']?\s*:\s*${quoted}`, 'g'))) links.push({ url: unescape(m[2]!) });
  // `url: window.location.origin + "/openapi.json"` and the like.
  for (const m of withoutUrls.matchAll(new RegExp(String.raw`["']?\burl["']?\s*:\s*[\w.$]+\s*\+\s*${quoted}`, 'g'))) links.push({ url: unescape(m[2]!) });
  const configUrls: string[] = [];
  for (const m of js.matchAll(new RegExp(String.raw`["']?\bconfigUrl["']?\s*:\s*${quoted}`, 'g'))) configUrls.push(unescape(m[2]!));
  return { links: dedupe(links.filter((l) => l.url.length > 0 && !l.url.includes('${'))), configUrls: configUrls.filter((u) => u.length > 0) };
}

function setting(text: string, key: string): string | undefined {
  const m = new RegExp(String.raw`["']?\b${key}["']?\s*:\s*${quoted}`).exec(text);
  return m ? unescape(m[2]!) : undefined;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function dedupe(links: DocumentLink[]): DocumentLink[] {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.url) ? false : (seen.add(l.url), true)));
}
