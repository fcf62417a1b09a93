// Spring functional endpoints (WebFlux and Web MVC `.fn`), read without a parser: every
// `GET("/x", …)` / `POST("/x")` call with a literal path in a file that builds a RouterFunction,
// under the prefixes of the nests around it:
//   Java:   route(GET("/x"), h).andRoute(POST("/y"), h), RouterFunctions.route().GET("/x", h)
//           .path("/p", b -> b.GET(…)), nest(path("/p"), route(…))
//   Kotlin: router { … } / coRouter { "/p".nest { GET("/x", h) } }, path("/p").nest { … }
import type { HttpMethod } from '../openapi/model';
import type { FileFacts } from './facts';
import type { RouteMethod } from './model';
import { joinRoutePaths } from './paths';
import { argumentsAt, braceBlockEnd, inLineComment, inStringOnLine, type LineIndex, literalAt, openParenBefore } from './text';

const verbCall = /\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s*\(/g;
/** Kotlin `"/p".nest {` and `path("/p").nest {`: the prefix holds inside the braces. */
const kotlinNest = /(?:"((?:[^"\\\n]|\\.)*)"|\bpath\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*\))\s*\.\s*nest\s*\{/g;
/** Kotlin `(accept(JSON) and "/p").nest {`: a parenthesised predicate before `.nest {` (its path read from inside). */
const combinedNest = /\)\s*\.\s*nest\s*\{/g;
/** Java builder `.path("/p", b -> …)`: the prefix holds inside the call's parentheses. */
const builderPath = /\.\s*path\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*,/g;
/** Java `nest(path("/p"), …)` / `.andNest(path("/p"), …)` / `RouterFunctions.nest(RequestPredicates.path("/p"), …)`. */
const nestPath = /\b(?:nest|andNest)\s*\(\s*(?:RequestPredicates\s*\.\s*)?path\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)/g;
/** A `path("/p")` predicate (not a builder's `.path("/p", …)`), whose methods come from `method(…)` beside it. */
const pathPredicate = /\bpath\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)/g;
/** `….and(method(HttpMethod.POST))` (Kotlin: `… and method(POST)`) right after the path predicate. */
const methodAfter = /^\s*(?:\.\s*and\s*\(|\)?\s+and\s+\(?)\s*(?:RequestPredicates\s*\.\s*)?methods?\s*\(([^()]*)\)/;
/** `method(HttpMethod.PUT).and(` (Kotlin: `method(PUT) and `) right before it. */
const methodBefore = /\bmethods?\s*\(([^()]*)\)\s*(?:\.\s*and\s*\(|\s+and\s+\(?)\s*(?:RequestPredicates\s*\.\s*)?$/;
/** `route(` / `.andRoute(` right before a predicate: it is the route's whole predicate. */
const routeFirst = /\b(?:route|andRoute)\s*\(\s*(?:RequestPredicates\s*\.\s*)?$/;
const httpMethods = /\b(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b/g;

/** Whether the file builds functional routes at all (the scan below is skipped otherwise). */
export function hasFunctionalRoutes(text: string): boolean {
  return /RouterFunction|\bcoRouter\s*\{|\brouter\s*\{/.test(text);
}

interface Nest {
  start: number;
  end: number;
  prefix: string;
}

/**
 * Adds the functional routes of a file to its facts, each on the type that holds it (so the
 * context path applies). `ownerAt` names the class or object around an offset.
 */
export function extractFunctionalRoutes(text: string, at: LineIndex, facts: FileFacts, ownerAt: (offset: number) => string | undefined): void {
  const nests: Nest[] = [];
  for (const m of text.matchAll(kotlinNest)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    nests.push({ start: open, end: braceBlockEnd(text, open), prefix: m[1] ?? m[2] });
  }
  // `(accept(APPLICATION_JSON) and "/api").nest {`: the path in a combined predicate.
  for (const m of text.matchAll(combinedNest)) {
    const close = m.index ?? 0;
    const openParen = openParenBefore(text, close, 400);
    if (openParen < 0 || /[\w$]/.test(text[openParen - 1] ?? '')) continue; // a call (`path("/p").nest {`), read above
    const inner = text.slice(openParen + 1, close);
    const prefix = /(?:^|\s(?:and|or)\s+|&&\s*)(?:"((?:[^"\\\n]|\\.)*)"|path\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*\))/.exec(inner);
    const open = close + m[0].length - 1;
    if (prefix) nests.push({ start: open, end: braceBlockEnd(text, open), prefix: prefix[1] ?? prefix[2] });
  }
  for (const re of [builderPath, nestPath]) {
    for (const m of text.matchAll(re)) {
      const open = text.indexOf('(', (m.index ?? 0) + (re === nestPath ? 0 : 1));
      const args = argumentsAt(text, open, 100_000);
      if (args) nests.push({ start: open, end: args.end, prefix: m[1] });
    }
  }
  nests.sort((a, b) => a.start - b.start);
  const add = (offset: number, methods: readonly RouteMethod[], path: string) => {
    const pos = at.position(offset);
    if (inLineComment(text, pos.lineStart, offset, ['//']) || inStringOnLine(text, pos.lineStart, offset)) return;
    const owner = ownerAt(offset);
    if (!owner) return;
    const prefix = nests.filter((n) => n.start < offset && offset < n.end).reduce((acc, n) => joinRoutePaths(acc, n.prefix), '');
    const full = prefix === '' ? path : joinRoutePaths(prefix, path);
    for (const method of methods) facts.routes.push({ line: pos.line, column: pos.column, framework: 'spring', method, path: full, owner });
  };
  for (const m of text.matchAll(verbCall)) {
    const offset = m.index ?? 0;
    const path = literalAt(text, offset + m[0].length);
    // Kotlin `GET("/$year/about")` in a loop: the variable is a path parameter.
    const value = path && facts.language === 'kotlin' && path.value.includes('$') ? path.value.replace(/\$\{?([a-z]\w*)\}?/g, '{$1}') : path?.value;
    if (value !== undefined && (value.startsWith('/') || value === '')) add(offset, [m[1] as HttpMethod], value);
  }
  if (text.includes('path(')) readMethodPredicates(text, add);
}

/**
 * `path("/a").and(method(HttpMethod.POST))` and `method(PUT).and(path("/b"))`: a route per method
 * named; `route(path("/e"), h)` with no method: one route for every method (ANY).
 */
function readMethodPredicates(text: string, add: (offset: number, methods: readonly RouteMethod[], path: string) => void): void {
  for (const m of text.matchAll(pathPredicate)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    // `.path("/p")` on a builder is not a predicate; `RequestPredicates.path("/p")` is.
    if (text[start - 1] === '.' && !/RequestPredicates\s*\.$/.test(text.slice(Math.max(0, start - 30), start))) continue;
    if (!m[1].startsWith('/')) continue;
    const named = methodAfter.exec(text.slice(end, end + 120)) ?? methodBefore.exec(text.slice(Math.max(0, start - 120), start));
    const methods: RouteMethod[] = named ? [...named[1].matchAll(httpMethods)].map((x) => x[1] as HttpMethod) : [];
    // `route(path("/e"), h)` alone: the handler answers every method.
    if (!named && routeFirst.test(text.slice(Math.max(0, start - 60), start)) && /^\s*,/.test(text.slice(end, end + 20))) methods.push('ANY');
    if (methods.length > 0) add(start, methods, m[1]);
  }
}
