// Static evaluation of the small expressions prefixes are written with: string literals,
// f-strings and template literals, `+` concatenation, names and attributes (looked up by the
// caller across files), and defaults (`os.getenv("P", "/api")`, `process.env.P || '/api'`,
// `Field(default="/api")`). Anything else is computed at run time: undefined.
import { keywordArgument, readStringLiteral, splitArguments, splitTopLevel } from './text';

export type Lookup = (name: string) => string | undefined;

const maxDepth = 12;

/** `{expr}` / `${expr}` holes of an f-string or template literal body, evaluated. */
function interpolate(body: string, hole: RegExp, lookup: Lookup, depth: number): string | undefined {
  let failed = false;
  const out = body.replace(hole, (_m, inner: string) => {
    const v = evaluate(inner, lookup, depth + 1);
    if (v === undefined) failed = true;
    return v ?? '';
  });
  return failed ? undefined : out;
}

const defaultCalls = /^(?:os\.getenv|os\.environ\.get|getenv|env\.str|env|config|Field|field|environ\.get|System\.getProperty|System\.getenv|os\.environ\.setdefault)\s*\(([\s\S]*)\)$/;

/** The string value of `expr`, or undefined when it is only known at run time. */
export function evaluate(expr: string, lookup: Lookup, depth = 0): string | undefined {
  if (depth > maxDepth) return undefined;
  let e = expr.trim();
  // Fast path, the common case: one plain quoted literal.
  if (e.length >= 2 && (e[0] === '"' || e[0] === "'") && e.indexOf(e[0], 1) === e.length - 1 && !e.includes('\\')) return e.slice(1, -1);
  while (e.startsWith('(') && e.endsWith(')') && splitTopLevel(e.slice(1, -1), ')').length === 1) e = e.slice(1, -1).trim();
  if (e === '') return undefined;
  for (const op of ['||', '??', ' or ']) {
    const alts = splitTopLevel(e, op);
    if (alts.length > 1) {
      for (const alt of alts) {
        const v = evaluate(alt, lookup, depth + 1);
        if (v !== undefined && v !== '') return v;
      }
      return undefined;
    }
  }
  const sum = splitTopLevel(e, '+');
  if (sum.length > 1) {
    let out = '';
    for (const part of sum) {
      const v = evaluate(part, lookup, depth + 1);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  const f = /^[fF][rR]?(["'])([\s\S]*)\1$/.exec(e) ?? /^[rR][fF](["'])([\s\S]*)\1$/.exec(e);
  if (f) return interpolate(f[2], /\{([^{}]+)\}/g, lookup, depth);
  if (e.startsWith('`') && e.endsWith('`')) return interpolate(e.slice(1, -1), /\$\{([^{}]+)\}/g, lookup, depth);
  const literal = readStringLiteral(e);
  if (literal) return literal.rest.trim() === '' ? literal.value : undefined;
  const call = defaultCalls.exec(e);
  if (call) {
    const args = splitArguments(call[1]);
    const named = keywordArgument(args, ['default']);
    if (named !== undefined) return evaluate(named, lookup, depth + 1);
    const positional = args.filter((a) => !/^[A-Za-z_]\w*\s*=/.test(a));
    const candidate = /^Field|^field/.test(e) ? positional[0] : positional[1];
    return candidate === undefined ? undefined : evaluate(candidate, lookup, depth + 1);
  }
  // str(x) and String(x) keep the value; `.rstrip("/")`-style tidying is applied loosely.
  const wrapped = /^(?:str|String)\s*\(([\s\S]*)\)$/.exec(e);
  if (wrapped) return evaluate(wrapped[1], lookup, depth + 1);
  const strip = /^([\s\S]+)\.(?:rstrip|strip)\(\s*["']\/["']\s*\)$/.exec(e);
  if (strip) return evaluate(strip[1], lookup, depth + 1)?.replace(/\/+$/, '');
  if (/^[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*|\(\))*(?:\s*\.\s*[A-Za-z_$][\w$]*)*$/.test(e)) return lookup(e.replace(/\s+/g, ''));
  return undefined;
}
