// Spring (Java and Kotlin): @RequestMapping on the class as the prefix, @GetMapping/… or
// @RequestMapping(method = …) on methods, paths from value/path or the bare argument.
import type { HttpMethod } from '../openapi/model';
import type { RouteMatch } from './model';
import { joinRoutePaths, normalizeRoutePath } from './paths';
import { argumentsAt, inLineComment, keywordArgument, lastBefore, type LineIndex, splitArguments, stringList } from './text';

const annotations = /@(RequestMapping|GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping)\b/g;
const shortcut: Record<string, HttpMethod> = { GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', DeleteMapping: 'DELETE', PatchMapping: 'PATCH' };

/** Paths of a mapping annotation's arguments: `("/x")`, `(value = "/x")`, `(path = {"/a", "/b"})`, none → [""]. */
function mappingPaths(inner: string | undefined): string[] {
  if (inner === undefined || inner.trim() === '') return [''];
  const args = splitArguments(inner);
  const named = keywordArgument(args, ['value', 'path']);
  if (named !== undefined) return stringList(named) ?? [];
  const first = args[0];
  if (first && !/^[A-Za-z_]\w*\s*=/.test(first)) return stringList(first) ?? [];
  return [''];
}

/** Whether what follows the annotation declares a type (class-level) rather than a method. */
function annotatesType(text: string, from: number): boolean {
  const window = text.slice(from, from + 600);
  const stop = window.search(/[{(;]/);
  const head = (stop === -1 ? window : window.slice(0, stop)).replace(/@\w+(\.\w+)*/g, '');
  if (/\b(class|interface|object)\b/.test(head)) return true;
  // Other annotations with arguments sit between: skip them and look again.
  if (stop !== -1 && window[stop] === '(' && /@\w+(\.\w+)*\s*$/.test(window.slice(0, stop))) {
    const args = argumentsAt(text, from + stop);
    return args ? annotatesType(text, args.end) : false;
  }
  return false;
}

export function scanSpring(text: string, at: LineIndex): RouteMatch[] {
  if (!text.includes('Mapping')) return [];
  const prefixes: { offset: number; paths: string[] }[] = [];
  const methods: { offset: number; line: number; column: number; verbs: HttpMethod[]; paths: string[] }[] = [];
  for (const m of text.matchAll(annotations)) {
    const offset = m.index ?? 0;
    const pos = at.position(offset);
    if (inLineComment(text, pos.lineStart, offset, ['//'])) continue;
    const after = offset + m[0].length;
    let open = after;
    while (open < text.length && (text.charCodeAt(open) === 32 || text.charCodeAt(open) === 9 || text.charCodeAt(open) === 10 || text.charCodeAt(open) === 13)) open++;
    const args = text[open] === '(' ? argumentsAt(text, open) : undefined;
    const end = args?.end ?? after;
    const paths = mappingPaths(args?.inner);
    if (m[1] === 'RequestMapping' && annotatesType(text, end)) {
      prefixes.push({ offset, paths: paths.length ? paths : [''] });
      continue;
    }
    let verbs: HttpMethod[];
    if (m[1] === 'RequestMapping') {
      const method = keywordArgument(splitArguments(args?.inner ?? ''), ['method']);
      verbs = method ? [...method.matchAll(/RequestMethod\.(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|TRACE)/g)].map((x) => x[1] as HttpMethod) : ['GET'];
    } else verbs = [shortcut[m[1]]];
    methods.push({ offset, line: pos.line, column: pos.column, verbs, paths });
  }
  const out: RouteMatch[] = [];
  for (const h of methods) {
    const prefix = lastBefore(prefixes, h.offset)?.paths ?? [''];
    for (const pre of prefix) {
      for (const p of h.paths) {
        const path = normalizeRoutePath(joinRoutePaths(pre, p));
        for (const verb of h.verbs) out.push({ line: h.line, column: h.column, framework: 'spring', method: verb, path });
      }
    }
  }
  return out;
}
