// Go routers: Gin and Echo (r.GET, e.POST, groups from .Group("/p"), empty paths), chi
// (r.Get, r.Route("/p", func(r chi.Router) {...}) and r.Group(func…) scopes, r.Mount, r.With(mw).Get,
// r.Method("GET", ...)), and net/http 1.22 patterns (mux.HandleFunc("GET /items/{id}", h)).
// Names are scoped per function (`Register:users`, `Register(0)` for a router parameter) so the
// index can follow groups passed to functions in other files and packages.
import type { HttpMethod } from '../openapi/model';
import { emptyFacts, type FileFacts } from './facts';
import type { RouteFramework } from './model';
import { argumentsAt, callOpen, calleeBefore, inLineComment, type LineIndex, openParenBefore, readStringLiteral, receiverBefore, splitArguments } from './text';

const calls = /\.\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Any|Get|Post|Put|Delete|Patch|Head|Options|Group|Route|Mount|Handle|HandleFunc|Method|MethodFunc)\s*\(\s*/g;
const upper = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const skipWith = new Set(['With']);
const funcHeader = /^func\s*(?:\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)[^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(/gm;
const routerTypes = /\*?(?:gin\.(?:Engine|RouterGroup|IRouter|IRoutes)|echo\.(?:Echo|Group)|chi\.(?:Router|Mux)|\*?http\.ServeMux|fiber\.(?:App|Router)|mux\.Router)\b/;
const constructors = /\b(?:gin\.(?:Default|New)|echo\.New|chi\.NewRouter|chi\.NewMux|http\.NewServeMux)\s*\(/g;

interface Scope {
  start: number;
  end: number;
  /** Function name, or a synthetic `Fn:route@N` for chi Route/Group closures. */
  name: string;
  /** Parameter (or closure argument) names → owner symbol. */
  bound: Map<string, string>;
}

/** The matching `}` of the `{` at `open` (Go strings and line comments skipped). Char codes: hot. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 96 || c === 39) {
      const close = text.indexOf(text[i], i + 1);
      if (close === -1) return text.length;
      i = close;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return text.length;
}

function readImports(text: string, facts: FileFacts): void {
  const one = (spec: string) => {
    const m = /^\s*([A-Za-z_.]\w*)?\s*"([^"]+)"/.exec(spec);
    if (!m || m[1] === '_' || m[1] === '.') return;
    const path = m[2];
    const last = path.split('/').filter((p) => !/^v\d+$/.test(p)).pop() ?? path;
    facts.imports.push({ local: m[1] ?? last.replace(/^go-/, '').replace(/[-.]/g, '_'), module: path });
  };
  for (const m of text.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) for (const line of m[1].split('\n')) one(line);
  for (const m of text.matchAll(/^import\s+([A-Za-z_.]\w*\s+)?"([^"]+)"/gm)) one(`${m[1] ?? ''}"${m[2]}"`);
}

/** The first argument of the call whose arguments start at `from` (just after its `(`), as source. */
function firstArgument(text: string, from: number): string | undefined {
  const args = argumentsAt(text, from - 1);
  const first = args ? splitArguments(args.inner)[0] : undefined;
  return first === undefined || /^func\b/.test(first) ? undefined : first;
}

/** The receiver `r.Group("/p")` of a call chained on it (`r.Group("/p").GET(…)`), as a synthetic group name. */
function chainedGroup(text: string, dot: number): { name: string; start: number; group: { parent: string; prefix: string } } | undefined {
  let j = dot - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  if (text[j] !== ')') return undefined;
  const open = openParenBefore(text, j, 2000);
  if (open < 0) return undefined;
  const head = calleeBefore(text, open);
  const g = head ? /^([A-Za-z_]\w*)\.Group$/.exec(head.callee) : null;
  const prefix = g ? firstArgument(text, open + 1) : undefined;
  return head && g && prefix !== undefined ? { name: `group@${open}`, start: head.start, group: { parent: g[1], prefix } } : undefined;
}

/** `const Prefix = "/api"`, `var base = "/v1"`, and the lines of `const ( … )` blocks. */
function readConstants(text: string, facts: FileFacts): void {
  for (const m of text.matchAll(/^(?:const|var)\s+([A-Za-z_]\w*)\s*(?:string\s*)?=\s*([^\n]+)$/gm)) facts.values[m[1]] = m[2].replace(/\s*\/\/.*$/, '').trim();
  // Locals holding a literal (`prefix := "/api"`), as a fallback for names no constant defines.
  for (const m of text.matchAll(/:=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)[ \t]*$/gm)) {
    const name = receiverBefore(text, m.index ?? 0);
    if (name) facts.values[name.name] ??= m[1];
  }
  for (const block of text.matchAll(/^(?:const|var)\s*\(([\s\S]*?)^\)/gm)) {
    for (const m of block[1].matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*(?:string\s*)?=\s*([^\n]+)$/gm)) facts.values[m[1]] = m[2].replace(/\s*\/\/.*$/, '').trim();
  }
}

export function extractGo(text: string, at: LineIndex, file = ''): FileFacts {
  const facts = emptyFacts(file, 'go');
  facts.goPackage = /^package\s+(\w+)/m.exec(text)?.[1];
  readImports(text, facts);
  readConstants(text, facts);
  const head = text.slice(0, 3000);
  const upperFramework: RouteFramework = /labstack\/echo/.test(head) ? 'echo' : 'gin';
  const hasChi = /go-chi\/chi/.test(head);
  // Functions, with router parameters bound to `Fn(i)`.
  const scopes: Scope[] = [];
  for (const m of text.matchAll(funcHeader)) {
    // Methods are named by their receiver type (`todosResource.Routes`): two types may both have Routes.
    const fnName = m[1] ? `${m[1]}.${m[2]}` : m[2];
    const open = (m.index ?? 0) + m[0].length - 1;
    const params = argumentsAt(text, open);
    if (!params) continue;
    const brace = text.indexOf('{', params.end);
    if (brace === -1) continue;
    const bound = new Map<string, string>();
    const record: Record<number, string> = {};
    splitArguments(params.inner).forEach((p, i) => {
      const pm = /^([A-Za-z_]\w*)\s+(.+)$/.exec(p);
      if (pm && routerTypes.test(pm[2])) {
        bound.set(pm[1], `${fnName}(${i})`);
        record[i] = pm[1];
      }
    });
    if (Object.keys(record).length > 0) facts.params[fnName] = record;
    scopes.push({ start: brace, end: blockEnd(text, brace), name: fnName, bound });
  }
  type Hit = { verb: string; receiver: string; offset: number; args: number; dot: number; group?: { parent: string; prefix: string } };
  const hits: Hit[] = [];
  const mayRoute = /\.\s*(?:[A-Z]{3,7}|Get|Post|Put|Delete|Patch|Head|Options|Any|Group|Route|Mount|Handle|HandleFunc|Method|MethodFunc)\s*\(/.test(text);
  for (const m of mayRoute ? text.matchAll(calls) : []) {
    const dot = m.index ?? 0;
    const receiver: { name: string; start: number; group?: Hit['group'] } | undefined = receiverBefore(text, dot, hasChi ? skipWith : undefined) ?? chainedGroup(text, dot);
    if (receiver && !inLineComment(text, at.lineStart(receiver.start), receiver.start, ['//'])) hits.push({ verb: m[1], receiver: receiver.name, offset: receiver.start, args: dot + m[0].length, dot, group: receiver.group });
  }
  /** Index of the last scope starting at or before `offset` (scopes are sorted by start). */
  const lastStarting = (offset: number): number => {
    let lo = 0;
    let hi = scopes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scopes[mid].start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  /** The function holding `offset`, and the closures (chi Route/Group) between it and there. */
  const chainAt = (offset: number): { fn: Scope | undefined; closures: Scope[] } => {
    const closures: Scope[] = [];
    for (let i = lastStarting(offset); i >= 0; i--) {
      const sc = scopes[i];
      const closure = sc.name.includes('@');
      if (offset > sc.end) {
        if (!closure) return { fn: undefined, closures };
        continue;
      }
      if (!closure) return { fn: sc, closures };
      closures.push(sc);
    }
    return { fn: undefined, closures };
  };
  const fnOf = (offset: number) => chainAt(offset).fn;
  /** The symbol a name stands for at an offset: closure argument, parameter, local, or package-level. */
  const ownerAt = (name: string, offset: number): string => {
    const { fn, closures } = chainAt(offset);
    for (const sc of closures) if (sc.bound.has(name)) return sc.bound.get(name)!; // innermost first
    if (fn?.bound.has(name)) return fn.bound.get(name)!;
    return fn ? `${fn.name}:${name}` : name;
  };
  // Values whose type is plain from their making (`h := handler.NewUserHandler(…)`,
  // `h := &UserHandler{…}`): a method called on them names that type's method.
  const valueTypes = new Map<string, string>();
  // Anchored on the `=`: the variable is read backwards from it.
  for (const m of text.matchAll(/=\s*(?:&?(?:[A-Za-z_]\w*\.)?([A-Z]\w*)\s*\{|(?:[A-Za-z_]\w*\.)?New([A-Z]\w*)\s*\()/g)) {
    const eq = (m.index ?? 0) - (text[(m.index ?? 0) - 1] === ':' ? 1 : 0);
    const name = receiverBefore(text, eq);
    if (name) valueTypes.set(ownerAt(name.name, m.index ?? 0), m[1] ?? m[2]);
  }
  const typed = (callee: string, offset: number): string => {
    const dot = callee.indexOf('.');
    if (dot === -1 || facts.imports.some((i) => i.local === callee.slice(0, dot))) return callee;
    const type = valueTypes.get(ownerAt(callee.slice(0, dot), offset));
    return type ? `${type}${callee.slice(dot)}` : callee;
  };
  const literal = (from: number) => readStringLiteral(text.slice(from, from + 500));
  // Locals made by a constructor: roots (their symbol exists even with no route).
  for (const m of text.matchAll(constructors)) {
    const offset = m.index ?? 0;
    const assigned = /([A-Za-z_]\w*)\s*:?=\s*$/.exec(text.slice(Math.max(0, offset - 60), offset));
    if (assigned) facts.routers.push({ name: ownerAt(assigned[1], offset), line: at.line(offset) });
  }
  // `r.Group("/api").GET(…)`: a group nobody named, made where it is used.
  for (const h of hits) {
    if (!h.group) continue;
    const name = ownerAt(h.receiver, h.offset);
    if (!facts.routers.some((r) => r.name === name)) facts.routers.push({ name, line: at.line(h.offset), parent: ownerAt(h.group.parent, h.offset), prefix: h.group.prefix });
  }
  for (const h of hits) {
    const owner = ownerAt(h.receiver, h.offset);
    if ((h.verb === 'Route' || h.verb === 'Group') && hasChi) {
      const s = h.verb === 'Route' ? literal(h.args) : undefined;
      const rest = s ? s.rest : text.slice(h.args, h.args + 300);
      const fn = /^\s*,?\s*func\s*\(\s*([A-Za-z_]\w*)\s+[\w.*]+\s*\)\s*\{/.exec(rest.slice(0, 200));
      if (fn) {
        const open = h.args + (s ? text.slice(h.args, h.args + 500).length - s.rest.length : 0) + fn[0].length - 1;
        const name = `${fnOf(h.offset)?.name ?? ''}:route@${at.line(h.offset)}`;
        facts.routers.push({ name, line: at.line(h.offset), parent: owner, prefix: s ? JSON.stringify(s.value) : undefined });
        const closure = { start: open, end: blockEnd(text, open), name, bound: new Map([[fn[1], name]]) };
        const after = scopes.findIndex((x) => x.start > open);
        scopes.splice(after === -1 ? scopes.length : after, 0, closure);
        continue;
      }
    }
    if (h.verb === 'Group') {
      const prefix = firstArgument(text, h.args);
      const assigned = /([A-Za-z_]\w*)\s*:?=\s*$/.exec(text.slice(Math.max(0, h.offset - 80), h.offset));
      if (prefix !== undefined && assigned) facts.routers.push({ name: ownerAt(assigned[1], h.offset), line: at.line(h.offset), parent: owner, prefix });
    } else if (h.verb === 'Mount') {
      const args = argumentsAt(text, h.args - 1);
      const list = args ? splitArguments(args.inner) : [];
      const child = list[1]?.trim();
      if (child && /^[A-Za-z_][\w.]*$/.test(child)) facts.mounts.push({ line: at.line(h.offset), parent: owner, child: ownerAt(child, h.offset), prefix: list[0] });
      else if (child && /\(\s*\)$/.test(child)) facts.mounts.push({ line: at.line(h.offset), parent: owner, child: typed(child.replace(/\s+/g, ''), h.offset), prefix: list[0] });
    }
  }
  // `return r`: the function hands out its router (chi sub-routers, echo/gin setup functions).
  for (const m of text.matchAll(/\breturn\s+([A-Za-z_]\w*)\s*$/gm)) {
    const fn = fnOf(m.index ?? 0);
    if (fn && facts.routers.some((r) => r.name === `${fn.name}:${m[1]}`)) facts.returns[fn.name] = `${fn.name}:${m[1]}`;
  }
  // Routers passed to functions: `users.Register(v1.Group("/users"))`, `h.Register(v1)`, `setup(r)`.
  // Only calls with a router among their arguments are read: found from the arguments' side.
  const routerNames = new Set(facts.routers.map((r) => r.name));
  const locals = new Set<string>();
  for (const name of routerNames) locals.add(name.slice(name.lastIndexOf(':') + 1));
  for (const sc of scopes) for (const b of sc.bound.keys()) locals.add(b);
  const names = [...locals].filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const argument = new RegExp(`[(,]\\s*(?:(?:${names.length ? names.join('|') : '(?!)'})\\s*[,)]|[A-Za-z_]\\w*\\s*\\.\\s*Group\\s*\\()`, 'g');
  const seen = new Set<number>();
  for (const m of text.matchAll(argument)) {
    const open = callOpen(text, m.index ?? 0);
    if (open === undefined || seen.has(open)) continue;
    seen.add(open);
    const head = calleeBefore(text, open);
    if (!head || head.callee.startsWith('require(')) continue;
    const { callee, start: offset } = head;
    if (/\.(?:Group|Use|GET|POST|PUT|DELETE|PATCH|Get|Post|Put|Delete|Patch|Route|Mount|Handle|HandleFunc|Method|With)$/.test(callee) || /^(?:func|make|append|len|new|panic|if|for|switch|return)$/.test(callee)) continue;
    if (text.slice(Math.max(0, offset - 5), offset).endsWith('func ') || /\)\s*$/.test(text.slice(Math.max(0, offset - 2), offset))) continue;
    const args = argumentsAt(text, open);
    if (!args || inLineComment(text, at.lineStart(offset), offset, ['//'])) continue;
    splitArguments(args.inner).forEach((arg, i) => {
      const group = /^([A-Za-z_]\w*)\s*\.\s*Group\s*\(/.exec(arg);
      const prefix = group ? firstArgument(arg, group[0].length) : undefined;
      if (group && prefix !== undefined) {
        facts.mounts.push({ line: at.line(offset), parent: ownerAt(group[1], offset), child: typed(callee, offset), param: i, prefix });
        return;
      }
      if (!/^[A-Za-z_]\w*$/.test(arg)) return;
      const sym = ownerAt(arg, offset);
      if (routerNames.has(sym) || /\(\d+\)$/.test(sym)) facts.mounts.push({ line: at.line(offset), parent: sym, child: typed(callee, offset), param: i });
    });
  }
  const push = (framework: RouteFramework, h: Hit, method: string, raw: string) => {
    if (!raw.startsWith('/') && raw !== '') return;
    const pos = at.position(h.offset);
    facts.routes.push({ line: pos.line, column: pos.column, framework, method: method as HttpMethod, path: raw, owner: ownerAt(h.receiver, h.offset) });
  };
  for (const h of hits) {
    if (h.verb === 'Group' || h.verb === 'Route' || h.verb === 'Mount') continue;
    const s = literal(h.args);
    if (!s || !/^\s*[,)]/.test(s.rest)) continue;
    if (upper.has(h.verb)) push(upperFramework, h, h.verb, s.value);
    else if (hasChi && /^[A-Z][a-z]+$/.test(h.verb) && h.verb !== 'Handle' && h.verb !== 'Method' && h.verb !== 'Any') push('chi', h, h.verb.toUpperCase(), s.value);
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
  return facts;
}
