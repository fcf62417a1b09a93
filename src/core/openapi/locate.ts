// Where an operation is written in a document's text, for "Open Spec at Operation": the line
// of `METHOD` under the `path` key of `paths`, found by scanning text (JSON or YAML) without
// parsing it again. Lines are 0-based; a miss returns the path's line or the top.

export interface TextPosition {
  line: number;
  character: number;
}

export function locateOperation(text: string, method: string, path: string): TextPosition {
  return /^\s*[{[]/.test(text) ? locateJson(text, method, path) : locateYaml(text.split(/\r?\n/), method, path);
}

function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function locateJson(text: string, method: string, path: string): TextPosition {
  const pathsAt = text.search(/"paths"\s*:/);
  const keyRe = new RegExp(`${escapeRe(JSON.stringify(path))}\\s*:`, 'g');
  keyRe.lastIndex = Math.max(0, pathsAt);
  const key = keyRe.exec(text);
  if (!key) return { line: 0, character: 0 };
  const methodRe = new RegExp(`"${method.toLowerCase()}"\\s*:`, 'g');
  methodRe.lastIndex = key.index + key[0].length;
  const m = methodRe.exec(text);
  // The method key must come before the next path key (roughly: before the next `"/…":`).
  const nextPath = /\n\s{0,8}"\/[^"\n]*"\s*:/g;
  nextPath.lastIndex = key.index + key[0].length;
  const next = nextPath.exec(text);
  if (m && (!next || m.index < next.index)) return positionAt(text, m.index);
  return positionAt(text, key.index);
}

function locateYaml(lines: string[], method: string, path: string): TextPosition {
  const pathsLine = lines.findIndex((l) => /^paths\s*:/.test(l));
  const quotedPath = [path, `'${path.replace(/'/g, "''")}'`, JSON.stringify(path)].map(escapeRe).join('|');
  const keyRe = new RegExp(`^(\\s*)(?:${quotedPath})\\s*:`);
  for (let i = Math.max(0, pathsLine); i < lines.length; i++) {
    const k = keyRe.exec(lines[i]!);
    if (!k) continue;
    const indent = k[1]!.length;
    const methodRe = new RegExp(`^(\\s+)["']?${method.toLowerCase()}["']?\\s*:`);
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent <= indent) break;
      const m = methodRe.exec(line);
      if (m) return { line: j, character: m[1]!.length };
    }
    return { line: i, character: indent };
  }
  return { line: 0, character: 0 };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
