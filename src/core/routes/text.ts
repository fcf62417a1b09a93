// Small, allocation-light helpers for scanning source text: line numbers by offset, string
// literals, balanced argument lists, comment checks.

export class LineIndex {
  private readonly starts: number[] = [0];
  /** Offsets where lines start (line n at index n - 1): scanners dispatch on a line's first word. */
  get lineStarts(): readonly number[] {
    return this.starts;
  }
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** The last answer (0-based line): scanners ask in text order, so the next is usually at or just after it. */
  private last = 0;
  /** 1-based line of an offset. */
  line(offset: number): number {
    const starts = this.starts;
    let k = this.last;
    if (offset >= starts[k]) {
      for (let step = 0; step < 8; step++, k++) {
        if (k + 1 >= starts.length || offset < starts[k + 1]) {
          this.last = k;
          return k + 1;
        }
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo + 1;
  }
  /** 1-based column of an offset. */
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1] + 1;
  }
  lineStart(offset: number): number {
    return this.starts[this.line(offset) - 1];
  }
  /** Line, column (1-based) and the line's start offset, with one search. */
  position(offset: number): { line: number; column: number; lineStart: number } {
    const line = this.line(offset);
    const lineStart = this.starts[line - 1];
    return { line, column: offset - lineStart + 1, lineStart };
  }
}

/**
 * Whether the offset sits in a line comment (`#` / `//` outside quotes before it on its line) or
 * on a block-comment line (`*`, `/*` first). Scans char codes: no substrings on the hot path.
 */
export function inLineComment(text: string, lineStart: number, offset: number, markers: readonly string[]): boolean {
  const hash = markers.includes('#');
  const slashes = markers.includes('//');
  let quote = 0;
  let first = true;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (first && c !== 32 && c !== 9) {
      first = false;
      if (c === 42 || (c === 47 && text.charCodeAt(i + 1) === 42)) return true; // * or /*
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if (hash && c === 35) return true;
    else if (slashes && c === 47 && text.charCodeAt(i + 1) === 47) return true;
  }
  return false;
}

/** The matching `}` of the `{` at `open` (strings, Go raw strings, char literals and line comments skipped). Char codes: hot. */
export function braceBlockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 96 || c === 39) {
      const close = text.indexOf(text[i], i + 1);
      if (close === -1) return text.length;
      i = close;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return text.length;
}

/** Whether `offset` sits inside a "…" or '…' literal that opened earlier on its line (escapes honoured). */
export function inStringOnLine(text: string, lineStart: number, offset: number): boolean {
  let quote = 0;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
  }
  return quote !== 0;
}

/** The text between `(` at `open` and its matching `)` (strings respected), or undefined if unbalanced within `limit`. */
export function argumentsAt(text: string, open: number, limit = 4000): { inner: string; end: number } | undefined {
  // Char codes, not one-character strings: this runs for every candidate call of a file.
  let depth = 0;
  let quote = 0;
  const stop = Math.min(text.length, open + limit);
  for (let i = open; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return undefined;
}

/**
 * The first argument of the call opening at `open` when it is a plain quoted literal (no
 * escapes, no `${}`) followed by a comma — `app.get('/users', handler)` — read without walking
 * to the call's end (a handler can be long). Undefined for anything else.
 */
export function literalBeforeComma(text: string, open: number): string | undefined {
  let i = open + 1;
  while (space(text.charCodeAt(i))) i++;
  const q = text.charCodeAt(i);
  if (q !== 34 && q !== 39 && q !== 96) return undefined;
  const close = text.indexOf(text[i], i + 1);
  if (close === -1) return undefined;
  const body = text.slice(i + 1, close);
  if (body.includes('\\') || (q === 96 && body.includes('${'))) return undefined;
  let j = close + 1;
  while (space(text.charCodeAt(j))) j++;
  return text.charCodeAt(j) === 44 ? body : undefined;
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Reads a quoted literal at the start of `text` (after whitespace): '…', "…", `…` (no ${}), with an optional r/b/u prefix. */
export function readStringLiteral(text: string): { value: string; rest: string } | undefined {
  // The common case, a quote after plain spaces, needs no regular expression (hot: every route).
  let open = 0;
  while (space(text.charCodeAt(open))) open++;
  const q = text.charCodeAt(open);
  const bare = q === 34 || q === 39 || q === 96;
  const m = bare ? null : /^\s*[rRbBuU]{0,2}(["'`])/.exec(text);
  if (!bare && !m) return undefined;
  const quote = m ? m[1] : text[open];
  const start = m ? m[0].length : open + 1;
  const raw = quote === '`' || (m !== null && /[rR]/.test(m[0]));
  // Fast path: no escapes before the closing quote.
  const close = text.indexOf(quote, start);
  if (close !== -1) {
    const body = text.slice(start, close);
    if (raw || !body.includes('\\')) {
      if (quote === '`' && body.includes('${')) return undefined;
      return { value: body, rest: text.slice(close + 1) };
    }
  }
  let value = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && !raw) {
      const n = text[i + 1] ?? '';
      value += escapes[n] ?? n;
      i++;
    } else if (c === quote) {
      if (quote === '`' && value.includes('${')) return undefined;
      return { value, rest: text.slice(i + 1) };
    } else value += c;
  }
  return undefined;
}

/**
 * The Go string literal (`"…"` or a raw `` `…` ``) at `from`, spaces skipped: its value and the
 * offset just after it. Reads in place (no copy of the text after it): hot in the Go scanner.
 */
export function literalAt(text: string, from: number): { value: string; end: number } | undefined {
  let i = from;
  while (i < text.length && space(text.charCodeAt(i))) i++;
  const q = text.charCodeAt(i);
  if (q !== 34 && q !== 96) return undefined;
  const close = text.indexOf(text[i], i + 1);
  if (close === -1) return undefined;
  const body = text.slice(i + 1, close);
  if (q === 96 || !body.includes('\\')) return body.includes('\n') && q === 34 ? undefined : { value: body, end: close + 1 };
  const window = text.slice(i, i + 500);
  const escaped = readStringLiteral(window);
  return escaped ? { value: escaped.value, end: i + window.length - escaped.rest.length } : undefined;
}

/** Splits at a top-level operator (outside quotes and brackets); one part when it is absent. */
export function splitTopLevel(expr: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = 0;
  let start = 0;
  const first = op.charCodeAt(0);
  for (let i = 0; i < expr.length; i++) {
    const c = expr.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (depth === 0 && c === first && (op.length === 1 || expr.startsWith(op, i))) {
      parts.push(expr.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

/** Splits an argument list at top-level commas (a trailing comma adds no argument). */
export function splitArguments(inner: string): string[] {
  const parts = splitTopLevel(inner, ',');
  if (parts[parts.length - 1].trim() === '') parts.pop();
  return parts.map((p) => p.trim());
}

/** `name = value` / `name: value` keyword argument, or undefined. */
export function keywordArgument(args: string[], names: readonly string[]): string | undefined {
  for (const a of args) {
    const m = /^([A-Za-z_]\w*)\s*[=:]\s*([\s\S]*)$/.exec(a);
    if (m && names.includes(m[1]) && !a.startsWith('"') && !a.startsWith("'")) return m[2].trim();
  }
  return undefined;
}

/** Every string literal of a value that is a string or a list of strings (`"a"`, `["a","b"]`, `{"a","b"}`). */
export function stringList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const single = readStringLiteral(v);
  if (single && single.rest.trim() === '') return [single.value];
  const m = /^[[{(]([\s\S]*)[\]})]$/.exec(v);
  if (!m) return undefined;
  const out: string[] = [];
  for (const part of splitArguments(m[1])) {
    const s = readStringLiteral(part);
    if (!s || s.rest.trim() !== '') return undefined;
    out.push(s.value);
  }
  return out;
}

const identChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const space = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The `(` matching the `)` at `close`, looking back at most `maxScan` characters; -1 if none. */
export function openParenBefore(text: string, close: number, maxScan: number): number {
  let depth = 0;
  for (let k = close; k >= 0 && k > close - maxScan; k--) {
    const c = text[k];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return k;
  }
  return -1;
}

/**
 * The identifier just before `dot` (whitespace and line breaks allowed between), skipping
 * `.With(...)`-style calls when `skipCalls` names them: `r.With(mw).Get` → `r`.
 */
export function receiverBefore(text: string, dot: number, skipCalls?: ReadonlySet<string>): { name: string; start: number } | undefined {
  let j = dot - 1;
  for (let guard = 0; guard < 8; guard++) {
    while (j >= 0 && space(text.charCodeAt(j))) j--;
    if (skipCalls && text[j] === ')') {
      const k = openParenBefore(text, j, 2000);
      if (k < 0) return undefined;
      let e = k - 1;
      while (e >= 0 && space(text.charCodeAt(e))) e--;
      let b = e;
      while (b >= 0 && identChar(text.charCodeAt(b))) b--;
      if (!skipCalls.has(text.slice(b + 1, e + 1))) return undefined;
      j = b;
      while (j >= 0 && space(text.charCodeAt(j))) j--;
      if (text[j] !== '.') return undefined;
      j--;
      continue;
    }
    const end = j + 1;
    while (j >= 0 && identChar(text.charCodeAt(j))) j--;
    const name = text.slice(j + 1, end);
    if (name === '' || (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)) return undefined;
    return { name, start: j + 1 };
  }
  return undefined;
}

/**
 * The matches of the sticky regular expression `re` at each of the sorted `offsets`, as its
 * global twin would find them in one pass over the whole text (an offset inside an earlier match
 * is skipped). Scanners find the few places worth trying once (line heads, keywords) instead of
 * running every pattern over the whole file.
 */
export function matchesAt(re: RegExp, text: string, offsets: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let end = 0;
  for (const offset of offsets) {
    if (offset < end) continue;
    re.lastIndex = offset;
    const m = re.exec(text);
    if (!m) continue;
    out.push(m);
    end = Math.max(re.lastIndex, offset + 1);
  }
  return out;
}

/** For sorted `items` (by offset): the last one before `offset`, found by binary search. */
export function lastBefore<T extends { offset: number }>(items: readonly T[], offset: number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].offset < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found === -1 ? undefined : items[found];
}

/** The `(` of the call an argument at `pos` (just after a `(` or `,`) belongs to. */
export function callOpen(text: string, pos: number): number | undefined {
  if (text[pos] === '(') return pos;
  let depth = 0;
  for (let i = pos - 1; i >= 0 && i > pos - 2000; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return c === '(' ? i : undefined;
      depth--;
    }
  }
  return undefined;
}

/**
 * The callee just before the `(` at `open`: a dotted name (`users.Register`, `app.use`) or a
 * `require('…')` call, read backwards without slicing the text.
 */
export function calleeBefore(text: string, open: number): { callee: string; start: number } | undefined {
  let j = open - 1;
  while (j >= 0 && space(text.charCodeAt(j))) j--;
  const end = j + 1;
  if (text[j] === ')') {
    const start = text.lastIndexOf('require(', j);
    if (start === -1 || j - start > 300) return undefined;
    const callee = text.slice(start, end);
    return /^require\(\s*['"][^'"]+['"]\s*\)$/.test(callee) ? { callee, start } : undefined;
  }
  while (j >= 0 && (identChar(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j--;
  const callee = text.slice(j + 1, end);
  if (callee === '' || callee.startsWith('.') || (callee.charCodeAt(0) >= 48 && callee.charCodeAt(0) <= 57)) return undefined;
  return { callee, start: j + 1 };
}

/** Whether `offset` falls inside one of the flattened, sorted `[start, end)` spans. */
export function inSpans(spans: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[2 * mid + 1] <= offset) lo = mid + 1;
    else if (spans[2 * mid] > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/**
 * Where block comments and raw strings span lines (`/* … *\/`, Go `` `…` ``), as sorted [start, end)
 * pairs: a call written inside one (an example in a usage text) is no route. One-line ones are
 * left to the per-line comment check.
 */
export function multiLineBlocks(text: string, inCommentOrString: (offset: number) => boolean): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const tick = text.indexOf('`', i);
    const slash = text.indexOf('/*', i);
    if (tick === -1 && slash === -1) break;
    const start = tick === -1 ? slash : slash === -1 ? tick : Math.min(tick, slash);
    if (inCommentOrString(start)) {
      i = start + 1;
      continue;
    }
    const raw = start === tick;
    const close = raw ? text.indexOf('`', start + 1) : text.indexOf('*/', start + 2);
    const end = close === -1 ? text.length : close + (raw ? 1 : 2);
    if (text.indexOf('\n', start) < end && text.indexOf('\n', start) !== -1) out.push(start, end);
    i = end;
  }
  return out;
}
