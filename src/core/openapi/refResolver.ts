// `$ref` resolution on demand, for one operation at a time. Each referenced object is copied
// once per resolver, and a reference back to an object already being copied returns that same
// copy: a cyclic schema (Stripe's `account` ↔ `customer`, Kubernetes' `JSONSchemaProps`)
// becomes a cyclic object graph instead of an endless recursion. `#/...` pointers into the
// document itself are always followed; other documents (the files of a split document, or
// http(s) documents the user allows) only as refTargets.ts permits, through a DocumentLoader
// the caller provides — this module never reads anything itself.
import { type RefPolicy, refTarget } from './refTargets';
import { isRecord, type Json, setOwn } from './safeObject';

/** Why a `$ref` was left unresolved: the marker replaces the `{ $ref }` object. */
export interface UnresolvedRef {
  $ref: string;
  'x-unresolved': string;
}

/** A document another one refers to: parsed, not at hand yet (`undefined`: fetch it and retry), or why it cannot be read. */
export type LoadedDocument = { doc: unknown } | { error: string } | undefined;

export interface DocumentLoader {
  /** @param url absolute, without a fragment, already allowed by the policy */
  load(url: string): LoadedDocument;
}

const noDocuments: DocumentLoader = { load: () => undefined };

/** Longest chain of `$ref`s pointing at `$ref`s before giving up (A → B → A loops forever). */
const maxRefChain = 64;
const dataKeys = new Set(['example', 'default', 'const', 'enum']);
const nameMapKeys = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

export class RefResolver {
  private readonly copies = new WeakMap<object, unknown>();
  /** Absolute URLs (no fragment) of allowed documents the resolver needed but the loader did not have yet. */
  readonly missingExternal = new Set<string>();
  readonly problems = new Set<string>();
  /** `#/…` pointers into a document that found nothing there. */
  readonly dangling = new Set<string>();
  private readonly policy: RefPolicy;

  /**
   * @param root the parsed document
   * @param documentUrl where it came from (an http(s) URL, a file:// URL, or undefined)
   * @param loader other documents (split-document files, allowed http(s) documents)
   */
  constructor(
    readonly root: unknown,
    private readonly documentUrl: string | undefined,
    private readonly loader: DocumentLoader = noDocuments,
    allowRemote = false,
  ) {
    this.policy = { rootUrl: documentUrl, allowRemote };
  }

  /** A deep copy of `node` with every `$ref` replaced by its target (or a marker). */
  deep(node: unknown, base: Base = this.rootBase()): unknown {
    return this.copy(node, base, false);
  }

  /** Follows `$ref`s at the top of `node` only (for parameters, bodies, security schemes). */
  shallow(node: unknown, base: Base = this.rootBase()): { value: unknown; base: Base } {
    let current = node;
    let currentBase = base;
    for (let i = 0; i < maxRefChain; i++) {
      const ref = isRecord(current) ? current.$ref : undefined;
      if (typeof ref !== 'string' || !Object.prototype.hasOwnProperty.call(current, '$ref')) return { value: current, base: currentBase };
      const target = this.lookup(ref, currentBase);
      if ('unresolved' in target) return { value: target.unresolved, base: currentBase };
      current = target.value;
      currentBase = target.base;
    }
    return { value: this.marker('(chain)', 'a chain of $refs that never ends'), base: currentBase };
  }

  rootBase(): Base {
    return { url: this.documentUrl, doc: this.root };
  }

  /** @param names `node`'s keys are names (of properties, definitions), each value a schema. */
  private copy(node: unknown, base: Base, names: boolean): unknown {
    if (typeof node !== 'object' || node === null) return node;
    const followed = this.shallow(node, base);
    const value = followed.value;
    if (typeof value !== 'object' || value === null) return value;
    const done = this.copies.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      this.copies.set(value, out);
      for (const item of value) out.push(this.copy(item, followed.base, false));
      return out;
    }
    const out: Json = {};
    this.copies.set(value, out);
    for (const key of Object.keys(value)) {
      // `example`, `default`, `const` and `enum` hold data, not schemas: a `$ref` key inside is literal.
      const child = (value as Json)[key];
      const isData = !names && dataKeys.has(key);
      setOwn(out, key, isData ? child : this.copy(child, followed.base, !names && nameMapKeys.has(key)));
    }
    return out;
  }

  private lookup(ref: string, base: Base): { value: unknown; base: Base } | { unresolved: UnresolvedRef } {
    const hash = ref.indexOf('#');
    const address = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    let target = base;
    if (address !== '') {
      const where = this.externalTarget(ref, address, base);
      if ('unresolved' in where) return where;
      target = where;
    }
    const found = followPointer(target.doc, pointer);
    if (found === undefined) {
      this.dangling.add(ref);
      return { unresolved: this.marker(ref, `the $ref ${ref} points at nothing in the document`) };
    }
    return { value: found, base: target };
  }

  private externalTarget(ref: string, address: string, base: Base): Base | { unresolved: UnresolvedRef } {
    const target = refTarget(ref, address, base.url, this.policy);
    if ('refused' in target) return { unresolved: this.marker(ref, target.refused) };
    const loaded = this.loader.load(target.url);
    if (loaded === undefined) {
      this.missingExternal.add(target.url);
      return { unresolved: this.marker(ref, `the $ref ${ref} points at a document that was not read`) };
    }
    if ('error' in loaded) return { unresolved: this.marker(ref, `the $ref ${ref} cannot be read: ${loaded.error}`) };
    return { url: target.url, doc: loaded.doc };
  }

  private marker(ref: string, reason: string): UnresolvedRef {
    this.problems.add(reason);
    return { $ref: ref, 'x-unresolved': reason };
  }
}

export interface Base {
  url: string | undefined;
  doc: unknown;
}

/** RFC 6901 JSON pointer (as a URI fragment) into `doc`; own properties only. */
export function followPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return pointer === '' ? doc : undefined;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isRecord(current) && Object.prototype.hasOwnProperty.call(current, token)) {
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}
