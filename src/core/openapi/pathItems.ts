// Path items and operations as split documents write them: a path item may be a `$ref`
// (`/users: { $ref: paths/users.yaml }`, or `#/components/pathItems/…` in 3.1) and so may an
// operation (`get: { $ref: resources/users_list.yml }`, as DigitalOcean's description does).
// Both the listing and the resolver find them here, so they agree on what an operation is and
// on which file its own relative `$ref`s are relative to.
import { type Base, type RefResolver, type UnresolvedRef } from './refResolver';
import { isRecord, type Json, own } from './safeObject';

/** Why a `$ref`ed part could not be read (the resolver's marker), or undefined. */
export function unresolvedReason(v: unknown): string | undefined {
  return isRecord(v) && typeof v['x-unresolved'] === 'string' && typeof v.$ref === 'string' ? (v as unknown as UnresolvedRef)['x-unresolved'] : undefined;
}

export type PathItem = { item: Json; base: Base; inline: Json } | { error: string } | undefined;

/** The path item at `paths[path]`, its `$ref` followed. Operations written beside the `$ref` are kept (they win). */
export function pathItemAt(refs: RefResolver, paths: Json, path: string): PathItem {
  const raw = own(paths, path);
  if (!isRecord(raw)) return undefined;
  if (typeof own(raw, '$ref') !== 'string') return { item: raw, base: refs.rootBase(), inline: raw };
  const followed = refs.shallow(raw);
  const reason = unresolvedReason(followed.value);
  if (reason) return { error: reason };
  if (!isRecord(followed.value)) return { error: `the $ref ${String(raw.$ref)} is not a path item` };
  return { item: followed.value, base: followed.base, inline: raw };
}

export type OperationAt = { op: Json; base: Base } | { error: string; op?: undefined } | undefined;

/** The operation under `key` (`get`, `post`, …) of a path item, its `$ref` followed. */
export function operationAt(refs: RefResolver, at: Exclude<PathItem, undefined | { error: string }>, key: string): OperationAt {
  const inline = at.inline !== at.item ? own(at.inline, key) : undefined;
  const raw = inline !== undefined ? inline : own(at.item, key);
  const base = inline !== undefined ? refs.rootBase() : at.base;
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) return { error: 'it is not an object' };
  if (typeof own(raw, '$ref') !== 'string') return { op: raw, base };
  const followed = refs.shallow(raw, base);
  const reason = unresolvedReason(followed.value);
  if (reason) return { error: reason };
  if (!isRecord(followed.value)) return { error: `the $ref ${String(raw.$ref)} is not an operation` };
  return { op: followed.value, base: followed.base };
}
