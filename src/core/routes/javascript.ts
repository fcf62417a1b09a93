// Express (app/router methods, router.route() chains, app.use mounts in the same file) and
// NestJS (@Controller prefix with @Get/@Post/…). One regular-expression pass per framework,
// anchored on the method name; the receiver is read backwards from the dot.
import type { HttpMethod } from '../openapi/model';
import type { RouteMatch } from './model';
import { joinMountedPaths, joinRoutePaths, normalizeRoutePath } from './paths';
import { argumentsAt, inLineComment, keywordArgument, lastBefore, type LineIndex, readStringLiteral, receiverBefore, splitArguments, stringList } from './text';

const receiversDecl = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$.<>]+\s*)?=\s*(?:express\s*\(\s*\)|(?:express\s*\.\s*)?Router\s*\(|new\s+Router\s*\()/g;
const expressCalls = /\.\s*(get|post|put|delete|patch|head|options|route|use)\s*\(/g;
const chained = /^\s*\.\s*(get|post|put|delete|patch|head|options|all)\s*\(/;

interface Call {
  receiver: string;
  verb: string;
  offset: number;
  open: number;
}

function expressRoutes(text: string, at: LineIndex): RouteMatch[] {
  const receivers = new Set<string>();
  for (const m of text.matchAll(receiversDecl)) receivers.add(m[1]);
  if (receivers.size === 0) {
    if (!/\bexpress\b/.test(text)) return [];
    for (const r of ['app', 'router', 'api', 'routes']) receivers.add(r);
  }
  const calls: Call[] = [];
  for (const m of text.matchAll(expressCalls)) {
    const dot = m.index ?? 0;
    const receiver = receiverBefore(text, dot);
    if (!receiver || !receivers.has(receiver.name)) continue;
    calls.push({ receiver: receiver.name, verb: m[1], offset: receiver.start, open: dot + m[0].length - 1 });
  }
  // app.use('/api', router): the router's routes live under /api (same file).
  const prefixes = new Map<string, string>();
  for (const c of calls) {
    if (c.verb !== 'use') continue;
    const args = argumentsAt(text, c.open);
    if (!args) continue;
    const list = splitArguments(args.inner);
    const prefix = readStringLiteral(list[0] ?? '');
    const target = list[list.length - 1];
    if (prefix && prefix.rest.trim() === '' && target && receivers.has(target)) prefixes.set(target, joinRoutePaths(prefixes.get(c.receiver) ?? '', prefix.value));
  }
  const out: RouteMatch[] = [];
  const push = (receiver: string, method: string, raw: string, offset: number) => {
    if (!raw.startsWith('/') && raw !== '*') return;
    const pos = at.position(offset);
    out.push({ line: pos.line, column: pos.column, framework: 'express', method: method.toUpperCase() as HttpMethod, path: normalizeRoutePath(joinMountedPaths(prefixes.get(receiver) ?? '', raw)) });
  };
  for (const c of calls) {
    if (c.verb === 'use' || inLineComment(text, at.lineStart(c.offset), c.offset, ['//'])) continue;
    const args = argumentsAt(text, c.open);
    if (!args) continue;
    if (c.verb !== 'route') {
      const s = readStringLiteral(args.inner);
      // app.get('setting') reads a setting: a route has a path and at least one handler.
      if (s && /^\s*,/.test(s.rest)) push(c.receiver, c.verb, s.value, c.offset);
      continue;
    }
    const s = readStringLiteral(args.inner);
    if (!s || s.rest.trim() !== '') continue;
    let pos = args.end;
    for (let guard = 0; guard < 20; guard++) {
      const next = chained.exec(text.slice(pos, pos + 200));
      if (!next) break;
      const methodAt = pos + next[0].indexOf('.');
      if (next[1] !== 'all') push(c.receiver, next[1], s.value, methodAt);
      const call = argumentsAt(text, pos + next[0].length - 1);
      if (!call) break;
      pos = call.end;
    }
  }
  return out;
}

const controllers = /@Controller\s*\(/g;
const handlers = /@(Get|Post|Put|Delete|Patch|Head|Options)\s*\(/g;

function nestRoutes(text: string, at: LineIndex): RouteMatch[] {
  if (!text.includes('@nestjs/')) return [];
  const prefixes: { offset: number; prefix: string[] }[] = [];
  for (const m of text.matchAll(controllers)) {
    const args = argumentsAt(text, (m.index ?? 0) + m[0].length - 1);
    const inner = args?.inner.trim() ?? '';
    let prefix: string[] | undefined = inner === '' ? [''] : stringList(inner);
    if (!prefix && inner.startsWith('{')) prefix = stringList(keywordArgument(splitArguments(inner.slice(1, -1)), ['path'])) ?? [''];
    prefixes.push({ offset: m.index ?? 0, prefix: prefix ?? [''] });
  }
  const out: RouteMatch[] = [];
  for (const m of text.matchAll(handlers)) {
    const offset = m.index ?? 0;
    if (inLineComment(text, at.lineStart(offset), offset, ['//'])) continue;
    const controller = lastBefore(prefixes, offset);
    if (!controller) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    const inner = args?.inner.trim() ?? '';
    const paths = inner === '' ? [''] : stringList(inner);
    if (!paths) continue;
    for (const pre of controller.prefix) {
      for (const p of paths) {
        const joined = joinRoutePaths(pre === '' ? '' : `/${pre.replace(/^\/+/, '')}`, p);
        out.push({ line: at.line(offset), column: at.column(offset), framework: 'nestjs', method: m[1].toUpperCase() as HttpMethod, path: normalizeRoutePath(joined) });
      }
    }
  }
  return out;
}

export function scanJavaScript(text: string, at: LineIndex): RouteMatch[] {
  return [...expressRoutes(text, at), ...nestRoutes(text, at)];
}
