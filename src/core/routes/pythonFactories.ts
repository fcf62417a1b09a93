// Router factories in Python: a top-level function that makes an APIRouter / Blueprint and
// returns it (`def create_router(prefix): r = APIRouter(prefix=prefix) … return r`). Each call
// (`app.include_router(create_router("/v1"))`) mounts its own copy, so the router is known to
// other files as `create_router.r` (the function's name is its handle) and, when its prefix is
// one of the function's parameters, the prefix is read from each call's argument (linked in
// routeIndex.ts). The function-local name alone would clash with another factory's `router`.
import type { FileFacts, RouterDecl } from './facts';
import { argumentsAt, keywordArgument, type LineIndex, splitArguments } from './text';

export interface PythonParam {
  name: string;
  /** The parameter's default, as a source expression. */
  fallback?: string;
}

/** A top-level function: name, body span (lines, 1-based, inclusive) and parameters. */
interface PythonDef {
  name: string;
  firstLine: number;
  lastLine: number;
  body: string;
  params: PythonParam[];
}

const defLine = /(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/y;
const param = /^\*{0,2}([A-Za-z_]\w*)[ \t]*(?::[^=]*)?(?:=([\s\S]+))?$/;

function readDefs(text: string, at: LineIndex, defOffsets: readonly number[], blockEnd: (from: number) => number): PythonDef[] {
  const out: PythonDef[] = [];
  for (const offset of defOffsets) {
    defLine.lastIndex = offset;
    const m = defLine.exec(text);
    if (!m) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    if (!args) continue;
    const end = blockEnd(args.end);
    const params: PythonParam[] = [];
    for (const a of splitArguments(args.inner)) {
      const p = param.exec(a);
      if (p) params.push({ name: p[1], fallback: p[2]?.trim() });
    }
    out.push({ name: m[1], firstLine: at.line(offset), lastLine: at.line(Math.max(offset, end - 1)), body: text.slice(args.end, end), params });
  }
  return out;
}

/**
 * Of the routers made on indented lines (`indented`), renames those that top-level functions make and return to `function.local`, with the
 * routes and mounts on them inside that function, records the function as returning it, and
 * marks a prefix that is a parameter of the function.
 */
export function readRouterFactories(text: string, at: LineIndex, facts: FileFacts, indented: readonly RouterDecl[], defOffsets: readonly number[], blockEnd: (from: number) => number): void {
  const starts = at.lineStarts;
  for (const decl of indented) {
    const declOffset = starts[decl.line - 1];
    const header = lastOffsetBefore(defOffsets, declOffset);
    const fn = header === undefined ? undefined : readDefs(text, at, [header], blockEnd)[0];
    if (!fn || !(fn.firstLine < decl.line && decl.line <= fn.lastLine)) continue;
    if (!new RegExp(`^[ \\t]+return[ \\t]+${decl.name}[ \\t]*(?:#.*)?$`, 'm').test(fn.body)) continue;
    const local = decl.name;
    const renamed = `${fn.name}.${local}`;
    const inside = (line: number) => fn.firstLine <= line && line <= fn.lastLine;
    decl.name = renamed;
    facts.returns[fn.name] = renamed;
    for (const r of facts.routes) if (r.owner === local && inside(r.line)) r.owner = renamed;
    for (const m of facts.mounts) {
      if (!inside(m.line)) continue;
      if (m.parent === local) m.parent = renamed;
      if (m.child === local) m.child = renamed;
    }
    // The prefix names parameters (`prefix`, `f"/api/{version}"`): bound at each call.
    const used = decl.prefix === undefined ? [] : fn.params.map((p, index) => ({ ...p, index })).filter((p) => new RegExp(`(?<![\\w.])${p.name}(?!\\w)`).test(decl.prefix!));
    if (used.length > 0) decl.prefixParams = used;
  }
}

/** The last offset in a sorted list before `offset`. */
function lastOffsetBefore(sorted: readonly number[], offset: number): number | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 ? sorted[hi] : undefined;
}

/**
 * The argument a call (`create_router("/v1")`, `make_bp(url_prefix="/api")`) passes for a
 * parameter, else the parameter's default; undefined when the call does not say.
 */
export function boundArgument(call: string, p: PythonParam & { index: number }): string | undefined {
  const open = call.indexOf('(');
  const args = open === -1 ? undefined : argumentsAt(call, open);
  if (!args) return undefined;
  const list = splitArguments(args.inner);
  const keyword = keywordArgument(list, [p.name]);
  if (keyword !== undefined) return keyword;
  const positional = list.filter((a) => !/^\*{0,2}[A-Za-z_]\w*\s*=(?!=)/.test(a) && !a.startsWith('*'));
  return positional[p.index] ?? p.fallback;
}
