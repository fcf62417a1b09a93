// What a k6 script needs beside itself in the pod: files it reads with `open()` in its init
// code and local modules it imports. They all go into the run's ConfigMap and are mounted
// at the same relative paths under /scripts, so the script runs unchanged in the cluster.
import type * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { parseScript } from '../k6/staticOptions';

export interface LocalReference {
  kind: 'open' | 'import';
  /** As written in the script: `./data/users.json`. */
  specifier: string;
  line: number;
}

export interface DependencyScan {
  references: LocalReference[];
  /** `open()` calls whose argument is not a string literal: they cannot be bundled. */
  dynamicOpens: number[];
  parseError?: string;
}

export interface BundleFile {
  /** Relative to the script's folder, POSIX separators: `pets.js`, `data/users.json`. */
  path: string;
  content: Uint8Array;
}

export interface ScriptBundle {
  /** The script's own file name, first among `files`. */
  entry: string;
  files: BundleFile[];
  /** Reasons a file could not be included; a non-empty list blocks a cluster run. */
  problems: string[];
  /** Non-blocking remarks (e.g. an `open()` whose path is computed at run time). */
  warnings: string[];
}

const isRemote = (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^file:/i.test(s);
const isBareModule = (s: string) => !s.startsWith('.') && !s.startsWith('/') && !/^file:/i.test(s);

function literalString(node: acorn.AnyNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Finds `open('…')`, `fs.open('…')` and relative `import`s (k6 modules and URLs are not files). */
export function scanLocalDependencies(scriptText: string): DependencyScan {
  let program: acorn.Program;
  try {
    program = parseScript(scriptText);
  } catch (err) {
    return { references: [], dynamicOpens: [], parseError: err instanceof Error ? err.message : String(err) };
  }
  const references: LocalReference[] = [];
  const dynamicOpens: number[] = [];
  const addImport = (source: string | undefined, line: number) => {
    if (source && !isRemote(source) && !isBareModule(source)) references.push({ kind: 'import', specifier: source, line });
  };
  walk.full(program, (node) => {
    const line = node.loc?.start.line ?? 0;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
      addImport(literalString(node.source ?? undefined), line);
    } else if (node.type === 'ImportExpression') {
      addImport(literalString(node.source), line);
    } else if (node.type === 'CallExpression') {
      const callee = node.callee;
      const isOpen =
        (callee.type === 'Identifier' && callee.name === 'open') ||
        (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'open' && callee.object.type === 'Identifier' && callee.object.name === 'fs');
      if (!isOpen) return;
      const arg = node.arguments[0];
      const path = arg && arg.type !== 'SpreadElement' ? literalString(arg) : undefined;
      if (path === undefined) dynamicOpens.push(line);
      else if (!isRemote(path)) references.push({ kind: 'open', specifier: path, line });
    }
  });
  return { references, dynamicOpens };
}

/** Resolves a specifier against the folder of `fromPath` (both relative to the script's folder). */
export function resolveBundlePath(fromPath: string, specifier: string): { path?: string; problem?: string } {
  const spec = specifier.replace(/^file:\/\//i, '');
  if (spec.startsWith('/')) return { problem: `"${specifier}" is an absolute path; use a path relative to the script so it can be shipped to the cluster.` };
  const parts = fromPath.split('/').slice(0, -1);
  for (const seg of spec.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return { problem: `"${specifier}" is outside the script's folder; move the file next to the script (or into a subfolder) to run it in the cluster.` };
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length === 0 ? { problem: `"${specifier}" does not name a file.` } : { path: parts.join('/') };
}

/**
 * Collects the script and everything it needs, following imports of imported modules.
 * `read` returns a file's bytes by bundle-relative path, or undefined when it is missing.
 */
export function collectScriptBundle(entry: string, read: (relPath: string) => Uint8Array | undefined): ScriptBundle {
  const files: BundleFile[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const queue: { path: string; from?: string; kind: LocalReference['kind'] | 'entry' }[] = [{ path: entry, kind: 'entry' }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next.path)) continue;
    seen.add(next.path);
    const content = read(next.path);
    if (!content) {
      problems.push(next.from ? `${next.from} needs "${next.path}", which does not exist.` : `The script ${next.path} does not exist.`);
      continue;
    }
    files.push({ path: next.path, content });
    if (next.kind === 'open') continue;
    const scan = scanLocalDependencies(new TextDecoder().decode(content));
    if (scan.parseError) {
      // The validator reports syntax errors; a module that does not parse has no dependencies to find.
      continue;
    }
    for (const line of scan.dynamicOpens) warnings.push(`${next.path}:${line}: open() with a computed path cannot be shipped to the cluster; the file must already be in the image.`);
    for (const ref of scan.references) {
      const resolved = resolveBundlePath(next.path, ref.specifier);
      if (resolved.problem) problems.push(`${next.path}:${ref.line}: ${resolved.problem}`);
      else queue.push({ path: resolved.path!, from: `${next.path}:${ref.line}`, kind: ref.kind });
    }
  }
  return { entry, files, problems, warnings };
}
