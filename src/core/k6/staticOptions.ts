// Reads a k6 script's `options` without running it: parse with acorn, find the exported
// `options`, and evaluate its initializer as far as literals (and top-level constants holding
// literals) allow. Whatever depends on run time (`__ENV.X`, calls) stays "unknown", and the
// checks built on this skip it rather than guess.
import * as acorn from 'acorn';
import { defineKey } from './jsData';

export type StaticValue =
  | { kind: 'value'; value: string | number | boolean | null; node: acorn.Node }
  /** `open`: a spread we could not read may add more properties. */
  | { kind: 'object'; props: Map<string, { key: acorn.Node; value: StaticValue }>; open: boolean; node: acorn.Node }
  | { kind: 'array'; items: StaticValue[]; node: acorn.Node }
  | { kind: 'unknown'; node: acorn.Node };

export interface ScriptShape {
  program: acorn.Program;
  /** The `options` value, when the script exports one. */
  options?: StaticValue;
  /** The node declaring `options` (for messages about it as a whole). */
  optionsNode?: acorn.Node;
  /** Names the module exports (`default` included when there is a default export). */
  exports: Set<string>;
}

export function parseScript(text: string): acorn.Program {
  return acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true });
}

function declaredNames(pattern: acorn.Pattern, out: string[]): void {
  if (pattern.type === 'Identifier') out.push(pattern.name);
}

/** Reads exports and the options object of a parsed script. */
export function scriptShape(program: acorn.Program): ScriptShape {
  const consts = new Map<string, acorn.Expression>();
  const exports = new Set<string>();
  let optionsInit: acorn.Expression | undefined;
  let optionsNode: acorn.Node | undefined;
  const exportedLocals: [string, string][] = [];
  const visitDeclaration = (decl: acorn.Declaration | acorn.Statement, exported: boolean) => {
    if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') {
      if (exported && decl.id) exports.add(decl.id.name);
    } else if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        const names: string[] = [];
        declaredNames(d.id, names);
        for (const n of names) {
          if (d.init && decl.kind === 'const') consts.set(n, d.init);
          if (exported) exports.add(n);
          if (exported && n === 'options' && d.init) {
            optionsInit = d.init;
            optionsNode = d;
          }
        }
        if (!exported && d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
      }
    }
  };
  for (const stmt of program.body) {
    if (stmt.type === 'ExportNamedDeclaration') {
      if (stmt.declaration) visitDeclaration(stmt.declaration, true);
      for (const s of stmt.specifiers) {
        const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        const local = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
        exports.add(exported);
        if (!stmt.source) exportedLocals.push([local, exported]);
      }
    } else if (stmt.type === 'ExportDefaultDeclaration') {
      exports.add('default');
    } else if (stmt.type === 'VariableDeclaration' || stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') {
      visitDeclaration(stmt, false);
    }
  }
  for (const [local, exported] of exportedLocals) {
    if (exported === 'options' && consts.has(local)) {
      optionsInit = consts.get(local);
      optionsNode = optionsInit;
    }
  }
  const options = optionsInit ? evaluate(optionsInit, consts, 0) : undefined;
  return { program, options, optionsNode, exports };
}

function keyName(p: acorn.Property, consts: Map<string, acorn.Expression>, depth: number): string | undefined {
  if (!p.computed) {
    if (p.key.type === 'Identifier') return p.key.name;
    if (p.key.type === 'Literal') return String(p.key.value);
    return undefined;
  }
  const k = evaluate(p.key, consts, depth + 1);
  return k.kind === 'value' ? String(k.value) : undefined;
}

/** Evaluates literal structure; anything else is `unknown`. */
export function evaluate(node: acorn.Expression, consts: Map<string, acorn.Expression>, depth: number): StaticValue {
  if (depth > 40) return { kind: 'unknown', node };
  switch (node.type) {
    case 'Literal':
      if (node.value === null || typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean') {
        return { kind: 'value', value: node.value, node };
      }
      return { kind: 'unknown', node };
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return { kind: 'value', value: node.quasis.map((q) => q.value.cooked ?? '').join(''), node };
      return { kind: 'unknown', node };
    case 'UnaryExpression': {
      const arg = evaluate(node.argument, consts, depth + 1);
      if (arg.kind === 'value' && typeof arg.value === 'number') {
        if (node.operator === '-') return { kind: 'value', value: -arg.value, node };
        if (node.operator === '+') return { kind: 'value', value: arg.value, node };
      }
      return { kind: 'unknown', node };
    }
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') return { kind: 'unknown', node };
      const l = evaluate(node.left, consts, depth + 1);
      const r = evaluate(node.right, consts, depth + 1);
      if (l.kind !== 'value' || r.kind !== 'value') return { kind: 'unknown', node };
      const a = l.value;
      const b = r.value;
      if (node.operator === '+' && (typeof a === 'string' || typeof b === 'string')) return { kind: 'value', value: String(a) + String(b), node };
      if (typeof a !== 'number' || typeof b !== 'number') return { kind: 'unknown', node };
      const ops: Record<string, (x: number, y: number) => number> = { '+': (x, y) => x + y, '-': (x, y) => x - y, '*': (x, y) => x * y, '/': (x, y) => x / y };
      const op = ops[node.operator];
      return op ? { kind: 'value', value: op(a, b), node } : { kind: 'unknown', node };
    }
    case 'Identifier': {
      const init = consts.get(node.name);
      if (!init) return { kind: 'unknown', node };
      const v = evaluate(init, consts, depth + 1);
      // Values keep the identifier's own position, so messages point where it is used.
      return v.kind === 'value' ? { ...v, node } : v;
    }
    case 'ArrayExpression':
      return {
        kind: 'array',
        items: node.elements.map((e) => (e === null ? { kind: 'value', value: null, node } : e.type === 'SpreadElement' ? { kind: 'unknown', node: e } : evaluate(e, consts, depth + 1))),
        node,
      };
    case 'ObjectExpression': {
      const props = new Map<string, { key: acorn.Node; value: StaticValue }>();
      let open = false;
      for (const p of node.properties) {
        if (p.type === 'SpreadElement') {
          const spread = evaluate(p.argument, consts, depth + 1);
          if (spread.kind === 'object') {
            for (const [k, v] of spread.props) props.set(k, v);
            open ||= spread.open;
          } else open = true;
          continue;
        }
        const name = keyName(p, consts, depth);
        if (name === undefined) {
          open = true;
          continue;
        }
        const value: StaticValue = p.kind === 'init' && !p.method ? evaluate(p.value, consts, depth + 1) : { kind: 'unknown', node: p.value };
        props.set(name, { key: p.key, value });
      }
      return { kind: 'object', props, open, node };
    }
    default:
      return { kind: 'unknown', node };
  }
}

/** Plain JS value of a fully known StaticValue, or undefined if any part is unknown. */
export function toPlain(v: StaticValue): unknown {
  switch (v.kind) {
    case 'value':
      return v.value;
    case 'array': {
      const items = v.items.map(toPlain);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case 'object': {
      if (v.open) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, p] of v.props) {
        const x = toPlain(p.value);
        if (x === undefined) return undefined;
        defineKey(out, k, x);
      }
      return out;
    }
    default:
      return undefined;
  }
}
