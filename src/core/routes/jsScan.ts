// One pass over a JavaScript/TypeScript file finds every place the later patterns can start:
// the keywords they are anchored on (`const`, `function`, `export`, `module`, `import`,
// `return`, `for`) and the router calls (`.get(`, `.use(`, …). Each pattern then runs (sticky)
// only there, instead of each scanning the whole file: a 10,000-line file is read once, not
// a dozen times. The offsets are those of the raw text (comments and strings included), so
// every pattern sees exactly the matches its whole-file scan would.
import type { LineIndex } from './text';

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
  /** The start of each line holding one of the line-anchored keywords (`import`, `export`, `const`/`let`/`var`). */
  lineStarts(offsets: readonly number[]): number[];
}

/** Keyword prefixes (no trailing `\b`: the patterns that follow decide) and router calls. */
const heads = /\b(?:const|let|var|function|export|module|import|return|for)|\.\s*(?:get|post|put|delete|del|patch|head|options|all|route|use|prefix)\s*\(/g;
/** A `\s` character of a regular expression (the common ones tested without one). */
export const isRegexSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || ((c === 11 || c === 12 || c > 127) && /\s/.test(String.fromCharCode(c)));

/** The router call whose dot `calls` holds: its method and the offset of its `(` (read in place, no match object). */
export function callAt(text: string, dot: number): { verb: string; open: number } {
  let i = dot + 1;
  while (isRegexSpace(text.charCodeAt(i))) i++;
  const start = i;
  while (text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i++;
  const verb = text.slice(start, i);
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
    lineStarts(offsets) {
      const out: number[] = [];
      for (const o of offsets) {
        const start = at.lineStart(o);
        if (out[out.length - 1] !== start) out.push(start);
      }
      return out;
    },
  };
  heads.lastIndex = 0;
  while (heads.test(text)) {
    const i = matchStart(text, heads.lastIndex);
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

/** Two sorted offset lists as one sorted list. */
export function mergeOffsets(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++]);
  return out;
}
