// Go routers: Gin and Echo (r.GET, e.POST, groups from .Group("/p"), empty paths, g.Match), chi
// (r.Get, r.Route("/p", func(r chi.Router) {...}) and r.Group(func…) scopes, r.Mount, r.With(mw).Get,
// r.Method("GET", ...)), Fiber (app.Get, app.Group("/p")), gorilla/mux (r.HandleFunc("/x", h)
// .Methods("GET"); subrouters and r.Path("/x").Methods("GET").HandlerFunc(h) chains in gorilla.ts), and net/http (mux.HandleFunc("GET /items/{id}", h);
// a pattern without a method is one GET lens).
// Names are scoped per function (`Register:users`, `Register(0)` for a router parameter) so the
// index can follow groups passed to functions in other files and packages.
import type { HttpMethod } from '../openapi/model';
import { emptyFacts, type FileFacts } from './facts';
import { jvmExpression } from './jvm';
import type { RouteFramework, RouteMethod } from './model';
import { extractGorilla } from './gorilla';
import { assignedBefore, closureEnd, fieldPath, firstArgument, firstAssigned, functionEnd, methodNames, readConfigTags, readConstants, readImports, structFields } from './goSyntax';
import { argumentsAt, braceBlockEnd, callOpen, calleeBefore, inSpans, inLineComment, inStringOnLine, type LineIndex, literalAt, multiLineBlocks, openParenBefore, readStringLiteral, receiverBefore, splitArguments, stringList } from './text';

const calls = /\.\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Any|Match|Get|Post|Put|Delete|Patch|Head|Options|Group|Route|Mount|Handle|HandleFunc|Method|MethodFunc)\s*\(\s*/g;
const upper = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const rareCalls: [string, string][] = [['.All(', 'All'], ['.Add(', 'Add'], ['.SubGroup(', 'Group']];
const capitalizedVerbs = new Set(['Get', 'Post', 'Put', 'Delete', 'Patch', 'Head', 'Options']);
// Calls that hand back the same router: `r.With(mw).Get`, `g.Group("/p").Use(mw).POST`.
const skipChained = new Set(['With', 'Use']);
const funcHeader = /^func\s*(?:\(\s*(?:([A-Za-z_]\w*)\s+)?\*?\s*([A-Za-z_]\w*)[^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(/gm;
const routerTypes = /\*?(?:gin\.(?:Engine|RouterGroup|IRouter|IRoutes)|echo\.(?:Echo|Group)|chi\.(?:Router|Mux)|\*?http\.ServeMux|fiber\.(?:App|Router)|mux\.Router)\b/;
/** Parameter types that are usually a group under some prefix (an application is at the root). */
const groupTypes = /(?:gin\.(?:RouterGroup|IRouter|IRoutes)|echo\.Group|chi\.Router|fiber\.Router|mux\.Router)\b/;
// Anchored on the literal `.` (a pattern starting at every word boundary is slow); the package is checked after.
const constructors = /\.(?:Default|New|NewRouter|NewMux|NewServeMux)\s*\(/g;
const constructorCall = /(?:^|[^\w.])(?:gin\.(?:Default|New)|echo\.New|chi\.NewRouter|chi\.NewMux|http\.NewServeMux|mux\.NewRouter|fiber\.New)\s*\($/;

interface Scope {
  start: number;
  end: number;
  /** Function name, or a synthetic `Fn:route@N` for chi Route/Group closures. */
  name: string;
  /** Parameter (or closure argument) names → owner symbol. */
  bound: Map<string, string>;
  /** A method's receiver: `s` of type `Server` in `func (s *Server) routes()`. */
  receiver?: { name: string; type: string };
}

/** The receiver `r.Group("/p")` of a call chained on it (`r.Group("/p").GET(…)`), as a synthetic group name. */
function chainedGroup(text: string, dot: number): { name: string; start: number; group: { parent: string; prefix: string } } | undefined {
  let j = dot - 1;
  let open = -1;
  for (let guard = 0; guard < 6; guard++) {
    while (j >= 0 && /\s/.test(text[j])) j--;
    if (text[j] !== ')') return undefined;
    open = openParenBefore(text, j, 2000);
    if (open < 0) return undefined;
    // `.Use(mw)` between the group and the verb hands back the same group.
    const skipped = /\.\s*(\w+)\s*$/.exec(text.slice(Math.max(0, open - 40), open));
    if (!skipped || !skipChained.has(skipped[1])) break;
    j = open - skipped[0].length - 1;
  }
  const head = calleeBefore(text, open);
  const g = head ? /^([A-Za-z_][\w.]*)\.Group$/.exec(head.callee) : null;
  const prefix = g ? firstArgument(text, open + 1) : undefined;
  return head && g && prefix !== undefined ? { name: `group@${open}`, start: head.start, group: { parent: g[1], prefix } } : undefined;
}

export function extractGo(text: string, at: LineIndex, file = ''): FileFacts {
  const facts = emptyFacts(file, 'go');
  facts.goPackage = /^package\s+(\w+)/m.exec(text)?.[1];
  // Imports come before every declaration: only the file's head is read for them.
  const firstDecl = text.search(/^(?:func|type|var|const)\b/m);
  readImports(firstDecl === -1 ? text : text.slice(0, firstDecl), facts);
  readConstants(text, facts);
  const head = text.slice(0, 3000);
  const upperFramework: RouteFramework = /labstack\/echo/.test(head) ? 'echo' : 'gin';
  const hasChi = /go-chi\/chi/.test(head);
  const gorilla = /gorilla\/mux/.test(head);
  // chi and Fiber spell verbs `Get`, `Post`; a file importing neither has no such routes.
  const capitalized: RouteFramework | undefined = hasChi ? 'chi' : /gofiber\/fiber/.test(head) ? 'fiber' : undefined;
  // Functions, with router parameters bound to `Fn(i)`.
  // Functions and, apart, the closures of chi Route/Group (found later, in text order): both sorted by start.
  const scopes: Scope[] = [];
  const closures: Scope[] = [];
  for (const m of text.matchAll(funcHeader)) {
    // Methods are named by their receiver type (`todosResource.Routes`): two types may both have Routes.
    const fnName = m[2] ? `${m[2]}.${m[3]}` : m[3];
    const open = (m.index ?? 0) + m[0].length - 1;
    const params = argumentsAt(text, open);
    if (!params) continue;
    const brace = text.indexOf('{', params.end);
    if (brace === -1) continue;
    const bound = new Map<string, string>();
    const record: Record<number, string> = {};
    if (routerTypes.test(params.inner)) splitArguments(params.inner).forEach((p, i) => {
      const pm = /^([A-Za-z_]\w*)\s+(.+)$/.exec(p);
      if (pm && routerTypes.test(pm[2])) {
        bound.set(pm[1], `${fnName}(${i})`);
        record[i] = pm[1];
        // A group handed in: when no caller is found its prefix is not known to be the root.
        if (groupTypes.test(pm[2])) facts.routers.push({ name: `${fnName}(${i})`, line: at.line(open), mountable: true });
      }
    });
    if (Object.keys(record).length > 0) facts.params[fnName] = record;
    scopes.push({ start: brace, end: functionEnd(text, brace), name: fnName, bound, receiver: m[1] && m[2] ? { name: m[1], type: m[2] } : undefined });
  }
  /** `owner`: the router symbol, set once all closures before the call are known. */
  type Hit = { verb: string; receiver: string; offset: number; args: number; dot: number; group?: { parent: string; prefix: string }; owner?: string };
  const hits: Hit[] = [];
  // Block comments and raw strings over several lines: no route inside (found only if the file has any).
  const blocks = text.includes('`') || text.includes('/*') ? multiLineBlocks(text, (offset) => inLineComment(text, at.lineStart(offset), offset, ['//']) || inStringOnLine(text, at.lineStart(offset), offset)) : [];
  const mayRoute = /\.\s*(?:[A-Z]{3,7}|Get|Post|Put|Delete|Patch|Head|Options|Any|All|Add|Match|Group|Route|Mount|Handle|HandleFunc|Method|MethodFunc)\s*\(/.test(text);
  // Settings structs (`RouterPrefix string `mapstructure:"router-prefix"``) live in files that register no routes.
  if (!mayRoute) readConfigTags(text, facts);
  const hit = (verb: string, dot: number, args: number) => {
    const receiver: { name: string; start: number; group?: Hit['group'] } | undefined = receiverBefore(text, dot, skipChained) ?? chainedGroup(text, dot);
    if (!receiver || inLineComment(text, at.lineStart(receiver.start), receiver.start, ['//']) || (blocks.length > 0 && inSpans(blocks, receiver.start))) return;
    const named = receiver.group ? receiver : fieldPath(text, receiver.name, receiver.start);
    hits.push({ verb, receiver: named.name, offset: named.start, args, dot, group: receiver.group });
  };
  for (const m of mayRoute ? text.matchAll(calls) : []) hit(m[1], m.index ?? 0, (m.index ?? 0) + m[0].length);
  // Rarer calls, found by their exact spelling (kept out of the main pattern, which runs at every dot):
  // Fiber `All`, Echo/Fiber `Add("POST", …)`, a wrapper's `r.SubGroup("/p")` (a group, as `Group`).
  const before = hits.length;
  for (const [spelled, verb] of rareCalls) {
    for (let dot = mayRoute ? text.indexOf(spelled) : -1; dot !== -1; dot = text.indexOf(spelled, dot + spelled.length)) {
      let args = dot + spelled.length;
      while (text.charCodeAt(args) === 32 || text.charCodeAt(args) === 9) args++;
      hit(verb, dot, args);
    }
  }
  if (hits.length > before) hits.sort((a, b) => a.dot - b.dot);
  /** Index of the last of `list` starting at or before `offset` (sorted by start). */
  const lastStarting = (list: Scope[], offset: number): number => {
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  /** The function holding `offset`. */
  const fnOf = (offset: number): Scope | undefined => {
    const i = lastStarting(scopes, offset);
    return i >= 0 && offset <= scopes[i].end ? scopes[i] : undefined;
  };
  /** The closure (chi Route/Group) innermost around `offset` inside `fn` that binds `name`. */
  const closureBinding = (fn: Scope, name: string, offset: number): string | undefined => {
    for (let j = lastStarting(closures, offset); j >= 0 && closures[j].start > fn.start; j--) {
      const sc = closures[j];
      if (offset <= sc.end && sc.bound.has(name)) return sc.bound.get(name);
    }
    return undefined;
  };
  // `Fn:name` symbols, one string per pair: later map lookups reuse its hash.
  const localNames = new Map<Scope, Map<string, string>>();
  const localSymbol = (fn: Scope, name: string): string => {
    let names = localNames.get(fn);
    if (!names) localNames.set(fn, (names = new Map()));
    let symbol = names.get(name);
    if (symbol === undefined) names.set(name, (symbol = `${fn.name}:${name}`));
    return symbol;
  };
  /** The type of a variable: the method's receiver, or a value made by a constructor. */
  const typeOfVar = (name: string, offset: number): string | undefined => {
    const fn = fnOf(offset);
    return fn?.receiver?.name === name ? fn.receiver.type : valueTypes().get(ownerAt(name, offset));
  };
  /** The symbol a name stands for at an offset: closure argument, parameter, local, or package-level. */
  const ownerAt = (name: string, offset: number): string => {
    const dot = name.indexOf('.');
    if (dot !== -1) {
      // A router kept in a struct field (`s.router`) is the same in every method: `Server.router`.
      const type = typeOfVar(name.slice(0, dot), offset);
      if (type) return `${type}${name.slice(dot)}`;
    }
    const fn = fnOf(offset);
    if (!fn) return name;
    const bound = closures.length > 0 ? closureBinding(fn, name, offset) : undefined; // innermost first
    if (bound !== undefined) return bound;
    return fn.bound.get(name) ?? localSymbol(fn, name);
  };
  // Values whose type is plain from their making (`h := handler.NewUserHandler(…)`,
  // `h := &UserHandler{…}`): a method called on them names that type's method.
  // A type from another package keeps its package (`admin.API`) so the index looks there.
  // Read on first need (most files call no method on a value with a router).
  let types: Map<string, string> | undefined;
  const valueTypes = (): Map<string, string> => {
    if (types) return types;
    types = new Map();
    const imported = (pkg: string | undefined) => (pkg !== undefined && facts.imports.some((i) => i.local === pkg) ? `${pkg}.` : '');
    // Anchored on the `=`: the variable is read backwards from it.
    for (const m of text.matchAll(/=\s*(?:&?(?:([A-Za-z_]\w*)\.)?([A-Z]\w*)\s*\{|(?:([A-Za-z_]\w*)\.)?New([A-Z]\w*)\s*\()/g)) {
      const eq = (m.index ?? 0) - (text[(m.index ?? 0) - 1] === ':' ? 1 : 0);
      const name = firstAssigned(text, eq);
      if (name) types.set(ownerAt(name, m.index ?? 0), m[2] ? `${imported(m[1])}${m[2]}` : `${imported(m[3])}${m[4]}`);
    }
    return types;
  };
  let fieldTypes: Map<string, string> | undefined;
  const fields = () => (fieldTypes ??= text.includes('struct') ? structFields(text) : new Map<string, string>());
  /** `h.Register` → `UserHandler.Register`, `a.Accounts.router` → `AccountResource.router` (through field types). */
  const typed = (callee: string, offset: number): string => {
    const parts = callee.split('.');
    if (parts.length === 1 || facts.imports.some((i) => i.local === parts[0])) return callee;
    let type = typeOfVar(parts[0], offset);
    for (let i = 1; type && i < parts.length - 1; i++) type = fields().get(`${type}.${parts[i]}`);
    return type ? `${type}.${parts[parts.length - 1]}` : callee;
  };
  const literal = (from: number) => literalAt(text, from);
  /** Whether the argument list goes on (`,`) or ends (`)`) at `from`, spaces skipped. */
  const argumentEnds = (from: number): boolean => {
    let i = from;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) i++;
    return text[i] === ',' || text[i] === ')';
  };
  /** The literal after the `,` that follows `from`: a call's second argument. */
  const secondLiteral = (from: number) => {
    let i = from;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    return text[i] === ',' ? literalAt(text, i + 1) : undefined;
  };
  // Locals made by a constructor: roots (their symbol exists even with no route).
  for (const m of text.matchAll(constructors)) {
    const dot = m.index ?? 0;
    const pkg = receiverBefore(text, dot);
    if (!pkg || !constructorCall.test(text.slice(Math.max(0, pkg.start - 1), dot + m[0].length))) continue;
    const offset = pkg.start;
    const assigned = assignedBefore(text, offset);
    if (assigned) facts.routers.push({ name: ownerAt(assigned, offset), line: at.line(offset) });
  }
  // `r.Group("/api").GET(…)`: a group nobody named, made where it is used.
  for (const h of hits) {
    if (!h.group) continue;
    const name = ownerAt(h.receiver, h.offset);
    if (!facts.routers.some((r) => r.name === name)) facts.routers.push({ name, line: at.line(h.offset), parent: ownerAt(h.group.parent, h.offset), prefix: h.group.prefix });
  }
  // `r := Router.Use(middleware.X())` (Gin's Use returns the same routes): routes on `r` are on `Router`.
  // Anchored on `.Use(` (read back to the `:=`): no regex start at every word.
  for (let dot = text.indexOf('.Use('); dot !== -1; dot = text.indexOf('.Use(', dot + 5)) {
    const assign = text.lastIndexOf(':=', dot);
    if (assign === -1 || text.lastIndexOf('\n', dot) > assign) continue; // `r.Use(mw)` alone: nothing named
    const m = /([A-Za-z_]\w*)[ \t]*:=[ \t]*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)[ \t]*$/.exec(text.slice(Math.max(0, assign - 60), dot));
    if (!m) continue;
    const offset = dot - m[0].length;
    const name = ownerAt(m[1], offset);
    if (!facts.routers.some((r) => r.name === name)) facts.routers.push({ name, line: at.line(offset), parent: ownerAt(m[2], offset) });
  }
  if (gorilla) extractGorilla(text, at, facts, ownerAt);
  // `for _, register := range routers { register(v1) }`: every function of the list gets the router.
  const ranges = [...text.matchAll(/for\s+_\s*,\s*([A-Za-z_]\w*)\s*:=\s*range\s+([A-Za-z_]\w*)\s*\{/g)];
  // `for _, h := range handlers { h.RegisterRoutes(api) }`: a method of every type that has it (`*.RegisterRoutes`).
  const rangeList = (callee: string, offset: number): string | undefined => {
    const dot = callee.indexOf('.');
    const variable = dot === -1 ? callee : callee.slice(0, dot);
    const r = ranges.find((x) => x[1] === variable && (x.index ?? 0) < offset && offset < braceBlockEnd(text, (x.index ?? 0) + x[0].length - 1));
    if (!r) return undefined;
    return dot === -1 ? `${r[2]}[]` : `*${callee.slice(dot)}`;
  };
  for (const h of hits) {
    const owner = (h.owner = ownerAt(h.receiver, h.offset));
    // chi Route/Group, Fiber `api.Route("/test", func(r fiber.Router) { … })`: a closure given the sub-router.
    if ((h.verb === 'Route' || h.verb === 'Group') && (hasChi || (capitalized === 'fiber' && h.verb === 'Route'))) {
      const s = h.verb === 'Route' ? literal(h.args) : undefined;
      const from = s ? s.end : h.args;
      const fn = /^\s*,?\s*func\s*\(\s*([A-Za-z_]\w*)\s+[\w.*]+\s*\)\s*\{/.exec(text.slice(from, from + 200));
      if (fn) {
        const open = from + fn[0].length - 1;
        const name = `${fnOf(h.offset)?.name ?? ''}:route@${at.line(h.offset)}`;
        facts.routers.push({ name, line: at.line(h.offset), parent: owner, prefix: s ? JSON.stringify(s.value) : undefined });
        closures.push({ start: open, end: closureEnd(text, open, at.lineStart(h.offset)), name, bound: new Map([[fn[1], name]]) });
        continue;
      }
      // `r.Route("/users", users.Routes)`, `r.Group(registerAdmin)`: a function given the sub-router.
      const ref = /^\s*,?\s*([A-Za-z_][\w.]*)\s*\)/.exec(text.slice(from, from + 200));
      if (ref) {
        facts.mounts.push({ line: at.line(h.offset), parent: owner, child: typed(ref[1], h.offset), param: 0, prefix: s ? JSON.stringify(s.value) : undefined });
        continue;
      }
    }
    if (h.verb === 'Group') {
      const prefix = firstArgument(text, h.args);
      const assigned = assignedBefore(text, h.offset);
      if (prefix !== undefined && assigned) facts.routers.push({ name: ownerAt(assigned, h.offset), line: at.line(h.offset), parent: owner, prefix });
    } else if (h.verb === 'Mount') {
      const args = argumentsAt(text, h.args - 1);
      const list = args ? splitArguments(args.inner) : [];
      const child = list[1]?.trim();
      if (child && /^[A-Za-z_][\w.]*$/.test(child)) facts.mounts.push({ line: at.line(h.offset), parent: owner, child: ownerAt(child, h.offset), prefix: list[0] });
      else if (child && /\(\s*\)$/.test(child)) facts.mounts.push({ line: at.line(h.offset), parent: owner, child: typed(child.replace(/\s+/g, ''), h.offset), prefix: list[0] });
    }
  }
  const routerNames = new Set(facts.routers.map((r) => r.name));
  // `return r`: the function hands out its router (chi sub-routers, echo/gin setup functions).
  // Anchored on the literal word (a leading \b would start the regex at every word).
  for (const m of text.matchAll(/return[ \t]+([A-Za-z_]\w*)[ \t]*$/gm)) {
    if (/\w/.test(text[(m.index ?? 0) - 1] ?? '')) continue;
    const fn = fnOf(m.index ?? 0);
    if (fn && routerNames.has(`${fn.name}:${m[1]}`)) facts.returns[fn.name] = `${fn.name}:${m[1]}`;
  }
  // Routers passed to functions: `users.Register(v1.Group("/users"))`, `h.Register(v1)`, `setup(r)`.
  // Only calls with a router among their arguments are read: found from the arguments' side.
  const locals = new Set<string>();
  for (const name of routerNames) locals.add(name.slice(name.lastIndexOf(':') + 1));
  for (const list of [scopes, closures]) for (const sc of list) for (const b of sc.bound.keys()) locals.add(b);
  const names = [...locals].filter((n) => /^[A-Za-z_]\w*$/.test(n));
  // (The `x.Group(` alternative only where the text has one: it would try every argument.)
  const groupArgument = text.includes('Group') && /\.\s*Group\s*\(/.test(text) ? '|[A-Za-z_]\\w*\\s*\\.\\s*Group\\s*\\(' : '';
  const argument = new RegExp(`[(,]\\s*(?:(?:${names.length ? names.join('|') : '(?!)'})\\s*[,)]${groupArgument})`, 'g');
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
        facts.mounts.push({ line: at.line(offset), parent: ownerAt(group[1], offset), child: rangeList(callee, offset) ?? typed(callee, offset), param: i, prefix });
        return;
      }
      if (!/^[A-Za-z_]\w*$/.test(arg)) return;
      const sym = ownerAt(arg, offset);
      if (routerNames.has(sym) || /\(\d+\)$/.test(sym)) facts.mounts.push({ line: at.line(offset), parent: sym, child: rangeList(callee, offset) ?? typed(callee, offset), param: i });
    });
  }
  // A known router: made here, handed in, or a group of one (not a context's `c.Get("X-Header")`).
  const onRouter = (h: Hit) => {
    const owner = h.owner ?? ownerAt(h.receiver, h.offset);
    return routerNames.has(owner) || /\(\d+\)$/.test(owner) || owner.includes('route@') || owner.includes('group@');
  };
  const push = (framework: RouteFramework, h: Hit, method: string, raw: string) => {
    // Gin, Echo and Fiber add the leading slash themselves (`g.GET("version", h)`); a URL is a client call.
    const relative = !raw.startsWith('/') && raw !== '';
    if (relative && !((framework === 'gin' || framework === 'echo' || framework === 'fiber') && /^[\w.:*{-][^\s]*$/.test(raw) && !raw.includes('://') && onRouter(h))) return;
    const pos = at.position(h.offset);
    facts.routes.push({ line: pos.line, column: pos.column, framework, method: method as RouteMethod, path: raw, owner: h.owner ?? ownerAt(h.receiver, h.offset) });
  };
  for (const h of hits) {
    if (h.verb === 'Group' || h.verb === 'Route' || h.verb === 'Mount') continue;
    if (h.verb === 'Match') {
      // Gin: g.Match([]string{"GET", "HEAD"}, "/health", h)
      const args = argumentsAt(text, h.args - 1);
      const list = args ? splitArguments(args.inner) : [];
      const methods = list[0] === undefined ? undefined : stringList(methodNames(list[0].replace(/^\[\]string\s*/, '')));
      const path = list[1] ? readStringLiteral(list[1]) : undefined;
      if (methods && path) for (const method of methods) if (upper.has(method.toUpperCase())) push(upperFramework, h, method.toUpperCase(), path.value);
      continue;
    }
    // Gin `Handle(http.MethodGet, "/x", h)`, Echo/Fiber `Add("POST", "/x", h)`: the method first.
    if ((h.verb === 'Handle' || h.verb === 'Add') && onRouter(h)) {
      const named = /^(?:http\.Method([A-Z][a-z]+)|"([A-Z]+)")\s*,\s*/.exec(text.slice(h.args, h.args + 40));
      const method = (named?.[1] ?? named?.[2])?.toUpperCase();
      const path = named && method && upper.has(method) ? literalAt(text, h.args + named[0].length) : undefined;
      if (path) {
        push(capitalized === 'fiber' ? 'fiber' : upperFramework, h, method!, path.value);
        continue;
      }
    }
    if (h.verb === 'Add') continue;
    const s = literal(h.args);
    if (!s || !argumentEnds(s.end)) {
      // A path built from constants (`"/uploads/" + constant.FilesPath`, `routes.Users`): the index evaluates it.
      const verb = upper.has(h.verb) ? h.verb : capitalized && capitalizedVerbs.has(h.verb) ? h.verb.toUpperCase() : undefined;
      const first = verb ? firstArgument(text, h.args) : undefined;
      // A bare lower-case name is a path only with a handler after it (`r.Get(usersPath, h)`, not a context's `c.Get(key)`).
      const bare = first !== undefined && /^[a-z]\w*$/.test(first);
      if (verb && first && onRouter(h) && /^(?:"[^"\n]*"|`[^`]*`|[A-Za-z_][\w.]*)(?:\s*\+\s*(?:"[^"\n]*"|`[^`]*`|[A-Za-z_][\w.]*))*$/.test(first) && (!bare || /^\s*,\s*\S/.test(text.slice(h.args + first.length, h.args + first.length + 40)))) {
        const pos = at.position(h.offset);
        facts.routes.push({ line: pos.line, column: pos.column, framework: upper.has(h.verb) ? upperFramework : capitalized!, method: verb as HttpMethod, path: `${jvmExpression}${first}`, owner: h.owner ?? ownerAt(h.receiver, h.offset) });
      }
      continue;
    }
    if (upper.has(h.verb)) push(upperFramework, h, h.verb, s.value);
    else if (h.verb === 'Any' && !capitalized) push(upperFramework, h, 'ANY', s.value); // Gin/Echo: every method
    else if (h.verb === 'All' && capitalized === 'fiber') push('fiber', h, 'ANY', s.value);
    else if (capitalized && capitalizedVerbs.has(h.verb)) push(capitalized, h, h.verb.toUpperCase(), s.value);
    else if (h.verb === 'Handle' || h.verb === 'HandleFunc') {
      // net/http 1.22: "GET /items/{id}" (an optional host before the path); Gin: Handle("GET", "/x", h).
      const pattern = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+[^\s/]*(\/\S*)$/.exec(s.value);
      if (pattern) push('net/http', h, pattern[1], pattern[2]);
      else if (upper.has(s.value) && h.verb === 'Handle') {
        const path = secondLiteral(s.end);
        if (path) push(upperFramework, h, s.value, path.value);
      } else if (s.value.startsWith('/') && (gorilla || capitalized !== 'fiber')) {
        // gorilla/mux: `.Methods("GET", "POST")` after the call; none (and net/http, chi Handle): every method.
        const args = argumentsAt(text, h.args - 1);
        if (args && /\b(?:FileServer|StripPrefix)\b/.test(args.inner)) continue; // static files, not an API route
        const chained = args ? /^\s*(?:\.\s*(?:Name|Schemes|Host|Headers|Queries)\s*\([^()]*\)\s*)*\.\s*Methods\s*\(([^()]*)\)/.exec(text.slice(args.end, args.end + 300)) : null;
        const methods = chained ? stringList(`(${methodNames(chained[1])})`) : undefined;
        const framework: RouteFramework = gorilla ? 'gorilla/mux' : capitalized === 'chi' ? 'chi' : 'net/http';
        if (!methods) push(framework, h, 'ANY', s.value); // no Methods(…): the handler answers every method
        else for (const method of methods) if (upper.has(method.toUpperCase())) push(framework, h, method.toUpperCase(), s.value);
      }
    } else if ((h.verb === 'Method' || h.verb === 'MethodFunc') && upper.has(s.value)) {
      const path = secondLiteral(s.end);
      if (path) push('chi', h, s.value, path.value);
    }
  }
  return facts;
}
