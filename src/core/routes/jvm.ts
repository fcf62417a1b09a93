// Spring (Java and Kotlin) facts: every class/interface with its supertypes and class-level
// @RequestMapping prefixes (the index applies a supertype's mapping when the class has none,
// plus the context path), and the handler methods' @GetMapping/… or @RequestMapping(method = …)
// paths from value/path or the bare argument, with same-file string constants evaluated.
import type { HttpMethod } from '../openapi/model';
import type { RouteMethod } from './model';
import { evaluate } from './expressions';
import { emptyFacts, type FileFacts, type RouterDecl } from './facts';
import { extractFunctionalRoutes, hasFunctionalRoutes } from './jvmFunctional';
import { argumentsAt, braceBlockEnd, inSpans, inLineComment, inStringOnLine, keywordArgument, lastBefore, type LineIndex, multiLineBlocks, splitArguments, stringList } from './text';

// Composed annotations named after the one they wrap (`@AnonymousGetMapping`) count as it.
// (Greedy, then the suffix is checked: a lazy prefix before an alternation backtracks at every `@`.)
const annotations = /@[A-Z]\w*Mapping\b/g;
const mappingKind = /(RequestMapping|GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping)$/;
/** The mapping an annotation stands for (`@AnonymousGetMapping` → `GetMapping`); names recur, so remembered. */
const kinds = new Map<string, string | null>();
function mappingKindOf(annotation: string): string | undefined {
  let kind = kinds.get(annotation);
  if (kind === undefined) {
    kind = mappingKind.exec(annotation)?.[1] ?? null;
    if (kinds.size < 1000) kinds.set(annotation, kind);
  }
  return kind ?? undefined;
}
const shortcut: Record<string, HttpMethod[]> = { GetMapping: ['GET'], PostMapping: ['POST'], PutMapping: ['PUT'], DeleteMapping: ['DELETE'], PatchMapping: ['PATCH'] };
// @RequestMapping without `method` answers every method, as Spring maps it.
const anyMethod: RouteMethod[] = ['ANY'];
/** `RequestMethod.PUT`, `{RequestMethod.GET, RequestMethod.POST}` → verbs; the same few expressions recur. */
const verbsOf = new Map<string, HttpMethod[]>();
function requestMethods(expr: string): HttpMethod[] {
  let verbs = verbsOf.get(expr);
  if (!verbs) {
    verbs = [...expr.matchAll(/(?:RequestMethod\.)?\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|TRACE)\b/g)].map((x) => x[1] as HttpMethod);
    if (verbsOf.size < 1000) verbsOf.set(expr, verbs);
  }
  return verbs;
}
const typeHeader = /\b(?:class|interface|object)\s+([A-Za-z_]\w*)([^{;@]*)/g;
// `static final String X = …`, Kotlin `const val X = …`, and an interface's `String X = …` (implicitly static).
const constants = /\b(?:static\s+final\s+String|const\s+val|final\s+static\s+String|String(?=\s+[A-Z][A-Z0-9_]*\s*=))\s+([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*([^;\n]+)/g;

/**
 * Marks a path this file cannot evaluate (a constant of another class, `ApiPaths.USERS + "/x"`):
 * the index evaluates it with every class's constants, else reports the prefix as unknown.
 */
export const jvmExpression = '\u0000';

/** Paths of a mapping annotation's arguments: `("/x")`, `(value = "/x")`, `(path = {"/a", "/b"})`, none → [""]. */
function mappingPaths(inner: string | undefined, values: Record<string, string>): string[] {
  if (inner === undefined || inner.trim() === '') return [''];
  // Fast paths, the common cases: one plain literal, alone or as `value =`/`path =` first.
  if (inner[0] === '"' && inner.indexOf('"', 1) === inner.length - 1 && !inner.includes('\\')) return [inner.slice(1, -1)];
  const plain = /^\s*(?:value|path)\s*=\s*"([^"\\\n]*)"\s*(?:,|$)/.exec(inner);
  if (plain && !/[,(]\s*(?:value|path)\s*=/.test(inner.slice(plain[0].length - 1))) return [plain[1]];
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

const modifiers = new Set(['public', 'protected', 'private', 'abstract', 'final', 'static', 'open', 'data', 'sealed', 'internal', 'inner', 'annotation', 'strictfp']);

/**
 * Where the type keyword (`class`, `interface`, `object`) stands when only annotations and
 * modifiers follow `from` up to it — then a mapping at `from` is class-level; else -1.
 */
function typeDeclaredAfter(text: string, from: number): number {
  const space = (k: number) => k < text.length && text.charCodeAt(k) <= 32;
  const wordChar = (k: number) => {
    const c = text.charCodeAt(k); // NaN past the end
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
  };
  let i = from;
  for (let guard = 0; guard < 40; guard++) {
    while (space(i)) i++;
    if (text[i] === '@') {
      if (text.startsWith('interface', i + 1)) return i + 1; // an annotation type: `@interface X`
      i++;
      while (wordChar(i)) i++;
      let j = i;
      while (space(j)) j++;
      if (text[j] === '(') i = argumentsAt(text, j)?.end ?? text.length;
      continue;
    }
    let end = i;
    while (wordChar(end)) end++;
    const word = text.slice(i, end);
    if (word === 'class' || word === 'interface' || word === 'object') return i;
    if (!modifiers.has(word)) return -1;
    i = end;
  }
  return -1;
}

export function extractSpring(text: string, at: LineIndex, file = '', language: 'java' | 'kotlin' = 'java'): FileFacts {
  const facts = emptyFacts(file, language);
  // A class of path constants has no mapping of its own but its values matter to others.
  const hasConstants = /\bstatic\s+final\s+String\b|\bconst\s+val\b|\bString\s+[A-Z][A-Z0-9_]*\s*=/.test(text);
  const functional = hasFunctionalRoutes(text);
  if (!text.includes('Mapping') && !hasConstants && !functional) return facts;
  // `end`: where a nested type's body closes (the handlers after it belong to the outer class
  // again). Nested types are indented; a top-level one runs to the next (no scan of its body).
  const types: { offset: number; name: string; end?: number; decl: RouterDecl; client: boolean }[] = [];
  const byOffset = new Map<number, (typeof types)[number]>();
  const hasFeign = text.includes('@FeignClient');
  for (const m of text.matchAll(typeHeader)) {
    const offset = m.index ?? 0;
    const lineStart = at.lineStart(offset);
    if (inLineComment(text, lineStart, offset, ['//'])) continue;
    const open = offset + m[0].length;
    const nested = text[lineStart] === ' ' || text[lineStart] === '\t';
    const decl: RouterDecl = { name: m[1], line: at.line(offset), prefixes: [], supertypes: supertypes(m[2]) };
    // A `@FeignClient` interface declares calls this application makes, not handlers it serves.
    const window = hasFeign ? text.slice(Math.max(0, offset - 600), offset) : '';
    const feign = hasFeign ? window.lastIndexOf('@FeignClient') : -1;
    const client = feign !== -1 && !/;|\b(?:class|interface|object)\s+\w/.test(window.slice(feign));
    const type = { offset, name: m[1], end: nested && text[open] === '{' ? braceBlockEnd(text, open) : undefined, decl, client };
    types.push(type);
    byOffset.set(offset, type);
    facts.routers.push(decl);
  }
  for (const m of text.matchAll(constants)) {
    const value = m[2].trim();
    facts.values[m[1]] = value;
    // `Paths.USERS`, and for a nested class every qualified name: `ApiPaths.Users.MAIN`.
    let qualified = m[1];
    for (let owner = enclosingType(types, m.index ?? 0), guard = 0; owner && guard < 5; guard++) {
      qualified = `${owner.name}.${qualified}`;
      facts.values[qualified] = value;
      owner = owner.end === undefined ? undefined : enclosingType(types, owner.offset); // only a nested type has an outer one
    }
  }
  // Block comments over several lines whose lines do not start with `*`: no mapping inside.
  const blocks = text.includes('/*') ? multiLineBlocks(text, (o) => inLineComment(text, at.lineStart(o), o, ['//']) || inStringOnLine(text, at.lineStart(o), o)) : [];
  for (const whole of text.matchAll(annotations)) {
    const kind = mappingKindOf(whole[0]);
    if (!kind) continue;
    const m = [whole[0], kind] as const;
    const offset = whole.index ?? 0;
    const pos = at.position(offset);
    if (inLineComment(text, pos.lineStart, offset, ['//']) || inStringOnLine(text, pos.lineStart, offset) || (blocks.length > 0 && inSpans(blocks, offset))) continue;
    const after = offset + whole[0].length;
    let open = after;
    while (open < text.length && /\s/.test(text[open])) open++;
    const args = text[open] === '(' ? argumentsAt(text, open) : undefined;
    const paths = mappingPaths(args?.inner, facts.values);
    // Class-level: only annotations (and modifiers) stand between the mapping and the type header.
    const type = m[1] === 'RequestMapping' ? byOffset.get(typeDeclaredAfter(text, args?.end ?? after)) : undefined;
    if (type) {
      type.decl.prefixes = paths.length ? paths : [''];
      continue;
    }
    const owner = enclosingType(types, offset);
    if (!owner || owner.client) continue;
    let verbs: readonly RouteMethod[];
    if (m[1] === 'RequestMapping') {
      const method = args && /\bmethod\s*=/.test(args.inner) ? keywordArgument(splitArguments(args.inner), ['method']) : undefined;
      verbs = method ? requestMethods(method) : anyMethod;
    } else verbs = shortcut[m[1]];
    for (const path of paths) for (const method of verbs) facts.routes.push({ line: pos.line, column: pos.column, framework: 'spring', method, path, owner: owner.name });
  }
  if (functional) extractFunctionalRoutes(text, at, facts, (offset) => enclosingType(types, offset)?.name);
  return facts;
}
