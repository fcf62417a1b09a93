// Reading Go source without a parser, for the Go route scanner (go.ts): imports, constants,
// a call's first argument, who is assigned, struct field types, where functions and closures end
// (gofmt's layout first, brace by brace otherwise).
import type { FileFacts } from './facts';
import { argumentsAt, braceBlockEnd, receiverBefore, splitArguments } from './text';

export function readImports(text: string, facts: FileFacts): void {
  const one = (spec: string) => {
    const m = /^\s*([A-Za-z_.]\w*)?\s*"([^"]+)"/.exec(spec);
    if (!m || m[1] === '_' || m[1] === '.') return;
    const path = m[2];
    const last = path.split('/').filter((p) => !/^v\d+$/.test(p)).pop() ?? path;
    facts.imports.push({ local: m[1] ?? last.replace(/^go-/, '').replace(/[-.]/g, '_'), module: path });
  };
  for (const m of text.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) for (const line of m[1].split('\n')) one(line);
  for (const m of text.matchAll(/^import\s+([A-Za-z_.]\w*\s+)?"([^"]+)"/gm)) one(`${m[1] ?? ''}"${m[2]}"`);
}

/** The first argument of the call whose arguments start at `from` (just after its `(`), as source. */
export function firstArgument(text: string, from: number): string | undefined {
  const args = argumentsAt(text, from - 1);
  const first = args ? splitArguments(args.inner)[0] : undefined;
  return first === undefined || /^func\b/.test(first) ? undefined : first;
}

/**
 * The `}` closing a top-level function whose body opens at `brace`. gofmt puts it alone at the
 * start of a line, so one `indexOf` finds it; a one-line body is matched brace by brace.
 */
export function functionEnd(text: string, brace: number): number {
  const nl = text.indexOf('\n', brace);
  const firstLine = nl === -1 ? text.slice(brace) : text.slice(brace, nl);
  if (firstLine.includes('}')) return braceBlockEnd(text, brace);
  const close = text.indexOf('\n}', brace);
  return close === -1 ? text.length : close + 1;
}

/**
 * The `}` closing a closure opened at `open` by a call on the line starting at `lineStart`:
 * gofmt puts it at the start of a line indented like that call's (`\t})`); else brace by brace.
 */
export function closureEnd(text: string, open: number, lineStart: number): number {
  let i = lineStart;
  while (text[i] === '\t' || text[i] === ' ') i++;
  const nl = text.indexOf('\n', open);
  if (nl === -1 || text.slice(open, nl).includes('}')) return braceBlockEnd(text, open);
  const close = text.indexOf(`\n${text.slice(lineStart, i)}}`, nl);
  return close === -1 ? braceBlockEnd(text, open) : close + 1 + (i - lineStart);
}

/** `http.MethodGet` → `"GET"`, so a list of them reads as strings. */
export const methodNames = (src: string) => src.replace(/\bhttp\.Method(\w+)/g, (_m, v: string) => `"${v.toUpperCase()}"`);

/** `s.router` when the router named at `start` is a field of `s`; else the name itself. */
export function fieldPath(text: string, name: string, start: number): { name: string; start: number } {
  if (text.charCodeAt(start - 1) !== 46) return { name, start };
  const object = receiverBefore(text, start - 1);
  return object ? { name: `${object.name}.${name}`, start: object.start } : { name, start };
}

/** The variable assigned just before `offset` (`v1 := ` / `r = `), read backwards. */
export function assignedBefore(text: string, offset: number): string | undefined {
  let j = offset - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (text[j] !== '=' || text[j - 1] === '=' || text[j - 1] === '!' || text[j - 1] === '<' || text[j - 1] === '>') return undefined;
  if (text[j - 1] === ':') j--;
  const last = receiverBefore(text, j);
  // A struct field (`s.router = chi.NewRouter()`): the whole selector, so methods find it as `Server.router`.
  const holder = last && text[last.start - 1] === '.' ? receiverBefore(text, last.start - 1) : undefined;
  return holder && text[holder.start - 1] !== '.' ? `${holder.name}.${last!.name}` : last?.name;
}

/** The first of the names assigned before `eq`: `api` in `api, err := admin.NewAPI(db)`. */
export function firstAssigned(text: string, eq: number): string | undefined {
  let name = receiverBefore(text, eq);
  for (let guard = 0; name && guard < 4; guard++) {
    let j = name.start - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    if (text[j] !== ',') break;
    name = receiverBefore(text, j);
  }
  return name?.name;
}

/** Field types of the file's structs: `API.Accounts` → `AccountResource`. */
export function structFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^type\s+([A-Za-z_]\w*)\s+struct\s*\{/gm)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const body = text.slice(open + 1, braceBlockEnd(text, open));
    for (const f of body.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]+\*?((?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)[ \t]*(?:`[^`\n]*`)?[ \t]*(?:\/\/.*)?$/gm)) out.set(`${m[1]}.${f[1]}`, f[2]);
  }
  return out;
}

/** `const Prefix = "/api"`, `var base = "/v1"`, and the lines of `const ( … )` blocks. */
export function readConstants(text: string, facts: FileFacts): void {
  for (const m of text.matchAll(/^(?:const|var)\s+([A-Za-z_]\w*)\s*(?:string\s*)?=\s*([^\n]+)$/gm)) facts.values[m[1]] = m[2].replace(/\s*\/\/.*$/, '').trim();
  // Locals holding a literal (`prefix := "/api"`), as a fallback for names no constant defines.
  for (const m of text.matchAll(/:=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)[ \t]*$/gm)) {
    const name = receiverBefore(text, m.index ?? 0);
    if (name) facts.values[name.name] ??= m[1];
  }
  // Lists of register functions filled in `init()`s: `routers = append(routers, registerUsers)`.
  // Anchored on the `=` (the list's name is read back from there): no regex start at every word.
  for (const m of text.matchAll(/=\s*append\(\s*([A-Za-z_]\w*)\s*,([^()]*)\)/g)) {
    const list = receiverBefore(text, m.index ?? 0);
    if (list?.name !== m[1]) continue;
    const members = m[2].split(',').map((x) => x.trim()).filter((x) => /^[A-Za-z_][\w.]*$/.test(x));
    facts.funcLists = { ...facts.funcLists, [m[1]]: [...(facts.funcLists?.[m[1]] ?? []), ...members] };
  }
  for (const block of text.matchAll(/^(?:const|var)\s*\(([\s\S]*?)^\)/gm)) {
    for (const m of block[1].matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*(?:string\s*)?=\s*([^\n]+)$/gm)) facts.values[m[1]] = m[2].replace(/\s*\/\/.*$/, '').trim();
  }
}

/**
 * Struct fields filled from a settings file (`RouterPrefix string \`mapstructure:"router-prefix"\``):
 * field name → the key it is read from (mapstructure, else yaml, else json tag).
 */
export function readConfigTags(text: string, facts: FileFacts): void {
  if (!text.includes('mapstructure:"') && !text.includes('yaml:"')) return;
  for (const m of text.matchAll(/^[ \t]*([A-Z]\w*)[ \t]+[\w.*[\]]+[ \t]+`([^`\n]*)`/gm)) {
    const tags = m[2];
    const key = /\bmapstructure:"([^",]+)/.exec(tags)?.[1] ?? /\byaml:"([^",]+)/.exec(tags)?.[1] ?? /\bjson:"([^",]+)/.exec(tags)?.[1];
    if (key && key !== '-') (facts.configTags ??= {})[m[1]] = key;
  }
}

