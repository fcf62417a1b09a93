// Listing needs a handful of a document's top-level keys (`openapi`, `info`, `servers`,
// `paths`, …), not `components`, which in large documents is a third or more of the text. A
// YAML document written the usual way — a block mapping whose keys start at column 0 — is cut
// at those keys and only the wanted sections are parsed. Anything unusual (directives, flow or
// complex keys, a second document, a duplicate key, anything that may be an anchor or alias in
// a skipped section) returns undefined and the caller parses the whole document: aliases are
// where bombs live, so the alias limit is always checked on every part that holds one. What a
// section parse does not see is a plain syntax error in a skipped section: that one is reported
// when an operation is resolved (which parses the whole document).

import { mayHoldAnchorOrAlias, outlinePaths } from './yamlPathsOutline';

/** `openapi:`, `"paths":`, `x-tagGroups:` at column 0, followed by a space or the end of the line. */
const topKey = /^([A-Za-z_$][\w.$-]*|"[^"\\\n]*"|'[^'\n]*')[ \t]*:(?=[ \t]|\r?$)/;

/**
 * The text of the wanted top-level sections only, in document order, or undefined when the
 * document is not a plain block mapping (then parse it whole).
 */
export function yamlSections(text: string, wanted: ReadonlySet<string>): string | undefined {
  const starts: { key: string; at: number }[] = [];
  const seen = new Set<string>();
  // Every line that starts with something other than a space, a tab, a comment or a line break.
  const columnZero = /^[^ \t#\r\n][^\n]*/gm;
  for (let m = columnZero.exec(text); m; m = columnZero.exec(text)) {
    const line = m[0];
    if (/^---[ \t]*(#.*)?\r?$/.test(line) && starts.length === 0) continue; // the document start marker
    const key = topKey.exec(line)?.[1];
    if (key === undefined) return undefined;
    const name = /^["']/.test(key) ? key.slice(1, -1) : key;
    if (seen.has(name)) return undefined;
    seen.add(name);
    starts.push({ key: name, at: m.index });
  }
  if (starts.length === 0) return undefined;
  let out = '';
  for (let i = 0; i < starts.length; i++) {
    const section = text.slice(starts[i]!.at, i + 1 < starts.length ? starts[i + 1]!.at : text.length);
    if (!wanted.has(starts[i]!.key)) {
      if (mayHoldAnchorOrAlias.test(section)) return undefined;
      continue;
    }
    // Of `paths`, only what the list shows of each operation (yamlPathsOutline.ts).
    const kept = starts[i]!.key === 'paths' ? (outlinePaths(section) ?? section) : section;
    out += kept;
    if (!out.endsWith('\n')) out += '\n';
  }
  return out;
}
