// Reading generated scripts back the way a JS engine would: acorn's AST, the data literals
// evaluated, comments collected.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { evaluate, toPlain } from '../../../src/core/k6/staticOptions';

export interface ParsedScript {
  program: acorn.Program;
  comments: string[];
  /** The value of a top-level `const NAME = <literal>`. */
  constant(name: string): unknown;
  /** Node types present anywhere in the script. */
  nodeTypes: Set<string>;
}

export function parseGenerated(text: string): ParsedScript {
  const comments: string[] = [];
  const program = acorn.parse(text, { ecmaVersion: 2022, sourceType: 'module', locations: true, onComment: (_block, value) => comments.push(value) });
  const consts = new Map<string, acorn.Expression>();
  for (const stmt of program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type === 'VariableDeclaration') for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
  }
  const nodeTypes = new Set<string>();
  walk.full(program, (n) => nodeTypes.add(n.type));
  return {
    program,
    comments,
    nodeTypes,
    constant(name) {
      const init = consts.get(name);
      if (!init) throw new Error(`no top-level const ${name}`);
      return toPlain(evaluate(init, new Map(), 0));
    },
  };
}

/** The AST with positions dropped and every string literal replaced: the script's code, without its data. */
export function codeShape(program: acorn.Program): unknown {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const n = node as Record<string, unknown>;
    if (n.type === 'Literal' && typeof n.value === 'string') return { type: 'Literal', value: '<string>' };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'start' || k === 'end' || k === 'loc' || k === 'raw') continue;
      out[k] = strip(v);
    }
    return out;
  };
  return strip(program);
}
