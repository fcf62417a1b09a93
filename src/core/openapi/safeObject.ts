// Reading untrusted documents without tripping over inherited properties: a document may hold
// keys such as `__proto__`, `constructor` or `hasOwnProperty`, which must stay plain data.

export type Json = { [key: string]: unknown };

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(obj: Json, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** An own property only — never one inherited from Object.prototype. */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && hasOwn(obj, key) ? obj[key] : undefined;
}

export function ownString(obj: unknown, key: string): string | undefined {
  const v = own(obj, key);
  return typeof v === 'string' ? v : undefined;
}

export function ownRecord(obj: unknown, key: string): Json | undefined {
  const v = own(obj, key);
  return isRecord(v) ? v : undefined;
}

export function ownArray(obj: unknown, key: string): unknown[] | undefined {
  const v = own(obj, key);
  return Array.isArray(v) ? v : undefined;
}

/** Sets `key` as an own data property; `out.__proto__ = x` would change the prototype instead. */
export function setOwn(out: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
