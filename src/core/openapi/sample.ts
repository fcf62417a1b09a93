// A plausible value for a (possibly cyclic) schema: the example when the document gives one,
// otherwise something of the right shape. Used for curl bodies and as a starting point for
// generated scripts; every branch is bounded so cyclic schemas terminate.
import { isRecord, type Json, own, ownArray, ownRecord, setOwn } from './safeObject';

const maxDepth = 8;

export function sampleFromSchema(schema: unknown): unknown {
  return sample(schema, new Set(), 0);
}

function sample(schema: unknown, onPath: Set<object>, depth: number): unknown {
  if (!isRecord(schema)) return undefined;
  for (const key of ['example', 'default', 'const']) if (own(schema, key) !== undefined) return own(schema, key);
  const examples = ownArray(schema, 'examples');
  if (examples && examples.length) return examples[0];
  const choices = ownArray(schema, 'enum');
  if (choices && choices.length) return choices[0];
  if (onPath.has(schema) || depth > maxDepth) return undefined;
  onPath.add(schema);
  try {
    const allOf = ownArray(schema, 'allOf');
    if (allOf) return mergeAll(allOf.map((s) => sample(s, onPath, depth + 1)));
    const alt = ownArray(schema, 'oneOf') ?? ownArray(schema, 'anyOf');
    if (alt && alt.length) return sample(alt[0], onPath, depth + 1);
    const type = typeOf(schema);
    switch (type) {
      case 'object':
        return sampleObject(schema, onPath, depth);
      case 'array': {
        const item = sample(own(schema, 'items'), onPath, depth + 1);
        return item === undefined ? [] : [item];
      }
      case 'integer':
        return typeof own(schema, 'minimum') === 'number' ? Math.ceil(own(schema, 'minimum') as number) : 1;
      case 'number':
        return typeof own(schema, 'minimum') === 'number' ? own(schema, 'minimum') : 1.5;
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'string':
        return sampleString(schema);
      default:
        return undefined;
    }
  } finally {
    onPath.delete(schema);
  }
}

function typeOf(schema: Json): string | undefined {
  const t = own(schema, 'type');
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null');
  if (ownRecord(schema, 'properties')) return 'object';
  if (own(schema, 'items') !== undefined) return 'array';
  return undefined;
}

function sampleObject(schema: Json, onPath: Set<object>, depth: number): Json {
  const out: Json = {};
  const props = ownRecord(schema, 'properties') ?? {};
  const required = new Set((ownArray(schema, 'required') ?? []).filter((r): r is string => typeof r === 'string'));
  const names = Object.keys(props);
  // Deep in a schema only required properties are filled in, so bodies stay readable.
  const chosen = depth > 2 && required.size ? names.filter((n) => required.has(n)) : names;
  for (const name of chosen) {
    const v = sample(props[name], onPath, depth + 1);
    if (v !== undefined) setOwn(out, name, v);
  }
  return out;
}

function sampleString(schema: Json): string {
  switch (own(schema, 'format')) {
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'email':
      return 'user@example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'uri':
    case 'url':
      return 'https://example.com';
    case 'binary':
    case 'byte':
      return '';
    default:
      return 'string';
  }
}

function mergeAll(parts: unknown[]): unknown {
  if (parts.every((p) => p === undefined || isRecord(p))) {
    const out: Json = {};
    for (const p of parts) if (isRecord(p)) for (const k of Object.keys(p)) setOwn(out, k, p[k]);
    return out;
  }
  return parts.find((p) => p !== undefined);
}
