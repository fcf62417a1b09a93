// Example values from JSON Schemas, for request bodies and parameters. Precedence follows the
// issue: examples > example > default > enum > a value made from the type (format-aware).
// Schemas may be cyclic (`$ref`s resolved to the same object): the walk is bounded by depth
// and by the set of schemas on the current path.
import type { JsonSchema } from '../openapi/model';
import { defineKey, type JsonValue, toJsonValue } from './jsData';

export interface ExampleOptions {
  /** Deepest nesting of objects/arrays built from the schema (examples given in the spec are used whole). */
  maxDepth?: number;
  /** Properties per object, to keep a script from huge schemas readable. */
  maxProperties?: number;
  /** Values built in all (wide schemas nest exponentially; Stripe's would not fit a file). */
  maxValues?: number;
  /** Building a request: readOnly properties are left out (OpenAPI: not sent in requests). */
  forRequest?: boolean;
  /** The parameter or property name, used for name-aware defaults (an `id` path parameter gets 1). */
  name?: string;
}

const stringFormats: Record<string, string> = {
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '12:00:00',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  'uri-reference': '/example',
  iri: 'https://example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'ZXhhbXBsZQ==',
  binary: '',
  password: 'password',
  duration: 'PT1M',
  'json-pointer': '/example',
};

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first explicit example a schema carries, if any. */
export function explicitExample(schema: JsonSchema): { value: JsonValue } | undefined {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return wrap(schema.examples[0]);
  if ('example' in schema && schema.example !== undefined) return wrap(schema.example);
  if ('default' in schema && schema.default !== undefined) return wrap(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const nonNull = schema.enum.find((v) => v !== null);
    return wrap(nonNull === undefined ? schema.enum[0] : nonNull);
  }
  if ('const' in schema && schema.const !== undefined) return wrap(schema.const);
  return undefined;
}

function wrap(v: unknown): { value: JsonValue } | undefined {
  const value = toJsonValue(v);
  return value === undefined ? undefined : { value };
}

function schemaType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null') ?? (t.includes('null') ? 'null' : undefined);
  if (isObject(schema.properties) || isObject(schema.additionalProperties)) return 'object';
  if (isObject(schema.items)) return 'array';
  return undefined;
}

/** An example value for `schema`, or undefined when nothing sensible can be built. */
export function exampleFromSchema(schema: JsonSchema | undefined, options: ExampleOptions = {}): JsonValue | undefined {
  if (!schema) return undefined;
  const limits = { maxDepth: options.maxDepth ?? 6, maxProperties: options.maxProperties ?? 40, forRequest: options.forRequest ?? true, budget: options.maxValues ?? 400 };
  return build(schema, limits, new Set(), 0, options.name);
}

interface Limits {
  maxDepth: number;
  maxProperties: number;
  forRequest: boolean;
  /** Values left to build; when spent, only required properties are filled (with null). */
  budget: number;
}

function build(schema: JsonSchema, limits: Limits, path: Set<JsonSchema>, depth: number, name: string | undefined): JsonValue | undefined {
  const explicit = explicitExample(schema);
  if (explicit) return explicit.value;
  if (path.has(schema) || limits.budget <= 0) return undefined;
  limits.budget--;
  path.add(schema);
  try {
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return buildAllOf(schema, limits, path, depth, name);
    const alternatives = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined)?.filter(isObject);
    if (alternatives && alternatives.length > 0 && !schemaType(schema)) {
      const usable = alternatives.find((a) => schemaType(a) !== 'null') ?? alternatives[0];
      return build(usable, limits, path, depth, name);
    }
    return fromType(schema, limits, path, depth, name);
  } finally {
    path.delete(schema);
  }
}

function buildAllOf(schema: JsonSchema, limits: Limits, path: Set<JsonSchema>, depth: number, name: string | undefined): JsonValue | undefined {
  const parts = (schema.allOf as unknown[]).filter(isObject);
  const values = parts.map((p) => build(p, limits, path, depth, name));
  const own = { ...schema };
  delete own.allOf;
  const ownValue = Object.keys(own).some((k) => k === 'properties' || k === 'type') ? fromType(own, limits, path, depth, name) : undefined;
  const all = [...values, ownValue].filter((v): v is JsonValue => v !== undefined);
  if (all.length === 0) return undefined;
  if (all.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    const merged: Record<string, JsonValue> = {};
    for (const v of all) for (const [k, x] of Object.entries(v as Record<string, JsonValue>)) defineKey(merged, k, x);
    return merged;
  }
  return all[0];
}

function fromType(schema: JsonSchema, limits: Limits, path: Set<JsonSchema>, depth: number, name: string | undefined): JsonValue | undefined {
  switch (schemaType(schema)) {
    case 'string':
      return exampleString(schema, name);
    case 'integer':
      return exampleNumber(schema, true);
    case 'number':
      return exampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return exampleArray(schema, limits, path, depth);
    case 'object':
      return exampleObject(schema, limits, path, depth);
    default:
      return undefined;
  }
}

function exampleString(schema: JsonSchema, name: string | undefined): string {
  const format = typeof schema.format === 'string' ? schema.format : '';
  let text = stringFormats[format] ?? (name && /(^|[_-])id$|Id$|ID$/.test(name) ? '1' : 'string');
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (text.length < min) text = text.padEnd(min, 'x');
  if (text.length > max) text = text.slice(0, Math.max(0, max));
  return text;
}

function exampleNumber(schema: JsonSchema, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  let lo = num(schema.minimum);
  const exclusiveLo = num(schema.exclusiveMinimum) ?? (schema.exclusiveMinimum === true ? lo : undefined);
  if (exclusiveLo !== undefined) lo = integer ? Math.floor(exclusiveLo) + 1 : exclusiveLo + 0.5;
  let hi = num(schema.maximum);
  const exclusiveHi = num(schema.exclusiveMaximum) ?? (schema.exclusiveMaximum === true ? hi : undefined);
  if (exclusiveHi !== undefined) hi = integer ? Math.ceil(exclusiveHi) - 1 : exclusiveHi - 0.5;
  let value = integer ? 1 : 1.5;
  if (lo !== undefined && value < lo) value = integer ? Math.ceil(lo) : lo;
  if (hi !== undefined && value > hi) value = integer ? Math.floor(hi) : hi;
  const step = num(schema.multipleOf);
  if (step && step > 0 && value % step !== 0) value = Math.ceil(value / step) * step;
  return value;
}

function exampleArray(schema: JsonSchema, limits: Limits, path: Set<JsonSchema>, depth: number): JsonValue[] {
  if (depth >= limits.maxDepth || !isObject(schema.items)) return [];
  const item = build(schema.items, limits, path, depth + 1, undefined);
  if (item === undefined) return [];
  const count = Math.min(3, Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1));
  return Array.from({ length: count }, () => item);
}

function exampleObject(schema: JsonSchema, limits: Limits, path: Set<JsonSchema>, depth: number): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (depth >= limits.maxDepth) return out;
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  // Required properties first, so a cut at maxProperties keeps what the server insists on.
  const names = [...Object.keys(props).filter((n) => required.has(n)), ...Object.keys(props).filter((n) => !required.has(n))];
  let count = 0;
  for (const name of names) {
    if (count >= limits.maxProperties) break;
    const prop = props[name];
    if (!isObject(prop)) continue;
    if (limits.forRequest && prop.readOnly === true) continue;
    const value = build(prop, limits, path, depth + 1, name);
    if (value === undefined) {
      if (required.has(name)) defineKey(out, name, null);
      continue;
    }
    defineKey(out, name, value);
    count++;
  }
  return out;
}
