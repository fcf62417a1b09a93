// The only way text from an OpenAPI document enters a generated script: as a JavaScript
// literal built by JSON.stringify. JSON strings are valid JS string literals except for the
// line terminators U+2028/U+2029 (valid in JSON, line breaks in older JS engines), which are
// escaped here. Nothing from a spec is ever placed in a template literal, a comment or an
// identifier, so quotes, backticks, `${`, `*/` or `</script>` in a spec stay inert data.

/** A JS string literal for any string. Lone surrogates come out as \uXXXX (well-formed JSON.stringify). */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Plain JSON data (what JSON.parse could return), with non-JSON values normalized the way JSON.stringify would. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Normalizes any value to plain JSON data: Dates become ISO strings, NaN null, functions and
 * undefined dropped, cycles cut (a repeated object becomes null). Never throws.
 */
export function toJsonValue(value: unknown, seen: Set<object> = new Set()): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const obj = value as object;
  if (seen.has(obj)) return null;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v) => toJsonValue(v, seen) ?? null);
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(obj)) {
      const v = toJsonValue((obj as Record<string, unknown>)[key], seen);
      if (v !== undefined) defineKey(out, key, v);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** Sets an own property even for `__proto__` (plain assignment would set the prototype). */
export function defineKey<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const inlineWidth = 72;

function objectKey(key: string): string {
  // In an object literal `"__proto__": v` sets the prototype; a computed key defines the property.
  return key === '__proto__' ? `[${jsString(key)}]` : jsString(key);
}

function inline(value: JsonValue): string | undefined {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value === 'string' ? jsString(value) : JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.some((v) => v !== null && typeof v === 'object')) return undefined;
    return `[${value.map((v) => inline(v)).join(', ')}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  if (keys.some((k) => value[k] !== null && typeof value[k] === 'object')) return undefined;
  return `{ ${keys.map((k) => `${objectKey(k)}: ${inline(value[k])}`).join(', ')} }`;
}

/**
 * A readable, multi-line JS literal for JSON data from a spec: keys always quoted, strings via
 * jsString. `indent` is the indentation of the line the literal starts on.
 */
export function jsData(value: unknown, indent = ''): string {
  const data = toJsonValue(value) ?? null;
  return emit(data, indent);
}

function emit(value: JsonValue, indent: string): string {
  const flat = inline(value);
  if (flat !== undefined && flat.length + indent.length <= inlineWidth) return flat;
  if (value === null || typeof value !== 'object') return flat ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${emit(v, inner)},\n`).join('')}${indent}]`;
  }
  const lines = Object.keys(value).map((k) => `${inner}${objectKey(k)}: ${emit(value[k], inner)},\n`);
  return `{\n${lines.join('')}${indent}}`;
}
