// JavaScript/TypeScript module facts shared by the Express and NestJS extractors: imports
// (ESM, CommonJS `require`, destructuring), exports (`export default`, `module.exports`,
// `exports.x`), constants, and the functions that take a router as a parameter.
import type { FileFacts } from './facts';
import { isRegexSpace, type JsScan, mergeOffsets } from './jsScan';
import { matchesAt } from './text';

const esmImport = /^[ \t]*import\s+(?:type\s+)?([\s\S]{0,400}?)\s+from\s+['"]([^'"]+)['"]/my;
const cjsImport = /\b(?:const|let|var)\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)(\.[A-Za-z_$][\w$]*)?/y;
/** Constants a path can be made of: strings, templates, env defaults, concatenations (inside functions too: `const apiPrefix = '/api'` in a factory). */
const constant = /^[ \t]*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$<>[\]|. ]+)?=\s*((?:['"`]|process\.env|[A-Za-z_$][\w$.]*\s*(?:\+|\|\||\?\?))[^\n;]*);?[ \t]*$/my;
const classField = /^[ \t]+(?:(?:public|private|protected|readonly|static|override)[ \t]+)*([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*[\w$<>[\]| ]+)?=[ \t]*(['"`][^'"`\n]*['"`])[ \t]*;?[ \t]*$/gm;
const objectConstant = /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$<>. ]+)?=\s*\{/my;
// The export forms, each tried where `export`/`module` starts (or at the start of its line).
const configObject = /^export\s+default\s*\{/my;
const exportDefault = /^[ \t]*export\s+default\s+(?:async\s+)?(?:function\s*\*?\s*([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)(?:\.routes\(\s*\))?\s*;?\s*$)/my;
const moduleExports = /\bmodule\.exports\s*=\s*([A-Za-z_$][\w$]*)(?:\.routes\(\s*\))?\s*;?\s*$/my;
const exportsName = /\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$/my;
const moduleExportsObject = /\bmodule\.exports\s*=\s*\{([^}]*)\}/y;
const exportList = /^[ \t]*export[ \t]*\{([^}]*)\}/my;
/** Parameter names and types that hold an app or router. */
export const routerParam = /^(app|router|routes|api|server|r|application|v\d|apiRouter|express|koa|fastify|instance)$|^[A-Za-z_$][\w$]*(Router|App|Routes)$/;
export const routerType = /\b(Router|Express|Application|Koa|IRouter|Hono|FastifyInstance)\b/;

function bindings(list: string, module: string, facts: FileFacts, defaultName?: string): void {
  const inner = list.trim();
  if (inner.startsWith('{')) {
    for (const part of inner.slice(1, -1).split(',')) {
      const m = /^\s*(?:type\s+)?([A-Za-z_$][\w$]*)(?:\s*(?:as|:)\s*([A-Za-z_$][\w$]*))?\s*$/.exec(part);
      if (m) facts.imports.push({ local: m[2] ?? m[1], module, name: m[1] });
    }
    return;
  }
  const ns = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(inner);
  if (ns) facts.imports.push({ local: ns[1], module });
  else if (/^[A-Za-z_$][\w$]*$/.test(inner)) facts.imports.push({ local: inner, module, name: defaultName });
}

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;

/**
 * The declarations `constant` can match: a value starting with a quote or `process.env`, or a
 * name followed by `+`, `||` or `??` (`const v = map.get(k)` is not tried).
 */
function constantDecls(text: string, scan: JsScan): number[] {
  const starts = scan.valueStarts();
  return scan.decls.filter((_, k) => {
    let i = starts[k];
    if (i === -1) return false;
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96 || text.startsWith('process.env', i)) return true;
    if (!isNameStart(c)) return false;
    while (isNameStart(text.charCodeAt(i)) || (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) || text.charCodeAt(i) === 46) i++;
    while (isRegexSpace(text.charCodeAt(i))) i++;
    const op = text.charCodeAt(i);
    return op === 43 || (op === 124 && text.charCodeAt(i + 1) === 124) || (op === 63 && text.charCodeAt(i + 1) === 63);
  });
}

export function readJsModule(text: string, facts: FileFacts, scan: JsScan): void {
  const exportLines = scan.lineStarts(scan.exports);
  for (const m of matchesAt(esmImport, text, scan.lineStarts(scan.imports))) {
    const clause = m[1].trim();
    const comma = /^([A-Za-z_$][\w$]*)\s*,\s*([\s\S]+)$/.exec(clause);
    if (comma) {
      bindings(comma[1], m[2], facts, 'default');
      bindings(comma[2], m[2], facts);
    } else bindings(clause, m[2], facts, 'default');
  }
  // Each pass only where its keyword occurs: most files have no CommonJS or no exports list.
  for (const m of matchesAt(cjsImport, text, scan.declsValued('r'))) {
    if (m[3]) facts.imports.push({ local: m[1], module: m[2], name: m[3].slice(1) });
    else bindings(m[1], m[2], facts);
  }
  for (const m of matchesAt(constant, text, scan.lineStarts(constantDecls(text, scan)))) facts.values[m[1]] = m[2].trim();
  // `public path = '/posts';` in a controller class: `this.path` in its routes. A name two
  // classes of the file give different values is left out rather than guessed.
  if (text.includes('class ')) {
    const seen = new Set<string>();
    for (const m of text.matchAll(classField)) {
      const key = `this.${m[1]}`;
      if (seen.has(key) && facts.values[key] !== m[2]) facts.values[key] = '__ambiguous__()';
      else facts.values[key] = m[2];
      seen.add(key);
    }
  }
  // `const config = { api: { prefix: '/api' } }`: flattened to `config.api.prefix`.
  for (const m of matchesAt(objectConstant, text, scan.lineStarts(scan.declsValued('{')))) flattenObject(text, (m.index ?? 0) + m[0].length - 1, m[1], facts.values);
  const exp = facts.exports;
  // Every export form starts with a word `export` (`module.exports` too).
  if (scan.exports.length === 0) return;
  // `export default { api: { prefix: '/api' } }` (a config module): `default.api.prefix`.
  const config = matchesAt(configObject, text, exportLines)[0];
  if (config) flattenObject(text, config.index + config[0].length - 1, 'default', facts.values);
  // koa-router: `export default router.routes()` / `module.exports = router.routes()` export the router's middleware.
  for (const m of matchesAt(exportDefault, text, exportLines)) exp.default = m[1] ?? m[2] ?? m[3];
  for (const m of matchesAt(moduleExports, text, scan.modules)) exp['module.exports'] = m[1];
  for (const m of matchesAt(exportsName, text, mergeOffsets(scan.modules, scan.exports))) exp[m[1]] = m[2];
  for (const m of matchesAt(moduleExportsObject, text, scan.modules)) {
    for (const part of m[1].split(',')) {
      const kv = /^\s*([A-Za-z_$][\w$]*)(?:\s*:\s*([A-Za-z_$][\w$.]*))?\s*$/.exec(part);
      if (kv) exp[kv[1]] = kv[2] ?? kv[1];
    }
  }
  for (const m of matchesAt(exportList, text, exportLines)) {
    for (const part of m[1].split(',')) {
      const kv = /^\s*([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*$/.exec(part);
      if (kv) exp[kv[2] ?? kv[1]] = kv[1];
    }
  }
}

/** Records `name.key = expression` for every leaf of the object literal at `open`. */
export function flattenObject(text: string, open: number, name: string, values: Record<string, string>): void {
  const path: string[] = [name];
  const key = /\s*([A-Za-z_$][\w$]*|["'][^"']+["'])\s*:\s*/y;
  let i = open + 1;
  for (let guard = 0; guard < 400 && i < text.length && path.length > 0; guard++) {
    i = skipBlank(text, i);
    if (text[i] === '}') {
      path.pop();
      i++;
      continue;
    }
    key.lastIndex = i;
    const k = key.exec(text);
    if (!k) return;
    i = key.lastIndex;
    const name = k[1].replace(/^["']|["']$/g, '');
    if (text[i] === '{') {
      path.push(name);
      i++;
      continue;
    }
    const stop = valueEnd(text, i);
    values[[...path, name].join('.')] = text.slice(i, stop).trim();
    i = stop;
  }
}

/** Past whitespace, commas and comments. */
function skipBlank(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    if (text[i] !== '/' || (text[i + 1] !== '/' && text[i + 1] !== '*')) return i;
    const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 1;
    if (end <= 0) return text.length;
    i = end + 1;
  }
}

/** Where a property value starting at `from` ends: the next `,` or `}` outside quotes and brackets. */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length && i < from + 4000; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (c === ',' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')))) return i;
  }
  return text.length;
}
