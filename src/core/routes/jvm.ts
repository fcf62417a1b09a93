// Spring (Java and Kotlin) facts: every class/interface with its supertypes and class-level
// @RequestMapping prefixes (the index applies a supertype's mapping when the class has none,
// plus the context path), and the handler methods' @GetMapping/… or @RequestMapping(method = …)
// paths from value/path or the bare argument, with same-file string constants evaluated.
import type { HttpMethod } from '../openapi/model';
import { evaluate } from './expressions';
import { emptyFacts, type FileFacts } from './facts';
import { argumentsAt, braceBlockEnd, inLineComment, keywordArgument, lastBefore, type LineIndex, splitArguments, stringList } from './text';

// Composed annotations named after the one they wrap (`@AnonymousGetMapping`) count as it.
const annotations = /@(?:[A-Z]\w*?)?(RequestMapping|GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping)\b/g;
const shortcut: Record<string, HttpMethod> = { GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', DeleteMapping: 'DELETE', PatchMapping: 'PATCH' };
const typeHeader = /\b(?:class|interface|object)\s+([A-Za-z_]\w*)([^{;@]*)/g;
const constants = /\b(?:static\s+final\s+String|const\s+val|final\s+static\s+String)\s+([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*([^;\n]+)/g;

/**
 * Marks a path this file cannot evaluate (a constant of another class, `ApiPaths.USERS + "/x"`):
 * the index evaluates it with every class's constants, else reports the prefix as unknown.
 */
export const jvmExpression = '\u0000';

/** Paths of a mapping annotation's arguments: `("/x")`, `(value = "/x")`, `(path = {"/a", "/b"})`, none → [""]. */
function mappingPaths(inner: string | undefined, values: Record<string, string>): string[] {
  if (inner === undefined || inner.trim() === '') return [''];
  const args = splitArguments(inner);
  const named = keywordArgument(args, ['value', 'path']);
  const first = args[0] && !/^[A-Za-z_]\w*\s*=/.test(args[0]) ? args[0] : undefined;
  const expr = named ?? first;
  if (expr === undefined) return [''];
  const list = stringList(expr);
  if (list) return list;
  const lookup = (name: string): string | undefined => (values[name] !== undefined ? evaluate(values[name], () => undefined) : undefined);
  const items = /^[[{]([\s\S]*)[\]}]$/.exec(expr.trim());
  const parts = items ? splitArguments(items[1]) : [expr];
  return parts.map((p) => evaluate(p, lookup) ?? `${jvmExpression}${p.trim()}`);
}

/** Supertypes named in a type header: `extends A implements B, C` or Kotlin `: A(), B`. */
function supertypes(header: string): string[] {
  let h = header;
  for (let guard = 0; guard < 5 && /\([^()]*\)|<[^<>]*>/.test(h); guard++) h = h.replace(/\([^()]*\)|<[^<>]*>/g, '');
  const m = /(?:\bextends\b|\bimplements\b|:)([\s\S]*)$/.exec(h);
  if (!m) return [];
  return [...m[1].matchAll(/\b([A-Z]\w*)\b/g)].map((x) => x[1]).filter((x) => x !== 'implements' && x !== 'extends');
}

/** The innermost type whose body holds `offset` (types sorted by offset). */
function enclosingType<T extends { offset: number; end?: number }>(types: readonly T[], offset: number): T | undefined {
  for (let t = lastBefore(types, offset), i = t ? types.indexOf(t) : -1; i >= 0; i--) {
    const type = types[i];
    if (type.end === undefined || offset < type.end) return type;
  }
  return undefined;
}

export function extractSpring(text: string, at: LineIndex, file = '', language: 'java' | 'kotlin' = 'java'): FileFacts {
  const facts = emptyFacts(file, language);
  // A class of path constants has no mapping of its own but its values matter to others.
  const hasConstants = /\bstatic\s+final\s+String\b|\bconst\s+val\b/.test(text);
  if (!text.includes('Mapping') && !hasConstants) return facts;
  // `end`: where the type's body closes, when its `{` follows the header (a nested class ends
  // there, and the handlers after it belong to the outer class again).
  const types: { offset: number; name: string; end?: number }[] = [];
  for (const m of text.matchAll(typeHeader)) {
    const offset = m.index ?? 0;
    if (inLineComment(text, at.lineStart(offset), offset, ['//'])) continue;
    const open = offset + m[0].length;
    types.push({ offset, name: m[1], end: text[open] === '{' ? braceBlockEnd(text, open) : undefined });
    facts.routers.push({ name: m[1], line: at.line(offset), prefixes: [], supertypes: supertypes(m[2]) });
  }
  for (const m of text.matchAll(constants)) {
    facts.values[m[1]] = m[2].trim();
    const owner = lastBefore(types, m.index ?? 0);
    if (owner) facts.values[`${owner.name}.${m[1]}`] = m[2].trim();
  }
  for (const m of text.matchAll(annotations)) {
    const offset = m.index ?? 0;
    const pos = at.position(offset);
    if (inLineComment(text, pos.lineStart, offset, ['//'])) continue;
    const after = offset + m[0].length;
    let open = after;
    while (open < text.length && /\s/.test(text[open])) open++;
    const args = text[open] === '(' ? argumentsAt(text, open) : undefined;
    const paths = mappingPaths(args?.inner, facts.values);
    const next = types.find((t) => t.offset > offset);
    const between = next ? text.slice(args?.end ?? after, next.offset) : '';
    // Class-level: only annotations (and modifiers) stand between the mapping and the type header.
    if (m[1] === 'RequestMapping' && next && !/[;{}]|\bfun\b|\(\s*\)\s*[:{]/.test(between.replace(/@\w+(?:\.\w+)*(?:\s*\((?:[^()]|\([^()]*\))*\))?/g, ''))) {
      const decl = facts.routers.find((r) => r.name === next.name);
      if (decl) decl.prefixes = paths.length ? paths : [''];
      continue;
    }
    const owner = enclosingType(types, offset);
    if (!owner) continue;
    let verbs: HttpMethod[];
    if (m[1] === 'RequestMapping') {
      const method = keywordArgument(splitArguments(args?.inner ?? ''), ['method']);
      verbs = method ? [...method.matchAll(/(?:RequestMethod\.)?\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|TRACE)\b/g)].map((x) => x[1] as HttpMethod) : ['GET'];
    } else verbs = [shortcut[m[1]]];
    for (const path of paths) for (const method of verbs) facts.routes.push({ line: pos.line, column: pos.column, framework: 'spring', method, path, owner: owner.name });
  }
  return facts;
}
