// Resolved schemas may be cyclic object graphs (see refResolver.ts). Consumers that walk a
// schema keep a set of the objects on the current path (or a depth limit); anything that must
// serialize one — JSON.stringify, SQLite, a message to a webview — first passes it through
// toAcyclic(), which replaces each back-reference with a small marker.
import { isRecord, type Json, setOwn } from './safeObject';

export interface CircularMarker {
  /** A back-reference (true), or a branch cut because the copy grew too deep or too large ('truncated'). */
  'x-circular': true | 'truncated';
  title?: string;
  type?: string;
}

/**
 * A copy of `value` without cycles; a reference to an object on its own path becomes a
 * CircularMarker. Shared (non-cyclic) objects are copied at each place, so the copy is bounded
 * by depth and by node count.
 */
export function toAcyclic<T>(value: T, maxDepth = 32, maxNodes = 20_000): T {
  const onPath = new Set<object>();
  let nodes = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (onPath.has(v)) return marker(v, true);
    if (depth > maxDepth || ++nodes > maxNodes) return marker(v, 'truncated');
    onPath.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      const out: Json = {};
      for (const key of Object.keys(v)) setOwn(out, key, walk((v as Json)[key], depth + 1));
      return out;
    } finally {
      onPath.delete(v);
    }
  };
  return walk(value, 0) as T;
}

function marker(v: object, why: CircularMarker['x-circular']): CircularMarker {
  const m: CircularMarker = { 'x-circular': why };
  if (isRecord(v) && typeof v.title === 'string') m.title = v.title;
  if (isRecord(v) && typeof v.type === 'string') m.type = v.type;
  return m;
}

/** True when following object references from `value` can come back to an object already visited on the way. */
export function isCyclic(value: unknown): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || done.has(v)) return false;
    if (onPath.has(v)) return true;
    onPath.add(v);
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (walk(c)) return true;
    onPath.delete(v);
    done.add(v);
    return false;
  };
  return walk(value);
}
