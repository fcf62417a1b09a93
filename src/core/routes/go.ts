// Go routers: Gin and Echo (r.GET, e.POST, groups from .Group("/p")), chi (r.Get, r.Route("/p",
// func(r chi.Router) {...}) scopes, r.With(mw).Get, r.Method("GET", ...)), and net/http 1.22
// patterns (mux.HandleFunc("GET /items/{id}", h)). One regular-expression pass anchored on the
// method name; receivers are read backwards from the dot.
import type { HttpMethod } from '../openapi/model';
import type { RouteFramework, RouteMatch } from './model';
import { joinMountedPaths, joinRoutePaths, normalizeRoutePath } from './paths';
import { inLineComment, type LineIndex, readStringLiteral, receiverBefore } from './text';

const calls = /\.\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Get|Post|Put|Delete|Patch|Head|Options|Group|Route|Handle|HandleFunc|Method|MethodFunc)\s*\(\s*/g;
const upper = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const skipWith = new Set(['With']);

interface Scope {
  offset: number;
  end: number;
  name: string;
  prefix: string;
  parent: Scope | undefined;
}

/** The matching `}` of the `{` at `open` (Go strings and line comments skipped). */
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
  type Hit = { verb: string; receiver: string; offset: number; args: number };
  const hits: Hit[] = [];
  for (const m of text.matchAll(calls)) {
    const dot = m.index ?? 0;
    const receiver = receiverBefore(text, dot, hasChi ? skipWith : undefined);
    if (receiver) hits.push({ verb: m[1], receiver: receiver.name, offset: receiver.start, args: dot + m[0].length });
  }
  // chi: r.Route("/articles", func(r chi.Router) { ... }) gives r a prefix inside the block.
  const scopes: Scope[] = [];
  const groups = new Map<string, string>();
  const scopeAt = (offset: number): Scope | undefined => {
    let lo = 0;
    let hi = scopes.length - 1;
    let found: Scope | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scopes[mid].offset <= offset) {
        found = scopes[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // The innermost scope holding `offset` is the last one starting before it or an ancestor.
    for (let s = found; s; s = s.parent) if (offset <= s.end) return s;
    return undefined;
  };
  const prefixOf = (name: string, offset: number): string => {
    for (let s = scopeAt(offset); s; s = s.parent) if (s.name === name) return s.prefix;
    return groups.get(name) ?? '';
  };
  const literal = (from: number) => readStringLiteral(text.slice(from, from + 500));
  for (const h of hits) {
    if (h.verb === 'Route' && hasChi) {
      const s = literal(h.args);
      const fn = s && /^\s*,\s*func\s*\(\s*([A-Za-z_]\w*)\s+[\w.*]+\s*\)\s*\{/.exec(s.rest.slice(0, 200));
      if (!s || !fn) continue;
      const open = h.args + (Math.min(500, text.length - h.args) - s.rest.length) + fn[0].length - 1;
      const parent = scopeAt(h.offset);
      scopes.push({ offset: open, end: blockEnd(text, open), name: fn[1], prefix: joinRoutePaths(prefixOf(h.receiver, h.offset), s.value), parent });
    } else if (h.verb === 'Group') {
      const s = literal(h.args);
      const assigned = /([A-Za-z_]\w*)\s*:?=\s*$/.exec(text.slice(Math.max(0, h.offset - 80), h.offset));
      if (s && assigned) groups.set(assigned[1], joinRoutePaths(prefixOf(h.receiver, h.offset), s.value));
    }
  }
  const out: RouteMatch[] = [];
  const push = (framework: RouteFramework, h: Hit, method: string, raw: string) => {
    if (!raw.startsWith('/')) return;
    const pos = at.position(h.offset);
    if (inLineComment(text, pos.lineStart, h.offset, ['//'])) return;
    // chi sub-routers treat their own `/` as the mount point; Gin and Echo groups keep the slash.
    const join = framework === 'chi' ? joinMountedPaths : joinRoutePaths;
    out.push({ line: pos.line, column: pos.column, framework, method: method as HttpMethod, path: normalizeRoutePath(join(prefixOf(h.receiver, h.offset), raw)) });
  };
  for (const h of hits) {
    if (h.verb === 'Group' || h.verb === 'Route') continue;
    const s = literal(h.args);
    if (!s || !/^\s*[,)]/.test(s.rest)) continue;
    if (upper.has(h.verb)) push(upperFramework, h, h.verb, s.value);
    else if (hasChi && /^[A-Z][a-z]+$/.test(h.verb) && h.verb !== 'Handle' && h.verb !== 'Method') push('chi', h, h.verb.toUpperCase(), s.value);
    else if (h.verb === 'Handle' || h.verb === 'HandleFunc') {
      // net/http 1.22: "GET /items/{id}" (an optional host before the path); Gin: Handle("GET", "/x", h).
      const pattern = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+[^\s/]*(\/\S*)$/.exec(s.value);
      if (pattern) push('net/http', h, pattern[1], pattern[2]);
      else if (upper.has(s.value) && h.verb === 'Handle') {
        const path = readStringLiteral(s.rest.replace(/^\s*,/, ''));
        if (path) push(upperFramework, h, s.value, path.value);
      }
    } else if ((h.verb === 'Method' || h.verb === 'MethodFunc') && upper.has(s.value)) {
      const path = readStringLiteral(s.rest.replace(/^\s*,/, ''));
      if (path) push('chi', h, s.value, path.value);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
