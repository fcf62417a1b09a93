// FastAPI and Flask: decorators on app/router/blueprint objects, router prefixes
// (APIRouter(prefix=…), Blueprint(url_prefix=…)) and include_router/register_blueprint in the
// same file.
import type { HttpMethod } from '../openapi/model';
import type { RouteFramework, RouteMatch } from './model';
import { joinRoutePaths, normalizeRoutePath } from './paths';
import { argumentsAt, keywordArgument, type LineIndex, readStringLiteral, receiverBefore, splitArguments, stringList } from './text';

interface Router {
  framework: RouteFramework;
  prefix: string;
}

// Anchored on distinctive words rather than line starts: V8 scans for them much faster.
const constructors = /\b(FastAPI|APIRouter|Flask|Blueprint)\s*\(/g;
const assignedName = /^[ \t]*([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[A-Za-z_]\w*\.)?$/;
const includes = /\.(include_router|register_blueprint)\s*\(/g;
const decorators = /@([A-Za-z_]\w*)\.(get|post|put|delete|patch|head|options|trace|route|api_route)\s*\(/g;
const verbs = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE']);

function firstString(args: string[], keywords: readonly string[]): string | undefined {
  const kw = keywordArgument(args, keywords);
  if (kw !== undefined) return readStringLiteral(kw)?.value;
  const first = args[0];
  if (first === undefined || /^[A-Za-z_]\w*\s*=/.test(first)) return undefined;
  const s = readStringLiteral(first);
  return s && s.rest.trim() === '' ? s.value : undefined;
}

export function scanPython(text: string, at: LineIndex): RouteMatch[] {
  if (!text.includes('@')) return [];
  const routers = new Map<string, Router>();
  for (const m of text.matchAll(constructors)) {
    const offset = m.index ?? 0;
    const name = assignedName.exec(text.slice(at.lineStart(offset), offset))?.[1];
    if (!name) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    const list = args ? splitArguments(args.inner) : [];
    const kind = m[1];
    const framework: RouteFramework = kind === 'FastAPI' || kind === 'APIRouter' ? 'fastapi' : 'flask';
    const prefix = kind === 'APIRouter' ? firstString(list, ['prefix']) : kind === 'Blueprint' ? readStringLiteral(keywordArgument(list, ['url_prefix']) ?? '')?.value : undefined;
    routers.set(name, { framework, prefix: prefix ?? '' });
  }
  // app.include_router(router, prefix="/api"), app.register_blueprint(bp, url_prefix="/x")
  const mounted = new Map<string, string>();
  for (const m of text.matchAll(includes)) {
    const includer = receiverBefore(text, m.index ?? 0)?.name;
    const args = argumentsAt(text, (m.index ?? 0) + m[0].length - 1);
    if (!args || !includer) continue;
    const list = splitArguments(args.inner);
    const target = /^[A-Za-z_]\w*$/.test(list[0] ?? '') ? list[0] : /^([A-Za-z_]\w*)\.router$/.exec(list[0] ?? '')?.[1];
    if (!target) continue;
    const parent = routers.get(includer)?.prefix ?? mounted.get(includer) ?? '';
    const given = readStringLiteral(keywordArgument(list, m[1] === 'include_router' ? ['prefix'] : ['url_prefix']) ?? '')?.value;
    const own = routers.get(target);
    if (m[1] === 'register_blueprint') mounted.set(target, joinRoutePaths(parent, given ?? own?.prefix ?? ''));
    else mounted.set(target, joinRoutePaths(joinRoutePaths(parent, given ?? ''), own?.prefix ?? ''));
  }
  const lower = text.slice(0, 4000).toLowerCase();
  const importedFramework: RouteFramework | undefined = /\bfastapi\b/.test(lower) ? 'fastapi' : /\bflask\b/.test(lower) ? 'flask' : undefined;
  const out: RouteMatch[] = [];
  for (const m of text.matchAll(decorators)) {
    const start = m.index ?? 0;
    const router = routers.get(m[1]);
    if (!router && !importedFramework) continue;
    // A decorator starts its line; anything else before it (a comment, code) rules it out.
    const pos = at.position(start);
    let blank = true;
    for (let i = pos.lineStart; i < start && blank; i++) blank = text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9;
    if (!blank) continue;
    const args = argumentsAt(text, (m.index ?? 0) + m[0].length - 1);
    if (!args) continue;
    const list = splitArguments(args.inner);
    const raw = firstString(list, ['path', 'rule']);
    if (raw === undefined) continue;
    const verb = m[2];
    let methods: string[];
    if (verb === 'route' || verb === 'api_route') methods = (stringList(keywordArgument(list, ['methods'])) ?? ['GET']).map((x) => x.toUpperCase());
    else methods = [verb.toUpperCase()];
    const prefix = mounted.get(m[1]) ?? router?.prefix ?? '';
    const framework = router?.framework ?? importedFramework ?? 'fastapi';
    const path = normalizeRoutePath(joinRoutePaths(prefix, raw));
    for (const method of methods) {
      if (!verbs.has(method)) continue;
      out.push({ line: pos.line, column: pos.column, framework, method: method as HttpMethod, path });
    }
  }
  return out;
}
