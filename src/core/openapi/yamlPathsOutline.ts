// The `paths` section of a YAML document cut down to what the endpoint list reads: path keys,
// method keys, and of each operation only `tags`, `summary`, `description`, `operationId`,
// `deprecated` and `$ref` (a path item may also be a `$ref`). Request bodies, responses and
// parameters — most of a large document's `paths` — are skipped line by line, by indentation,
// the way YAML itself nests block mappings. Anything this reader is not sure about (tabs,
// sequences or odd indentation where a mapping is expected, anything that may be an anchor or
// alias in a skipped part) returns undefined, and the caller parses the section whole.
/**
 * An anchor (`&name` then a space or the end of the line) or an alias (`*name` as a whole node:
 * then only a comment, a flow `,` `]` `}` or the end of the line) where a node may start: after
 * `key: ` or `- `, after `[`, `{`, `,`, or at the start of a line. Markdown in a description
 * (`Note: *this*`, `**bold**`) rarely looks like that; when it does it only costs a whole parse.
 */
export const mayHoldAnchorOrAlias = /(?::[ \t]+|^[ \t]*(?:-[ \t]+)?|[[{,][ \t]*)(?:&[^\s,[\]{}]+(?:[ \t]|\r?$)|\*[^\s,[\]{}]+[ \t]*(?:[,\]}#]|\r?$))/m;

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const operationFields = new Set(['tags', 'summary', 'description', 'operationId', 'deprecated', '$ref']);
/** `key:` (plain, "double" or 'single' quoted) followed by a space or the end of the line. */
const mappingKey = /^(?:"([^"\\]*)"|'([^']*)'|([^\s"'#&*!|>%@`,[\]{}-][^:#]*?|-[^\s:#][^:#]*?))[ \t]*:(?:[ \t]|$)/;

/**
 * Stands for the skipped keys of a path item or an operation, so that one left with no other
 * key is still a mapping (`{}`), as in the whole document, and not null.
 */
const placeholder = 'x-outlined: true';

/** `section` starts with the `paths:` line itself. */
export function outlinePaths(section: string): string | undefined {
  const out: string[] = [];
  let pathIndent = -1;
  let itemIndent = -1;
  let fieldIndent = -1;
  let inOperation = false;
  let itemPlaceholder = false;
  let opPlaceholder = false;
  let skipAbove = -1; // lines indented more than this belong to a skipped value
  let skipped = '';
  let first = true;
  for (let at = 0; at < section.length; ) {
    const end = section.indexOf('\n', at);
    const line = section.slice(at, end === -1 ? section.length : end).replace(/\r$/, '');
    at = end === -1 ? section.length : end + 1;
    if (first) {
      first = false;
      out.push(line); // `paths:` (possibly `paths: {}` in flow style, kept as is)
      continue;
    }
    const content = line.trimStart();
    const indent = line.length - content.length;
    if (content === '' || content.startsWith('#')) {
      if (skipAbove < 0) out.push(line);
      continue;
    }
    if (/^\t|^ *\t/.test(line)) return undefined;
    if (skipAbove >= 0) {
      if (indent > skipAbove) {
        skipped += line + '\n';
        continue;
      }
      skipAbove = -1;
    }
    if (pathIndent < 0) pathIndent = indent;
    const key = mappingKey.exec(content);
    const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
    if (indent === pathIndent) {
      if (name === undefined) return undefined;
      itemIndent = -1;
      inOperation = false;
      itemPlaceholder = false;
      out.push(line);
      continue;
    }
    if (indent < pathIndent) return undefined;
    if (itemIndent < 0) itemIndent = indent;
    if (indent === itemIndent) {
      if (name === undefined) return undefined;
      fieldIndent = -1;
      inOperation = methods.has(name);
      opPlaceholder = false;
      if (inOperation || name === '$ref') out.push(line);
      else {
        // Path-level parameters, servers, summary: not listed.
        skipAbove = indent;
        skipped += line + '\n';
        if (!itemPlaceholder) out.push(' '.repeat(indent) + placeholder);
        itemPlaceholder = true;
      }
      continue;
    }
    if (indent < itemIndent || !inOperation) {
      if (!inOperation && indent > itemIndent) {
        out.push(line); // the rest of a kept path-item `$ref` line's value (rare: a multi-line scalar)
        continue;
      }
      return undefined;
    }
    if (fieldIndent < 0) fieldIndent = indent;
    if (indent === fieldIndent) {
      if (name === undefined) return undefined;
      if (operationFields.has(name)) out.push(line);
      else {
        skipAbove = indent;
        skipped += line + '\n';
        if (!opPlaceholder) out.push(' '.repeat(indent) + placeholder);
        opPlaceholder = true;
      }
      continue;
    }
    if (indent < fieldIndent) return undefined;
    out.push(line); // the value of a kept field (a tags list, a block-scalar description)
  }
  if (mayHoldAnchorOrAlias.test(skipped)) return undefined;
  return out.join('\n') + '\n';
}
