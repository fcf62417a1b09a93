// One pass over a JavaScript/TypeScript file finds every place the later patterns can start:
// the keywords they are anchored on (`const`, `function`, `export`, `module`, `import`,
// `return`, `for`) and the router calls (`.get(`, `.use(`, `.register(`, …). Each pattern then runs (sticky)
// only there, instead of each scanning the whole file: a 10,000-line file is read once, not
// a dozen times. Comments and strings are skipped whole on the way (and kept as spans, for the
// "is this code" check): a keyword or call written inside one is no place to start.
import { inSpans, type LineIndex } from './text';

export interface JsScan {
  /** `const`, `let`, `var`. */
  decls: number[];
  functions: number[];
  /** `export`, `exports`. */
  exports: number[];
  modules: number[];
  imports: number[];
  returns: number[];
  /** `for (` and `.forEach(` (the offset of the dot). */
  loops: number[];
  /** Router calls (`.get(`, `.use(`, …): the offset of the dot. */
  calls: number[];
  /** Comments, string literals (template literals too) and regular expression literals, as flattened sorted `[start, end)` pairs. */
  nonCode: number[];
  /** The start of each line holding one of the line-anchored keywords (`import`, `export`, `const`/`let`/`var`). */
  lineStarts(offsets: readonly number[]): number[];
  /**
   * The `decls` whose value — what follows their first `=` (the one every declaration pattern
   * reads: names and types hold none; after the `}` of a destructuring), spaces skipped — starts
   * with one of `chars`: a pattern for `const app = express()` need not be tried on
   * `const v = map.get(k)`.
   */
  declsValued(chars: string): number[];
  /** Where each of `decls`' values starts (after its `=` and spaces), in the same order; -1 for none. */
  valueStarts(): readonly number[];
}

/**
 * Keyword prefixes (no trailing `\b`: the patterns that follow decide), router calls, and the
 * first character of a comment or string (read on by hand: the scan skips it whole).
 */
const heads = /[/'"`]|\b(?:const|let|var|function|export|module|import|return|for)|\.\s*(?:get|post|put|delete|del|patch|head|options|all|route|use|prefix|register)\s*\(/g;
/** A `\s` character of a regular expression (the common ones tested without one). */
export const isRegexSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || ((c === 11 || c === 12 || c > 127) && /\s/.test(String.fromCharCode(c)));

/** The methods `heads` knows after a dot. */
const verbs = ['get', 'post', 'put', 'delete', 'del', 'patch', 'head', 'options', 'all', 'route', 'use', 'prefix', 'register'];

/**
 * The router call whose dot `calls` holds: its method and the offset of its `(`, read in place.
 * The method is one of `verbs` itself (no substring per call: later comparisons and lookups on
 * it are by identity).
 */
export function callAt(text: string, dot: number): { verb: string; open: number } {
  let i = dot + 1;
  while (isRegexSpace(text.charCodeAt(i))) i++;
  const start = i;
  while (text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i++;
  let verb: string | undefined;
  for (const v of verbs) {
    if (v.length === i - start && text.startsWith(v, start)) {
      verb = v;
      break;
    }
  }
  verb ??= text.slice(start, i);
  while (isRegexSpace(text.charCodeAt(i))) i++;
  return { verb, open: i };
}

/**
 * Where the match of `heads` ending at `end` starts (found from its end: `test` builds no match
 * object). A keyword is told by its last two letters: cons(t), l(e)t, exp/imp(o)rt, var, for,
 * functi(o)n, retu(r)n, modul(e).
 */
function matchStart(text: string, end: number): number {
  switch (text.charCodeAt(end - 1)) {
    case 116: {
      const c = text.charCodeAt(end - 2);
      return end - (c === 115 ? 5 : c === 101 ? 3 : 6);
    }
    case 114:
      return end - 3;
    case 110:
      return end - (text.charCodeAt(end - 2) === 111 ? 8 : 6);
    case 101:
      return end - 6;
  }
  // `.` spaces method spaces `(`: back over each part.
  let i = end - 2;
  while (isRegexSpace(text.charCodeAt(i))) i--;
  while (text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i--;
  while (isRegexSpace(text.charCodeAt(i))) i--;
  return i;
}

export function scanJs(text: string, at: LineIndex): JsScan {
  const scan: JsScan = {
    decls: [],
    functions: [],
    exports: [],
    modules: [],
    imports: [],
    returns: [],
    loops: [],
    calls: [],
    nonCode: [],
    lineStarts(offsets) {
      const out: number[] = [];
      for (const o of offsets) {
        const start = at.lineStart(o);
        if (out[out.length - 1] !== start) out.push(start);
      }
      return out;
    },
    declsValued(chars) {
      const starts = scan.valueStarts();
      return scan.decls.filter((_, k) => starts[k] !== -1 && chars.includes(text[starts[k]]));
    },
    valueStarts() {
      return (values ??= scan.decls.map((o) => {
        // A destructuring (`const { a = 1 } = require('x')`) is assigned after its `}`.
        let i = o;
        while (text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i++;
        while (isRegexSpace(text.charCodeAt(i))) i++;
        i = text.indexOf('=', text.charCodeAt(i) === 123 ? text.indexOf('}', i) : i);
        if (i === -1) return -1;
        i++;
        while (isRegexSpace(text.charCodeAt(i))) i++;
        return i;
      }));
    },
  };
  let values: number[] | undefined;
  heads.lastIndex = 0;
  while (heads.test(text)) {
    const end = heads.lastIndex;
    const last = text.charCodeAt(end - 1);
    if (last === 47 || last === 39 || last === 34 || last === 96) {
      // No keyword or call ends in a quote or slash: a comment or a string may start here.
      const close = tokenEnd(text, end - 1, last);
      if (close !== -1) {
        scan.nonCode.push(end - 1, close);
        heads.lastIndex = close;
      }
      continue;
    }
    const i = matchStart(text, end);
    switch (text.charCodeAt(i)) {
      case 46: // .
        scan.calls.push(i);
        break;
      case 99: // c
      case 108: // l
      case 118: // v
        scan.decls.push(i);
        break;
      case 101: // e
        scan.exports.push(i);
        break;
      case 109: // m
        scan.modules.push(i);
        break;
      case 105: // i
        scan.imports.push(i);
        break;
      case 114: // r
        scan.returns.push(i);
        break;
      default: // f: `function` or `for` (`.forEach(` starts at its dot)
        if (text.charCodeAt(i + 1) === 117) scan.functions.push(i);
        else {
          if (text.charCodeAt(i - 1) === 46) scan.loops.push(i - 1);
          scan.loops.push(i);
        }
    }
  }
  return scan;
}

/** A regular expression's `.`: anything but a line terminator. */
const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * The end of the comment, string or regular expression literal starting at `start` (with `c`),
 * or -1 when none starts there: a block comment ends at its `*\/`, a line comment at the line
 * break; a '…' or "…" literal does not cross a line; a backslash escapes the next character
 * unless that ends a line.
 */
function tokenEnd(text: string, start: number, c: number): number {
  if (c === 47) {
    const next = text.charCodeAt(start + 1);
    if (next === 42) {
      const close = text.indexOf('*/', start + 2);
      return close === -1 ? -1 : close + 2;
    }
    if (next !== 47) return regexEnd(text, start);
    const nl = text.indexOf('\n', start + 2);
    return nl === -1 ? text.length : nl;
  }
  for (let i = start + 1; i < text.length; i++) {
    const k = text.charCodeAt(i);
    if (k === c) return i + 1;
    if (k === 92) {
      if (i + 1 >= text.length || isLineTerminator(text.charCodeAt(i + 1))) return -1;
      i++;
    } else if (k === 10 && c !== 96) return -1;
  }
  return -1;
}

/** Characters after which a `/` starts a regular expression, not a division. */
const beforeRegex = new Set([...'(,=:[!&|?{};'].map((c) => c.charCodeAt(0)));

/**
 * The end of the regular expression literal (flags included) starting at the `/` at `start`, or
 * -1 for a division. Its quotes and backticks are not strings: `/['"`]/` read as the start of a
 * template literal would hide the code up to the next backtick.
 */
function regexEnd(text: string, start: number): number {
  let p = start - 1;
  while (p >= 0 && isRegexSpace(text.charCodeAt(p))) p--;
  const word = p >= 5 && text.startsWith('return', p - 5) ? 'return' : p >= 5 && text.startsWith('typeof', p - 5) ? 'typeof' : '';
  if (p >= 0 && !beforeRegex.has(text.charCodeAt(p)) && word === '') return -1;
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineTerminator(c)) return -1;
    if (c === 92) i++;
    else if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) {
      let end = i + 1;
      while (text.charCodeAt(end) >= 97 && text.charCodeAt(end) <= 122) end++;
      return end;
    }
  }
  return -1;
}

/** Two sorted offset lists as one sorted list. */
export function mergeOffsets(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++]);
  return out;
}

const isIdentChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
/** The blanks `receiverBefore` skips (so a name found here is the one it would find). */
const isBlank = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * The receiver of the call whose dot is at `dot` when it is a plain name (`router.get`): one of
 * `names` (the very string, not a copy; `firstChars` marks their first letters, to rule most
 * names out at once), or null when it is another name or no receiver at all.
 * Undefined when something else comes before the dot (`Router().get`, `f(x).use`): the caller
 * reads that chain.
 */
export function nameBefore(text: string, dot: number, names: readonly string[], firstChars: Uint8Array): { name: string; start: number } | null | undefined {
  let j = dot - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const end = j + 1;
  while (j >= 0 && isIdentChar(text.charCodeAt(j))) j--;
  const start = j + 1;
  if (start === end) return undefined;
  const first = text.charCodeAt(start);
  if (first >= 128 || firstChars[first] === 0) return null;
  for (const n of names) if (n.length === end - start && n.charCodeAt(0) === first && text.startsWith(n, start)) return { name: n, start };
  return null;
}

/**
 * Whether an offset is in a comment or string (the spans the scan skipped). Asked in text order
 * (the calls of a file one after another), so the span to compare with is found by moving
 * forward from the last one, not by a search each time.
 */
export function nonCodeTest(spans: readonly number[]): (offset: number) => boolean {
  let k = 0;
  let last = -1;
  return (offset) => {
    if (offset < last) return inSpans(spans, offset);
    last = offset;
    while (k < spans.length && spans[k + 1] <= offset) k += 2;
    return k < spans.length && spans[k] <= offset;
  };
}
