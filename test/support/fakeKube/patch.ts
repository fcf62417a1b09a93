// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and strategic merge
// patch approximated as a merge patch whose lists of named objects (containers, env,
// volumes, ports) merge by `name` instead of being replaced.
import { StatusError } from './status';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json, strategic = false): Json {
  if (!isObject(patch)) {
    if (strategic && Array.isArray(patch) && Array.isArray(target)) return mergeNamedLists(target, patch);
    return patch;
  }
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v, strategic);
  }
  return out;
}

function mergeNamedLists(target: Json[], patch: Json[]): Json[] {
  const named = (l: Json[]) => l.every((e) => isObject(e) && typeof e.name === 'string');
  if (!named(target) || !named(patch)) return patch;
  const out = target.map((e) => e);
  for (const p of patch as Record<string, Json>[]) {
    const i = out.findIndex((e) => (e as Record<string, Json>).name === p.name);
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = mergePatch(out[i], p, true);
    else out.push(p);
  }
  return out;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

export function jsonPatch(target: Json, ops: JsonPatchOp[]): Json {
  let doc = structuredClone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        doc = setAt(doc, op.path, op.value ?? null, 'add');
        break;
      case 'replace':
        doc = setAt(doc, op.path, op.value ?? null, 'replace');
        break;
      case 'remove':
        doc = removeAt(doc, op.path);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${op.path} failed`);
        break;
      case 'copy':
        doc = setAt(doc, op.path, structuredClone(getAt(doc, op.from ?? '')), 'add');
        break;
      case 'move': {
        const v = getAt(doc, op.from ?? '');
        doc = setAt(removeAt(doc, op.from ?? ''), op.path, v, 'add');
        break;
      }
      default:
        throw new StatusError(400, 'BadRequest', `Unexpected kind: ${(op as { op: string }).op}`);
    }
  }
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string): Json {
  let cur: Json = doc;
  for (const p of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else throw new StatusError(422, 'Invalid', `doc is missing path: "${path}"`);
    if (cur === undefined) throw new StatusError(422, 'Invalid', `doc is missing path: "${path}"`);
  }
  return cur;
}

function parentOf(doc: Json, path: string): [Json, string] {
  const parts = pointer(path);
  const last = parts.pop() ?? '';
  const parentPath = parts.length ? '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '';
  return [getAt(doc, parentPath), last];
}

function setAt(doc: Json, path: string, value: Json, mode: 'add' | 'replace'): Json {
  if (path === '') return value;
  const [parent, last] = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (mode === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObject(parent)) {
    if (mode === 'replace' && !(last in parent)) throw new StatusError(422, 'Invalid', `doc is missing key: ${path}`);
    parent[last] = value;
  } else throw new StatusError(422, 'Invalid', `doc is missing path: "${path}"`);
  return doc;
}

function removeAt(doc: Json, path: string): Json {
  const [parent, last] = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw new StatusError(422, 'Invalid', `doc is missing path: "${path}"`);
  return doc;
}

/** Applies a PATCH body by its Content-Type. */
export function applyPatch(target: object, contentType: string, body: unknown): object {
  const type = contentType.split(';')[0].trim();
  switch (type) {
    case 'application/merge-patch+json':
      return mergePatch(target as Json, body as Json) as object;
    case 'application/strategic-merge-patch+json':
      return mergePatch(target as Json, body as Json, true) as object;
    case 'application/json-patch+json':
      if (!Array.isArray(body)) throw new StatusError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      return jsonPatch(target as Json, body as JsonPatchOp[]) as object;
    default:
      throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
  }
}
