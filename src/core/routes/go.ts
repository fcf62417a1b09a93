// Go routers: Gin and Echo (r.GET, e.POST, groups from .Group("/p")), chi (r.Get, r.Route("/p",
// func(r chi.Router) {...}) scopes, r.With(mw).Get), and net/http 1.22 patterns
// (mux.HandleFunc("GET /items/{id}", h)).
import type { HttpMethod } from '../openapi/model';
import type { RouteFramework, RouteMatch } from './model';
import { joinMountedPaths, joinRoutePaths, normalizeRoutePath } from './paths';
import { inLineComment, type LineIndex, readStringLiteral } from './text';

const groups = /\b([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*)\s*\.\s*Group\s*\(\s*/g;
const upperCalls = /\b([A-Za-z_]\w*)\s*\.\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s*\(\s*/g;
const chiCalls = /\b([A-Za-z_]\w*)\s*(?:\.\s*With\s*\((?:[^()]|\([^()]*\))*\)\s*)*\.\s*(Get|Post|Put|Delete|Patch|Head|Options)\s*\(\s*/g;
const chiRoutes = /\b([A-Za-z_]\w*)\s*\.\s*Route\s*\(\s*/g;
const methodCalls = /\b([A-Za-z_]\w*)\s*\.\s*(Handle|Method|MethodFunc)\s*\(\s*"([A-Z]+)"\s*,\s*/g;
const stdlib = /\b([A-Za-z_]\w*)\s*\.\s*(?:HandleFunc|Handle)\s*\(\s*"(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:[^\s/"]*)(\/[^"]*)"/g;

/** The matching `}` of the `{` at `open` (Go strings and comments skipped roughly). */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return text.length;
      i = close;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

export function scanGo(text: string, at: LineIndex): RouteMatch[] {
  const head = text.slice(0, 3000);
  const upperFramework: RouteFramework = /labstack\/echo/.test(head) ? 'echo' : 'gin';
  const hasChi = /go-chi\/chi/.test(head);
  const prefixes = new Map<string, string>();
  // chi: r.Route("/articles", func(r chi.Router) { ... }) → r inside has the prefix.
  const scopes: { start: number; end: number; name: string; prefix: string }[] = [];
  const prefixAt = (name: string, offset: number): string => {
    let best: { start: number; prefix: string } | undefined;
    for (const s of scopes) if (s.name === name && s.start <= offset && offset <= s.end && (!best || s.start > best.start)) best = s;
    return best?.prefix ?? prefixes.get(name) ?? '';
  };
  if (hasChi) {
    for (const m of text.matchAll(chiRoutes)) {
      const offset = m.index ?? 0;
      const window = text.slice(offset + m[0].length, offset + m[0].length + 500);
      const s = readStringLiteral(window);
      if (!s) continue;
      const fn = /^\s*,\s*func\s*\(\s*([A-Za-z_]\w*)\s+[\w.*]+\s*\)\s*\{/.exec(s.rest.slice(0, 200));
      if (!fn) continue;
      const open = offset + m[0].length + (window.length - s.rest.length) + fn[0].length - 1;
      scopes.push({ start: open, end: blockEnd(text, open), name: fn[1], prefix: joinRoutePaths(prefixAt(m[1], offset), s.value) });
    }
  }
  for (const m of text.matchAll(groups)) {
    const s = readStringLiteral(text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 500));
    if (s) prefixes.set(m[1], joinRoutePaths(prefixAt(m[2], m.index ?? 0), s.value));
  }
  const out: RouteMatch[] = [];
  const push = (framework: RouteFramework, receiver: string, method: string, raw: string, offset: number) => {
    if (inLineComment(text, at.lineStart(offset), offset, ['//'])) return;
    // chi sub-routers treat their own `/` as the mount point; Gin and Echo groups keep the slash.
    const join = framework === 'chi' ? joinMountedPaths : joinRoutePaths;
    out.push({ line: at.line(offset), column: at.column(offset), framework, method: method.toUpperCase() as HttpMethod, path: normalizeRoutePath(join(prefixAt(receiver, offset), raw)) });
  };
  const pathAt = (from: number) => {
    const s = readStringLiteral(text.slice(from, from + 500));
    return s && /^\s*[,)]/.test(s.rest) ? s.value : undefined;
  };
  for (const m of text.matchAll(upperCalls)) {
    const raw = pathAt((m.index ?? 0) + m[0].length);
    if (raw !== undefined && raw.startsWith('/')) push(upperFramework, m[1], m[2], raw, m.index ?? 0);
  }
  if (hasChi) {
    for (const m of text.matchAll(chiCalls)) {
      const raw = pathAt((m.index ?? 0) + m[0].length);
      if (raw !== undefined && raw.startsWith('/')) push('chi', m[1], m[2], raw, m.index ?? 0);
    }
  }
  for (const m of text.matchAll(methodCalls)) {
    const raw = pathAt((m.index ?? 0) + m[0].length);
    if (raw !== undefined && raw.startsWith('/')) push(m[2] === 'Handle' ? upperFramework : 'chi', m[1], m[3], raw, m.index ?? 0);
  }
  for (const m of text.matchAll(stdlib)) push('net/http', m[1], m[2], m[3], m.index ?? 0);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
