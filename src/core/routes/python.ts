// FastAPI and Flask facts: routers (APIRouter(prefix=…), Blueprint(url_prefix=…), FastAPI(),
// Flask()), routes (decorators, add_url_rule, add_api_route, MethodView classes), mounts
// (include_router, register_blueprint, mount), imports, module constants and settings-class
// attributes with their defaults. Cross-file linking happens in routeIndex.ts.
import type { HttpMethod } from '../openapi/model';
import { emptyFacts, type FileFacts, type RouterDecl } from './facts';
import type { RouteFramework } from './model';
import { readRouterFactories } from './pythonFactories';
import { argumentsAt, inLineComment, keywordArgument, lastBefore, type LineIndex, matchesAt, readStringLiteral, receiverBefore, splitArguments, stringList } from './text';

// Anchored on distinctive words rather than line starts: V8 scans for them much faster.
// Flask-RESTful / flask-restx: `Api(app_or_blueprint, prefix=…)`, `Namespace('users', path=…)`.
const constructors = /\b(FastAPI|APIRouter|Flask|Blueprint|APIBlueprint|Api|Namespace|namespace)\s*\(/g;
const assignedName = /^[ \t]*([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[A-Za-z_]\w*\.)?$/;
const mountCalls = /\.(include_router|register_blueprint|mount|add_url_rule|add_api_route|add_namespace|add_resource)\s*\(/g;
const decorators = /@([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\.(get|post|put|delete|patch|head|options|trace|route|api_route)\s*\(/y;
const verbs = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE']);
const fromImport = /^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/my;
const plainImport = /^[ \t]*import[ \t]+([^\n#]+)/my;
const assignment = /^([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*([^\n]+)$/my;
const instanceAssignment = /^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*([A-Za-z_][\w.]*)\s*\(\s*\)[ \t]*(?:#.*)?$/my;
const localString = /^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*([rRbBuUfF]{0,2}(["'])[^"'\n]*\3)[ \t]*(?:#.*)?$/my;
const classHeader = /^class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\(([^)]*)\))?[ \t]*:/my;
const viewMethods = /^[ \t]+(?:async[ \t]+)?def[ \t]+(get|post|put|delete|patch|head|options)[ \t]*\(/gm;
const defHeader = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/my;
const returnsCall = /^[ \t]+return[ \t]+([A-Za-z_][\w.]*)\s*\(\s*\)/my;
const annotatedReturn = /^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\([^)]*\)[ \t]*->[ \t]*([A-Za-z_][\w.]*)[ \t]*:/my;

/** Where each kind of line starts: every pattern above is tried only at the lines it can match. */
interface LineHeads {
  imports: number[];
  assignments: number[];
  indentedAssignments: number[];
  classes: number[];
  defs: number[];
  returns: number[];
  /** Offsets of a line's leading `@`. */
  decorators: number[];
}

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** One look at the start of every line (its indent and first word), for the line-anchored patterns. */
function lineHeads(text: string, at: LineIndex): LineHeads {
  const heads: LineHeads = { imports: [], assignments: [], indentedAssignments: [], classes: [], defs: [], returns: [], decorators: [] };
  for (const start of at.lineStarts) {
    let j = start;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 9) c = text.charCodeAt(++j);
    if (c === 64) heads.decorators.push(j);
    if (!isIdentStart(c)) continue;
    if ((c === 102 && text.startsWith('from', j)) || (c === 105 && text.startsWith('import', j))) heads.imports.push(start);
    if (j > start) {
      heads.indentedAssignments.push(start);
      if (c === 114 && text.startsWith('return', j)) heads.returns.push(start);
      continue;
    }
    heads.assignments.push(start);
    if (c === 99 && text.startsWith('class', j)) heads.classes.push(start);
    else if ((c === 100 && text.startsWith('def', j)) || (c === 97 && text.startsWith('async', j))) heads.defs.push(start);
  }
  return heads;
}

function firstString(args: string[], keywords: readonly string[]): string | undefined {
  const kw = keywordArgument(args, keywords);
  if (kw !== undefined) return kw;
  const first = args[0];
  if (first === undefined || /^[A-Za-z_]\w*\s*=/.test(first)) return undefined;
  return first;
}

/** Offsets inside triple-quoted strings (docstrings): code shown there is not code. */
function docstringRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const open = /"""|'''/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const close = text.indexOf(m[0], m.index + 3);
    if (close === -1) break;
    out.push([m.index, close + 3]);
    open.lastIndex = close + 3;
  }
  return out;
}

/** The end of an indented block starting at `from` (the next line starting in column 0). */
function blockEnd(text: string, from: number): number {
  const re = /\n(?=[^\s#])/g;
  re.lastIndex = from;
  return re.exec(text)?.index ?? text.length;
}

/** The class whose body holds the (indented) line at `lineStart`, if any. */
function enclosingClass(text: string, lineStart: number): string | undefined {
  const header = text.lastIndexOf('\nclass ', lineStart);
  const start = header === -1 ? (text.startsWith('class ') ? 0 : -1) : header + 1;
  if (start === -1 || blockEnd(text, start + 6) < lineStart) return undefined;
  return /^class[ \t]+([A-Za-z_]\w*)/.exec(text.slice(start, start + 200))?.[1];
}

/** The class a decorator (ending at `from`) decorates, past any other decorators; undefined for a function. */
function decoratedClass(text: string, from: number): string | undefined {
  let i = from;
  for (let guard = 0; guard < 20; guard++) {
    const next = /[ \t]*(?:#[^\n]*)?\n?/y;
    while (i < text.length) {
      next.lastIndex = i;
      const m = next.exec(text);
      if (!m || m[0] === '') break;
      i += m[0].length;
    }
    if (text[i] !== '@') return /^class[ \t]+([A-Za-z_]\w*)/.exec(text.slice(i, i + 200))?.[1];
    const head = /^@[A-Za-z_][\w.]*[ \t]*/.exec(text.slice(i, i + 200));
    if (!head) return undefined;
    i += head[0].length;
    if (text[i] === '(') i = argumentsAt(text, i)?.end ?? i + 1;
  }
  return undefined;
}

function readImports(text: string, heads: LineHeads, facts: FileFacts): void {
  for (const m of matchesAt(fromImport, text, heads.imports)) {
    const names = m[2].replace(/[()]/g, '').split(',');
    for (const n of names) {
      const part = /^\s*([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(n.replace(/#.*$/, ''));
      if (part) facts.imports.push({ local: part[2] ?? part[1], module: m[1], name: part[1] });
    }
  }
  for (const m of matchesAt(plainImport, text, heads.imports)) {
    for (const n of m[1].split(',')) {
      const part = /^\s*([\w.]+)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(n);
      if (part) facts.imports.push({ local: part[2] ?? part[1], module: part[1] });
    }
  }
}

/** A value without its trailing `# comment` (a `#` inside quotes stays). */
function withoutComment(value: string): string {
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return value.slice(0, i).trim();
  }
  return value.trim();
}

/** `Settings` (a class) stays as is; `get_settings` (a function) becomes `get_settings()`. */
const instanceOf = (callee: string) => (/^[A-Z]/.test(callee.split('.').pop() ?? '') ? callee : `${callee}()`);

function readValues(text: string, heads: LineHeads, facts: FileFacts): void {
  for (const m of matchesAt(assignment, text, heads.assignments)) {
    const value = withoutComment(m[2]);
    const call = /^([A-Za-z_][\w.]*)\s*\(\s*\)$/.exec(value);
    if (call) facts.instances[m[1]] = instanceOf(call[1]);
    else facts.values[m[1]] = value;
  }
  // Inside functions too: `settings = get_settings()` in a factory, `prefix = "/api"` in create_app().
  for (const m of matchesAt(instanceAssignment, text, heads.indentedAssignments)) facts.instances[m[1]] ??= instanceOf(m[2]);
  for (const m of matchesAt(localString, text, heads.indentedAssignments)) facts.values[m[1]] ??= m[2];
  // `return Settings()` inside `def get_settings()`: found from the return, its def looked up.
  let defs: { offset: number; name: string }[] | undefined;
  for (const m of matchesAt(returnsCall, text, heads.returns)) {
    defs ??= matchesAt(defHeader, text, heads.defs).map((d) => ({ offset: d.index ?? 0, name: d[1] }));
    const fn = lastBefore(defs, m.index ?? 0);
    if (fn) facts.instances[`${fn.name}()`] ??= m[1];
  }
  // `def get_settings() -> AppSettings:` says the class even when the body picks one at run time.
  for (const m of matchesAt(annotatedReturn, text, heads.defs)) if (/^[A-Z]/.test(m[2].split('.').pop() ?? '')) facts.instances[`${m[1]}()`] = m[2];
  for (const m of matchesAt(classHeader, text, heads.classes)) {
    const start = (m.index ?? 0) + m[0].length;
    const body = text.slice(start, blockEnd(text, start));
    for (const a of body.matchAll(/^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*([^\n]+)$/gm)) facts.values[`${m[1]}.${a[1]}`] = withoutComment(a[2]);
    // Settings classes inherit their defaults: `class Settings(BaseAppSettings)`.
    const bases = (m[2] ?? '').split(',').map((b) => b.trim()).filter((b) => /^[A-Za-z_][\w.]*$/.test(b) && !/^(?:BaseSettings|BaseModel|object|MethodView|View|Resource)$/.test(b));
    if (bases.length > 0) (facts.classBases ??= {})[m[1]] = bases;
    if (/View\b|Resource\b/.test(m[2] ?? '')) {
      const methods = [...body.matchAll(viewMethods)].map((v) => v[1].toUpperCase() as HttpMethod);
      const declared = stringList(/^[ \t]+methods[ \t]*=[ \t]*([^\n]+)$/m.exec(body)?.[1]);
      (facts.viewClasses ??= {})[m[1]] = declared ? (declared.map((x) => x.toUpperCase()) as HttpMethod[]) : methods;
    }
  }
}

export function extractPython(text: string, at: LineIndex, file = ''): FileFacts {
  const facts = emptyFacts(file, 'python');
  const lower = text.slice(0, 4000).toLowerCase();
  const importedFramework: RouteFramework | undefined = /\bfastapi\b/.test(lower) ? 'fastapi' : /\bflask(?:_restx|_restful|_restplus|_smorest)?\b/.test(lower) ? 'flask' : undefined;
  const heads = lineHeads(text, at);
  readImports(text, heads, facts);
  readValues(text, heads, facts);
  const docstrings = text.includes('"""') || text.includes("'''") ? docstringRanges(text) : [];
  const inDocstring = (offset: number) => {
    // Ranges are sorted and disjoint: the last one starting before the offset is the only candidate.
    let lo = 0;
    let hi = docstrings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (docstrings[mid][0] < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && offset < docstrings[hi][1];
  };
  const frameworks = new Map<string, RouteFramework>();
  const indented: RouterDecl[] = [];
  const moduleRouters = new Set<string>();
  for (const m of text.matchAll(constructors)) {
    const offset = m.index ?? 0;
    const lineStart = at.lineStart(offset);
    const local = assignedName.exec(text.slice(lineStart, offset))?.[1];
    if (!local || inDocstring(offset)) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    const list = args ? splitArguments(args.inner) : [];
    const kind = m[1];
    // `ns = api.namespace('todos')`: a namespace made on (and served under) that Api.
    const madeOn = kind === 'namespace' ? receiverBefore(text, offset - 1) : undefined;
    if (kind === 'namespace' && (text[offset - 1] !== '.' || !madeOn)) continue;
    // `class UserDto:` / `    api = Namespace('user')`: known to other files as `UserDto.api`.
    const owner = lineStart < offset && text[lineStart] !== ' ' && text[lineStart] !== '\t' ? undefined : enclosingClass(text, lineStart);
    const name = owner ? `${owner}.${local}` : local;
    frameworks.set(name, kind === 'FastAPI' || kind === 'APIRouter' ? 'fastapi' : 'flask');
    let prefix = kind === 'APIRouter' ? firstString(list, ['prefix']) : kind === 'Blueprint' || kind === 'APIBlueprint' ? keywordArgument(list, ['url_prefix']) : kind === 'Api' ? keywordArgument(list, ['prefix']) : undefined;
    if (kind === 'Namespace' || kind === 'namespace') {
      // A namespace is served under `/<name>` unless given a path.
      const named = readStringLiteral(firstString(list, ['name']) ?? '');
      prefix = keywordArgument(list, ['path']) ?? (named && named.rest.trim() === '' ? JSON.stringify(`/${named.value}`) : undefined);
    }
    const decl = { name, line: at.line(offset), prefix, mountable: kind !== 'FastAPI' && kind !== 'Flask' && kind !== 'Api' };
    facts.routers.push(decl);
    // Made on an indented line, not as a class attribute: maybe a factory function's router.
    if (text[lineStart] === ' ' || text[lineStart] === '\t') {
      if (decl.mountable && !owner) indented.push(decl);
    } else moduleRouters.add(name);
    // `Api(blueprint)`: the resources live on that blueprint (or app).
    const host = kind === 'Api' ? (keywordArgument(list, ['app']) ?? (list[0] && !/^[A-Za-z_]\w*\s*=/.test(list[0]) ? list[0] : undefined)) : madeOn?.name;
    if (host && /^[A-Za-z_][\w.]*$/.test(host)) facts.mounts.push({ line: at.line(offset), parent: host, child: name });
  }
  const imported = new Set(facts.imports.map((i) => i.local));
  // A router imported from the project (`from app.api import bp`) in a file that never names
  // its framework: `.route` is Flask's spelling, the verb decorators FastAPI's.
  const frameworkOf = (owner: string, verb = ''): RouteFramework => frameworks.get(owner) ?? importedFramework ?? (verb === 'route' ? 'flask' : 'fastapi');
  const push = (owner: string, offset: number, methods: string[], path: string, viewClass?: string, verb?: string) => {
    const pos = at.position(offset);
    const framework = frameworkOf(owner, verb);
    if (viewClass) facts.routes.push({ line: pos.line, column: pos.column, framework, method: 'GET', path, owner, viewClass });
    for (const method of methods) if (verbs.has(method)) facts.routes.push({ line: pos.line, column: pos.column, framework, method: method as HttpMethod, path, owner });
  };
  for (const m of text.matchAll(mountCalls)) {
    const offset = m.index ?? 0;
    const receiver = receiverBefore(text, offset);
    const args = argumentsAt(text, offset + m[0].length - 1);
    if (!receiver || !args || inDocstring(offset) || inLineComment(text, at.lineStart(offset), offset, ['#'])) continue;
    const list = splitArguments(args.inner);
    const line = at.line(offset);
    if (m[1] === 'add_url_rule' || m[1] === 'add_api_route') {
      const rule = readStringLiteral(firstString(list, ['rule', 'path']) ?? '');
      if (!rule || rule.rest.trim() !== '') continue;
      const methods = stringList(keywordArgument(list, ['methods']))?.map((x) => x.toUpperCase());
      const view = keywordArgument(list, ['view_func']) ?? list[m[1] === 'add_url_rule' ? 2 : 1] ?? '';
      // add_url_rule("/", endpoint="index") only names another endpoint's URL: no handler here.
      if (view === '' || /^[A-Za-z_]\w*\s*=/.test(view)) continue;
      const viewClass = /^([A-Za-z_][\w.]*)\.as_view\s*\(/.exec(view)?.[1];
      if (viewClass && !methods) push(receiver.name, receiver.start, [], rule.value, viewClass);
      else push(receiver.name, receiver.start, methods ?? ['GET'], rule.value);
      continue;
    }
    if (m[1] === 'add_resource') {
      // Flask-RESTful: `api.add_resource(Todo, '/todos/<id>', '/todo')`, methods from the class.
      const cls = list[0];
      if (!cls || !/^[A-Za-z_][\w.]*$/.test(cls)) continue;
      for (const arg of list.slice(1)) {
        const url = readStringLiteral(arg);
        if (url && url.rest.trim() === '') push(receiver.name, receiver.start, [], url.value, cls);
      }
      continue;
    }
    if (m[1] === 'add_namespace') {
      const child = list[0];
      const path = keywordArgument(list, ['path']) ?? list[1];
      if (child && /^[A-Za-z_][\w.]*$/.test(child)) facts.mounts.push({ line, parent: receiver.name, child, prefix: path, replacesOwnPrefix: path !== undefined });
      continue;
    }
    if (m[1] === 'mount') {
      const [path, child] = [firstString(list, ['path']), keywordArgument(list, ['app']) ?? list[1]];
      if (path !== undefined && child && /^[A-Za-z_][\w.]*$/.test(child)) facts.mounts.push({ line, parent: receiver.name, child, prefix: path });
      continue;
    }
    const flask = m[1] === 'register_blueprint';
    const written = keywordArgument(list, [flask ? 'blueprint' : 'router']) ?? list[0];
    // A router a factory makes: `include_router(create_router("/v1"))`, or a variable holding one.
    // A router made at module level is itself; any other bare name may hold a factory's router or be a loop's variable.
    const bare = written !== undefined && !moduleRouters.has(written) && /^[A-Za-z_]\w*$/.test(written);
    const child = bare ? (factoryCallIn(text, facts.values, written, offset, at.lineStart(offset)) ?? written) : written;
    if (!child || !/^[A-Za-z_][\w.]*(?:\s*\([\s\S]*\))?$/.test(child)) continue;
    const prefix = keywordArgument(list, [flask ? 'url_prefix' : 'prefix']);
    // `for router in [users.router, items.router]: app.include_router(router)`: each one is mounted.
    const looped = bare && child === written ? loopMembers(text, written, at.lineStart(offset)) : undefined;
    for (const each of looped ?? [child]) facts.mounts.push({ line, parent: receiver.name, child: each, prefix, replacesOwnPrefix: flask });
  }
  for (const m of matchesAt(decorators, text, heads.decorators)) {
    const start = m.index ?? 0;
    const owner = m[1];
    if (!frameworks.has(owner) && !importedFramework && !imported.has(owner.split('.')[0])) continue;
    // A decorator starts its line; anything else before it (a comment, code) rules it out.
    const lineStart = at.lineStart(start);
    let blank = true;
    for (let i = lineStart; i < start && blank; i++) blank = text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9;
    if (!blank || inDocstring(start)) continue;
    const args = argumentsAt(text, start + m[0].length - 1);
    if (!args) continue;
    const list = splitArguments(args.inner);
    const raw = readStringLiteral(firstString(list, ['path', 'rule']) ?? '');
    if (!raw || raw.rest.trim() !== '') continue;
    const verb = m[2];
    // flask-restx `@ns.route('/todos')` on a `Resource` class: its get/post/… are the methods.
    const viewClass = verb === 'route' ? decoratedClass(text, args.end) : undefined;
    if (viewClass) {
      for (const p of list) {
        const path = readStringLiteral(p);
        if (path && path.rest.trim() === '') push(owner, start, [], path.value, viewClass, verb);
      }
      continue;
    }
    const methods = verb === 'route' || verb === 'api_route' ? (stringList(keywordArgument(list, ['methods'])) ?? ['GET']).map((x) => x.toUpperCase()) : [verb.toUpperCase()];
    push(owner, start, methods, raw.value, undefined, verb);
  }
  if (indented.length > 0) readRouterFactories(text, at, facts, indented, heads.defs, (from) => blockEnd(text, from));
  return facts;
}

/** A callee that is not a router or application constructor. */
const notConstructor = (callee: string) => !/(?:^|\.)(?:APIRouter|Blueprint|FastAPI|Flask)$/.test(callee);

/**
 * `v1 = create_router("/v1")` before `include_router(v1)`: the call that made the variable (not a
 * constructor) — at module level from the file's values, in a function from its lines above.
 */
function factoryCallIn(text: string, values: Record<string, string>, name: string, offset: number, lineStart: number): string | undefined {
  if (lineStart === offset || !/[ \t]/.test(text[lineStart])) {
    const value = values[name];
    const call = value === undefined ? undefined : /^([a-z_][\w.]*)\s*\(/.exec(value);
    return call && notConstructor(call[1]) && argumentsAt(value!, call[0].length - 1) ? value : undefined;
  }
  const from = Math.max(text.lastIndexOf('\ndef ', offset), text.lastIndexOf('\nasync def ', offset), 0);
  const assigned = new RegExp(`^[ \\t]+${name}[ \\t]*=[ \\t]*([a-z_][\\w.]*)[ \\t]*\\(`, 'gm');
  assigned.lastIndex = from;
  let last: RegExpExecArray | undefined;
  for (let m = assigned.exec(text); m && m.index < offset; m = assigned.exec(text)) last = m;
  if (!last || !notConstructor(last[1])) return undefined;
  const args = argumentsAt(text, last.index + last[0].length - 1);
  return args ? `${last[1]}(${args.inner})` : undefined;
}

/**
 * The routers a `for name in …:` loop around `lineStart` goes through: a list or tuple written
 * there, or a module-level one named there (`ROUTERS = [users.router, items.router]`).
 */
function loopMembers(text: string, name: string, lineStart: number): string[] | undefined {
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 80))?.[0].length ?? 0;
  if (indent === 0) return undefined;
  const before = text.slice(Math.max(0, lineStart - 1500), lineStart);
  const loops = [...before.matchAll(new RegExp(`^([ \\t]*)for[ \\t]+${name}[ \\t]+in[ \\t]+([^\\n]+?):[ \\t]*(?:#.*)?$`, 'gm'))];
  const loop = loops.pop();
  if (!loop || loop[1].length >= indent) return undefined;
  let list = loop[2].trim();
  if (/^[A-Za-z_]\w*$/.test(list)) {
    const at = new RegExp(`^${list}[ \\t]*(?::[^=\\n]+)?=[ \\t]*[[(]`, 'm').exec(text);
    const args = at ? argumentsAt(text, at.index + at[0].length - 1) : undefined;
    if (!args) return undefined;
    list = `[${args.inner}]`;
  }
  const inner = /^[[(]([\s\S]*)[\])]$/.exec(list)?.[1];
  const members = inner === undefined ? [] : splitArguments(inner.replace(/#[^\n]*/g, ''));
  return members.length > 0 && members.every((m) => /^[A-Za-z_][\w.]*$/.test(m)) ? members : undefined;
}

