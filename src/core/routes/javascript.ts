// Express/Koa-style routers (app/router verbs, router.route() chains, app.use mounts, routers
// passed to functions) and NestJS (@Controller prefix with @Get/@Post/…, setGlobalPrefix,
// versioning, RouterModule, @Module controllers). One regular-expression pass per framework,
// anchored on the method name; the receiver is read backwards from the dot.
import type { RouteMethod } from './model';
import { evaluate } from './expressions';
import { emptyFacts, type FileFacts } from './facts';
import { readJsModule, routerParam, routerType } from './jsModules';
import { dropPreHandlers, fastifyRegister, routeTables } from './jsMounts';
import { callAt, isRegexSpace, type JsScan, nameBefore, nonCodeTest, scanJs } from './jsScan';
import { readNest } from './nest';
import { argumentsAt, callOpen, calleeBefore, keywordArgument, lastBefore, literalBeforeComma, type LineIndex, matchesAt, openParenBefore, readStringLiteral, receiverBefore, splitArguments, stringList } from './text';

// `new SwaggerRouter()` and other Router subclasses; koa-router's `require('koa-router')()`; `Fastify()`.
const receiversDecl = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$.<>]+\s*)?=\s*(?:express\s*\(\s*\)|(?:express\s*\.\s*)?Router\s*\(|new\s+(?:[A-Za-z_$][\w$]*\s*\.\s*)?[A-Za-z_$]*Router\s*\(|new\s+Koa\s*\(|new\s+Hono\s*(?:<[^()]*>\s*)?\(|[Ff]astify\s*\(|require\(\s*['"](?:koa-router|@koa\/router|express|fastify)['"]\s*\)\s*(?:\.\s*Router\s*)?\()/y;
/** The next verb of a `route('/x')` chain; JSDoc blocks and line comments may sit between. */
const chained = /(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*\.\s*(get|post|put|delete|del|patch|head|options|all)\s*\(/y;
/** koa-router's `del` is `delete`; `all` answers every method. */
function methodOf(verb: string): RouteMethod {
  switch (verb) {
    case 'get':
      return 'GET';
    case 'post':
      return 'POST';
    case 'put':
      return 'PUT';
    case 'delete':
    case 'del':
      return 'DELETE';
    case 'patch':
      return 'PATCH';
    case 'head':
      return 'HEAD';
    case 'options':
      return 'OPTIONS';
    case 'all':
      return 'ANY';
  }
  return verb.toUpperCase() as RouteMethod;
}
/**
 * A file serving HTTP imports its framework or makes a router; otherwise (a front end, a
 * client module) an `api.get('/users')` is a request, not a route.
 */
/** HTTP clients and front-end frameworks: their `api.get('/users', opts)` is a request. */
const clientImport = /(?:require\(\s*|\bfrom\s+)['"](?:axios|ky|got|superagent|node-fetch|ofetch|redaxios|react|react-dom|react-router-dom|vue|vue-router|svelte|@angular\/[\w-]+|@tanstack\/[\w-]+|next\/[\w/-]+|swr)['"]/;
const serverImport = /(?:require\(\s*|\bfrom\s+)['"](?:express|koa|@koa\/router|koa-router|express-promise-router|fastify|hono|@fastify\/[\w-]+|fastify-plugin)['"]/;
/** A Fastify plugin or app (by what it imports): its routes are Fastify's. */
const fastifyModule = /^(?:fastify|@fastify\/[\w-]+|fastify-plugin)$/;
const honoModule = /^hono(?:\/[\w-]+)?$/;
/** Function heads, each with the keyword offsets it can start at. */
const functionHeads: { re: RegExp; at: (scan: JsScan) => readonly number[] }[] = [
  { re: /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)?\s*\(([^()]*)\)\s*(?::\s*[^{]+)?\{/y, at: (scan) => scan.functions },
  { re: /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?\(([^()]*)\)\s*(?::\s*[^=]+)?=>\s*\{/y, at: (scan) => scan.declsValued('(a') },
  { re: /\bexport\s+default\s+(?:async\s+)?()\(([^()]*)\)\s*(?::\s*[^=]+)?=>\s*\{/y, at: (scan) => scan.exports },
  { re: /\bmodule\.exports\s*=\s*(?:async\s+)?()\(([^()]*)\)\s*=>\s*\{/y, at: (scan) => scan.modules },
];
/** What `use(…)` mounts: a router's name, `require('./x')`, `makeRouter()`, `new Router().routes`. */
const mountedChild = /^(?:[A-Za-z_$][\w$.]*|require\(\s*['"][^'"]+['"]\s*\)(?:\.\w+)?|[A-Za-z_$][\w$.]*\(\s*\)|new\s+[A-Za-z_$][\w$]*\s*\([^()]*\)\s*\.\s*[A-Za-z_$][\w$]*)$/;
const fallbackReceivers = ['app', 'router', 'api', 'routes', 'server', 'fastify'];
/** A parameter list that may name a router (`routerParam` for each name, as one cheap test). */
const routerParamWord = /\b(?:app|router|routes|api|server|r|application|v\d|apiRouter|express|koa|fastify|instance)\b|[A-Za-z_$][\w$]*(?:Router|App|Routes)\b/;
/** Each function head with its parameter list required to hold a router-like name or type (`routerParamWord`, `routerType`). */
const routerHeads = new Map(functionHeads.map(({ re }) => [re, new RegExp(re.source.replace(String.raw`\(([^()]*)\)`, String.raw`\(([^()]*?(?:${routerParamWord.source}|${routerType.source})[^()]*)\)`), 'y')]));
/** Hono's `.basePath(` right after the app is made. */
const basePath = /\s*\.\s*basePath\s*\(/y;
/** A path that is all wildcard: `*`, `/*`, `/(.*)`, Express 5's `/*splat`, `/{*any}`. */
const catchAll = /^\/?(?:\*\w*|\(\.\*\)|\{\*\w*\})$/;
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** Whether `rest` (after a path literal) goes on with `,`: a route has a handler after its path. */
function commaFirst(rest: string): boolean {
  let i = 0;
  while (isRegexSpace(rest.charCodeAt(i))) i++;
  return rest.charCodeAt(i) === 44;
}

/** `router.get(show)`-style: a bare handler name no constant of this file names (kept cheap: the common case). */
function isUnknownName(inner: string, facts: FileFacts): boolean {
  const m = /^\s*([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(inner);
  return m !== null && facts.values[m[1]] === undefined;
}

/** A constant of this file, evaluated with the file's other constants. */
function localValue(facts: FileFacts, name: string, depth = 0): string | undefined {
  const expr = facts.values[name];
  return expr === undefined || depth > 4 ? undefined : evaluate(expr, (n) => localValue(facts, n, depth + 1));
}

/**
 * Whether the first argument of `use(…)` is a path rather than a middleware or router: a string
 * or template literal, a concatenation, an UPPER_CASE or local string constant, or a config
 * value (`config.api.prefix`, `process.env.PREFIX`).
 */
function isPrefixArgument(arg: string, facts: FileFacts): boolean {
  const a = arg.trim();
  if (/^['"`]/.test(a) || /^[^(]*(?:\+|\|\||\?\?)/.test(a)) return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(a)) return true;
  if (/^[A-Za-z_$][\w$]*$/.test(a)) return facts.values[a] !== undefined && !/\b(?:Router|express|new)\b|\(/.test(facts.values[a]);
  return /^(?:process\.env|config|settings|env|constants?)\b[\w$.]*$/i.test(a) || facts.values[a] !== undefined;
}

/**
 * The receiver of a chained call: `api.use(a).use(b)` → `api`; `Router().use(a)` → the router
 * made there, named after its variable or its export (`export default Router().use(…)`).
 */
function chainReceiver(text: string, dot: number, facts: FileFacts, at: LineIndex): { name: string; start: number } | undefined {
  const direct = receiverBefore(text, dot);
  if (direct) return direct;
  let j = dot - 1;
  for (let guard = 0; guard < 30; guard++) {
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--;
    if (text[j] !== ')') return undefined;
    const k = openParenBefore(text, j, 4000);
    if (k < 0) return undefined;
    const callee = receiverBefore(text, k);
    if (!callee) return undefined;
    let b = callee.start - 1;
    while (b >= 0 && isSpace(text.charCodeAt(b))) b--;
    const ctor = callee.name === 'Router' || callee.name === 'express';
    if (text[b] === '.' && !(ctor && /express\s*\.\s*$/.test(text.slice(Math.max(0, b - 12), b + 1)))) {
      const inner = receiverBefore(text, b);
      if (inner) return inner;
      j = b - 1;
      continue;
    }
    if (!ctor) return undefined;
    const start = /express\s*\.\s*$/.test(text.slice(Math.max(0, b - 12), b + 1)) ? text.lastIndexOf('express', b) : callee.start;
    const before = text.slice(Math.max(0, start - 120), start);
    const assigned = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*$/.exec(before);
    if (assigned) return { name: assigned[1], start };
    const name = `<router@${at.line(start)}>`;
    if (/export\s+default\s+$/.test(before)) facts.exports.default = name;
    else if (/module\.exports\s*=\s*$/.test(before)) facts.exports['module.exports'] = name;
    else return undefined;
    if (!facts.routers.some((r) => r.name === name)) facts.routers.push({ name, line: at.line(start) });
    return { name, start };
  }
  return undefined;
}

interface FnScope {
  name: string;
  start: number;
  end: number;
  params: string[];
}

/** The name a function head is known by, recording how the module exports it. */
function functionName(text: string, m: RegExpMatchArray, re: RegExp, facts: FileFacts): string {
  const before = text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0);
  let name = m[1];
  if (!name) {
    name = '<default>';
    if (/module\.exports\s*=\s*$/.test(before) || re.source.includes('module')) facts.exports['module.exports'] = name;
    else facts.exports.default = name;
  } else if (/export\s+default\s+(?:async\s+)?$/.test(before)) facts.exports.default = name;
  else if (/module\.exports\s*=\s*(?:async\s+)?$/.test(before)) facts.exports['module.exports'] = name;
  return name;
}

/** Patterns built from a file's names, compiled once per source (a document is rescanned on every edit). */
const compiled = new Map<string, RegExp>();
function pattern(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size >= 64) compiled.clear();
    re = new RegExp(source, flags);
    compiled.set(key, re);
  }
  return re;
}

/**
 * Functions taking an app or router, with their body range (for param-owned routes); and
 * functions returning a router made inside them (`export default () => { const app = Router(); …; return app; }`).
 */
function routerFunctions(text: string, facts: FileFacts, scan: JsScan): FnScope[] {
  const out: FnScope[] = [];
  const heads: { offset: number; m: RegExpMatchArray; re: RegExp }[] = [];
  const made = [...new Set(facts.routers.map((r) => r.name))];
  const returnAt = scan.returns.filter((o) => text.charCodeAt(o + 6) === 32);
  const returned = made.length > 0 && returnAt.length > 0 ? pattern(`\\breturn\\s+(${made.map((n) => n.replace(/\$/g, '\\$')).join('|')})\\s*[;}\\n]`, 'y') : undefined;
  const returns = returned ? matchesAt(returned, text, returnAt) : [];
  for (const { re, at } of functionHeads) {
    // Without a router returned, only heads whose parameters name a router matter: the others
    // are ruled out by a test (no match object for each of a file's functions).
    const withRouter = routerHeads.get(re)!;
    const offsets = returns.length > 0 ? at(scan) : at(scan).filter((o) => ((withRouter.lastIndex = o), withRouter.test(text)));
    for (const m of matchesAt(re, text, offsets)) {
      if (returns.length > 0) heads.push({ offset: m.index ?? 0, m, re });
      // Most functions take no router: rule them out before splitting their parameters.
      if (!routerParamWord.test(m[2]) && !routerType.test(m[2])) continue;
      const params = splitArguments(m[2]).map((p) => p.replace(/^\.\.\./, ''));
      const names = params.map((p) => /^([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '');
      if (!names.some((n, i) => routerParam.test(n) || routerType.test(params[i]))) continue;
      const open = (m.index ?? 0) + m[0].length - 1;
      const body = argumentsAt(text, open, text.length);
      const name = functionName(text, m, re, facts);
      const record: Record<number, string> = {};
      names.forEach((n, i) => {
        if (n && (routerParam.test(n) || routerType.test(params[i]))) record[i] = n;
      });
      facts.params[name] = record;
      out.push({ name, start: open, end: body?.end ?? text.length, params: names });
    }
  }
  if (returns.length > 0) {
    heads.sort((a, b) => a.offset - b.offset);
    for (const r of returns) {
      const head = lastBefore(heads, r.index ?? 0);
      if (head) facts.returns[functionName(text, head.m, head.re, facts)] ??= r[1];
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function expressFacts(text: string, at: LineIndex, facts: FileFacts, scan: JsScan): void {
  const receivers = new Set<string>();
  // express(), express.Router(), Router(), new …Router(), new Koa(), new Hono(), Fastify(), require('koa-router')().
  const decls = matchesAt(receiversDecl, text, scan.declsValued('eRnrFf'));
  for (let d = 0; d < decls.length; d++) {
    const m = decls[d];
    receivers.add(m[1]);
    // `new Router({ prefix: '/users' })`; `express()` (the match ends at its `)`) takes no options;
    // Hono's `new Hono().basePath('/api')`.
    const open = (m.index ?? 0) + m[0].length - 1;
    const args = text.charCodeAt(open) === 40 ? argumentsAt(text, open) : undefined;
    basePath.lastIndex = args?.end ?? 0;
    const base = args && basePath.exec(text) ? argumentsAt(text, basePath.lastIndex - 1) : undefined;
    const prefix = base ? base.inner.trim() : args ? /\bprefix\s*:\s*([^,}]+)/.exec(args.inner)?.[1] : undefined;
    facts.routers.push({ name: m[1], line: at.line(m.index ?? 0), prefix });
  }
  const scopes = routerFunctions(text, facts, scan);
  for (const s of scopes) for (const p of Object.values(facts.params[s.name] ?? {})) receivers.add(p);
  // A router imported from the project; in a file that names no server framework only under a
  // router's name (`import API from '@/api'` in a front end is an HTTP client).
  const server = serverImport.test(text) || facts.routers.length > 0;
  const client = !server && clientImport.test(text);
  for (const imp of facts.imports) if ((imp.module.startsWith('.') || /^[@~]\//.test(imp.module)) && (server || (routerParam.test(imp.local) && !client))) receivers.add(imp.local);
  if (server) for (const r of fallbackReceivers) receivers.add(r);
  if (receivers.size === 0) return;
  /** The owner symbol of a receiver name at an offset: a function's router parameter, or the name. */
  const ownerAt = (name: string, offset: number): string => {
    let found: string | undefined;
    for (const s of scopes) {
      if (s.start > offset) break;
      if (offset < s.end) {
        const i = s.params.indexOf(name);
        if (i !== -1) found = `${s.name}(${i})`;
      }
    }
    return found ?? name;
  };
  const framework = facts.imports.some((i) => fastifyModule.test(i.module)) ? 'fastify' : facts.imports.some((i) => honoModule.test(i.module)) ? 'hono' : 'express';
  const push = (owner: string, method: string, raw: string, offset: number) => {
    if (!raw.startsWith('/') && raw !== '') return;
    // `app.get('*', spa)`, `app.options('*', cors())`, `router.all('/api/*', auth)`: a catch-all
    // (a front end's fallback, CORS preflight) or a guard, not an endpoint.
    if ((raw.includes('*') && catchAll.test(raw)) || (method === 'all' && (raw === '' || raw.includes('*')))) return;
    const pos = at.position(offset);
    facts.routes.push({ line: pos.line, column: pos.column, framework, method: methodOf(method), path: raw, owner });
  };
  // Comments (block ones too) and strings: an `app.get('/x', h)` shown there is not a route.
  const notCode = nonCodeTest(scan.nonCode);
  let sawUse = false;
  // The verbs of a `route('/x').get(…).put(…)` chain, read with their `route`: not read again one by one.
  const chainedDots = new Set<number>();
  // Receivers that are names, matched in place before anything is sliced: most calls of a big
  // file (`map.get(key)`, `axios.get(url)`) are on something else.
  const named = [...receivers].filter((r) => /^[A-Za-z_$][\w$]*$/.test(r));
  const firstChars = new Uint8Array(128);
  for (const r of named) firstChars[r.charCodeAt(0)] = 1;
  for (let c = 0; c < scan.calls.length; c++) {
    const dot = scan.calls[c];
    if (chainedDots.has(dot)) continue;
    const name = nameBefore(text, dot, named, firstChars);
    if (name === null) continue;
    const receiver = name === undefined ? chainReceiver(text, dot, facts, at) : name;
    if (receiver?.name.startsWith('<router@')) receivers.add(receiver.name);
    if (!receiver || !receivers.has(receiver.name) || notCode(receiver.start)) continue;
    const { verb, open } = callAt(text, dot);
    if (verb !== 'use' && verb !== 'route' && verb !== 'prefix' && verb !== 'register') {
      // The common route, `router.get('/x', handler)`: its path read in place, the handler not walked.
      const path = literalBeforeComma(text, open);
      if (path !== undefined) {
        push(ownerAt(receiver.name, receiver.start), verb, path, at.lineStart(dot) > receiver.start ? dot : receiver.start);
        continue;
      }
    }
    const args = argumentsAt(text, open);
    if (!args) continue;
    const owner = ownerAt(receiver.name, receiver.start);
    if (verb === 'prefix') {
      // koa-router's `router.prefix('/users')`: the router's own prefix, for routes before and after.
      const decl = facts.routers.find((r) => r.name === receiver.name);
      if (decl && decl.prefix === undefined && args.inner.trim() !== '') decl.prefix = args.inner.trim();
      continue;
    }
    if (verb === 'register') {
      fastifyRegister(args.inner, owner, at.line(dot), facts);
      continue;
    }
    if (verb === 'use') {
      sawUse = true;
      const list = splitArguments(args.inner);
      const hasPrefix = list.length >= 2 && isPrefixArgument(list[0], facts);
      // `app.use('/api', [authRouter, userRouter])`: an array of routers mounts each.
      const line = at.line(dot);
      for (let i = hasPrefix ? 1 : 0; i < list.length; i++) {
        const c = list[i];
        for (const child of c.startsWith('[') && c.endsWith(']') ? splitArguments(c.slice(1, -1)) : [c]) {
          if (!mountedChild.test(child)) continue;
          facts.mounts.push({ line, parent: owner, child: child.endsWith('.routes()') ? child.slice(0, -9) : child, prefix: hasPrefix ? list[0] : undefined });
        }
      }
      continue;
    }
    if (verb !== 'route') {
      const s = readStringLiteral(args.inner);
      // app.get('setting') reads a setting: a route has a path and at least one handler.
      // A verb chained on another call (`router.all(…)\n  .patch(…)`) sits on its own line.
      const at0 = at.lineStart(dot) > receiver.start ? dot : receiver.start;
      if (s && commaFirst(s.rest)) push(owner, verb, s.value, at0);
      else if (!s && /^\s*[`A-Za-z_$]/.test(args.inner) && !isUnknownName(args.inner, facts)) {
        // A path from this file's constants: `router.get(`${BASE}/:id`, h)`, `router.get(PATHS.user, h)`.
        const list = splitArguments(args.inner);
        const path = list.length >= 2 && /^[`A-Za-z_$]/.test(list[0]) ? evaluate(list[0], (name) => localValue(facts, name)) : undefined;
        if (path !== undefined) push(owner, verb, path, at0);
      }
      continue;
    }
    if (args.inner.trim().startsWith('{')) {
      // Fastify's full declaration: `fastify.route({ method: ['GET', 'HEAD'], url: '/x', handler })`.
      const fields = splitArguments(args.inner.trim().slice(1, -1));
      const url = readStringLiteral(keywordArgument(fields, ['url', 'path']) ?? '');
      const methods = stringList(keywordArgument(fields, ['method']));
      const at0 = at.lineStart(dot) > receiver.start ? dot : receiver.start;
      if (url && url.rest.trim() === '') for (const m of methods ?? []) push(owner, m.toLowerCase(), url.value, at0);
      continue;
    }
    const s = readStringLiteral(args.inner);
    if (s && commaFirst(s.rest)) {
      // Hono's `app.route('/books', books)`: a sub-app mounted under a path.
      const [, child, more] = splitArguments(args.inner);
      if (child && more === undefined && mountedChild.test(child)) facts.mounts.push({ line: at.line(dot), parent: owner, child, prefix: args.inner.slice(0, args.inner.length - s.rest.length).trim() });
      continue;
    }
    if (!s || s.rest.trim() !== '') continue;
    let pos = args.end;
    for (let guard = 0; guard < 20; guard++) {
      chained.lastIndex = pos;
      const next = chained.exec(text);
      if (!next) break;
      const methodAt = pos + next[0].lastIndexOf('.');
      chainedDots.add(methodAt);
      push(owner, next[1], s.value, methodAt);
      const call = argumentsAt(text, pos + next[0].length - 1);
      if (!call) break;
      pos = call.end;
    }
  }
  if (sawUse) routeTables(text, at, facts, scan, ownerAt);
  dropPreHandlers(facts);
  // registerRoutes(app), require('./routes')(app), routes.init(router): the router goes in as a parameter.
  const names = [...receivers].filter((r) => /^[A-Za-z_$][\w$]*$/.test(r));
  if (names.length === 0) return;
  // Found from the arguments' side: a receiver name as a whole argument, then its call. After
  // each `(` and `,` of the file, the usual blanks are tried as a plain class before `\s` (same
  // matches: any other space, then any blanks): twice as fast as `\s*` there.
  const argument = pattern(`[(,][ \\t\\n\\r]*(?:[^\\S \\t\\n\\r]\\s*)?(?:${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})\\s*[,)]`, 'g');
  const seen = new Set<number>();
  argument.lastIndex = 0;
  for (let m = argument.exec(text); m; m = argument.exec(text)) {
    const open = callOpen(text, m.index ?? 0);
    if (open === undefined || seen.has(open)) continue;
    seen.add(open);
    const head = calleeBefore(text, open);
    if (!head) continue;
    const { callee, start: offset } = head;
    if (/^(?:function|if|while|for|switch|return|new|express|Router|catch)$/.test(callee) || /\.(?:use|get|post|put|delete|patch|listen|route|all|set|head|options)$/.test(callee)) continue;
    const args = argumentsAt(text, open);
    if (!args) continue;
    const after = text.slice(args.end, args.end + 80);
    if (notCode(offset) || /^\s*(?::[^;{=]*)?(?:\{|=>)/.test(after) || /\bfunction\s*$/.test(text.slice(Math.max(0, offset - 12), offset))) continue;
    splitArguments(args.inner).forEach((arg, i) => {
      if (receivers.has(arg)) facts.mounts.push({ line: at.line(offset), parent: ownerAt(arg, offset), child: callee, param: i });
    });
  }
}

export function extractJavaScript(text: string, at: LineIndex, file = '', language: 'javascript' | 'typescript' = 'javascript'): FileFacts {
  const facts = emptyFacts(file, language);
  const scan = scanJs(text, at);
  readJsModule(text, facts, scan);
  expressFacts(text, at, facts, scan);
  // routing-controllers (`@JsonController('/users')`, `createExpressServer({ routePrefix })`) is read as NestJS is.
  if (text.includes('@nestjs/') || text.includes('routing-controllers')) readNest(text, at, facts, scan.nonCode);
  return facts;
}
