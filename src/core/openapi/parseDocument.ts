// Text → parsed document, with the limits an untrusted document needs: YAML alias expansion
// is bounded (an alias bomb stops with an error), nesting is bounded, only one YAML document
// is accepted, HTML is recognised and refused with a message that says what it is.
//
// YAML is read with js-yaml (YAML 1.2 core schema plus `<<` merge keys — no timestamps turned
// into Dates, like JSON). Measured on a 3 MB document (bench/openapi.bench.ts) it is about 11×
// faster than the `yaml` package's parse and its lower-level Parser + Composer API, both of
// which build a node tree with source positions before making plain objects. js-yaml makes the
// plain objects directly and shares an aliased node instead of copying it, so an alias bomb
// costs no memory while parsing; the bound below stops it before anything walks the graph.
import * as jsYaml from 'js-yaml';
import { OpenApiError } from './errors';
import { isRecord } from './safeObject';
import { yamlSections } from './yamlSections';

/** Nodes that aliases may add to a document (each alias counts the size of what it names, aliases inside included). */
export const maxYamlAliasExpansion = 100_000;
/** Deepest nesting accepted (js-yaml's own guard). */
const maxYamlDepth = 200;

// js-yaml 4.3 has `types` and the `maxDepth` option; its published typings (4.0.9) predate them.
const runtime = jsYaml as typeof jsYaml & { types: { merge: jsYaml.Type } };
let yamlSchema: jsYaml.Schema | undefined;
/** Made on first parse, not at module load: the extension loads js-yaml lazily (docs/ARCHITECTURE.md, Lazy bundles). */
function openApiYamlSchema(): jsYaml.Schema {
  return (yamlSchema ??= jsYaml.CORE_SCHEMA.extend({ implicit: [runtime.types.merge] }));
}
type LoadOptions = jsYaml.LoadOptions & { maxDepth: number };

class AliasBomb extends Error {}

/**
 * js-yaml's node listener, counting how many nodes aliases expand to: an anchored node's size
 * is the nodes inside it (its own aliases expanded), and each alias adds its anchor's size.
 */
function aliasGuard(): NonNullable<jsYaml.LoadOptions['listener']> {
  const opened: { position: number; expanded: number }[] = [];
  const anchorSize = new Map<string, number>();
  let expanded = 0;
  let added = 0;
  return (event, state) => {
    if (event === 'open') {
      opened.push({ position: state.position, expanded: ++expanded });
      return;
    }
    const start = opened.pop()!;
    const s = state as typeof state & { kind: string | null; anchor: string | null };
    if (s.kind === null) {
      const m = /^\s*\*([^\s,[\]{}]+)/.exec(state.input.slice(start.position, state.position));
      if (m) {
        const size = anchorSize.get(m[1]!) ?? 1;
        expanded += size;
        added += size;
        if (added > maxYamlAliasExpansion) throw new AliasBomb();
      }
    } else if (s.anchor !== null) {
      anchorSize.set(s.anchor, expanded - start.expanded + 1);
    }
  };
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<!--|<script|<meta|<title|<div|<\?xml)/i.test(text.slice(0, 2048));
}

/** The top-level keys the endpoint list reads (listOperations). */
const listingKeys: ReadonlySet<string> = new Set(['openapi', 'swagger', 'info', 'servers', 'host', 'basePath', 'schemes', 'paths']);

/**
 * What the endpoint list needs of a document: for YAML written the usual way only the sections
 * it reads are parsed (`complete: false`); otherwise (JSON, unusual YAML, or a section parse
 * that fails) the whole document, exactly as parseDocumentText reads it.
 */
export function parseForListing(input: string, where = 'The document'): { doc: Record<string, unknown>; complete: boolean } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!/^\s*[{[<]/.test(text.slice(0, 256))) {
    const sections = yamlSections(text, listingKeys);
    if (sections !== undefined) {
      try {
        const doc = loadYaml(sections);
        if (isRecord(doc)) return { doc, complete: false };
      } catch {
        // An alias into a skipped section, or an error the whole document will report properly.
      }
    }
  }
  return { doc: parseDocumentText(input, where), complete: true };
}

function loadYaml(text: string): unknown {
  const options: LoadOptions = { schema: openApiYamlSchema(), listener: aliasGuard(), maxDepth: maxYamlDepth };
  return jsYaml.load(text, options);
}

/** Parses a JSON or YAML document; throws OpenApiError('invalid' | 'not-openapi') with a readable reason. */
export function parseDocumentText(input: string, where: string, options: { anyValue: true }): unknown;
export function parseDocumentText(input: string, where?: string): Record<string, unknown>;
export function parseDocumentText(input: string, where = 'The document', options: { anyValue?: boolean } = {}): unknown {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = text.trimStart();
  if (start === '') throw new OpenApiError('invalid', `${where} is empty.`);
  if (looksLikeHtml(start) || start.startsWith('<')) {
    throw new OpenApiError('not-openapi', `${where} is an HTML or XML page, not a JSON or YAML OpenAPI document.`);
  }
  let value: unknown;
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new OpenApiError('invalid', `${where} is not valid JSON: ${firstLine(err)}`);
    }
  } else {
    try {
      value = loadYaml(text);
    } catch (err) {
      if (err instanceof AliasBomb) throw new OpenApiError('invalid', `${where} expands too many YAML aliases (more than ${maxYamlAliasExpansion} nodes); it looks like an alias bomb and was not read.`);
      throw new OpenApiError('invalid', `${where} is not valid YAML: ${yamlReason(err)}`);
    }
  }
  if (!isRecord(value) && !options.anyValue) throw new OpenApiError('not-openapi', `${where} is ${describe(value)}, not an OpenAPI object.`);
  return value;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null || v === undefined) return 'empty';
  return `a single ${typeof v} value`;
}

/** js-yaml's reason and where (1-based), e.g. `duplicated mapping key at line 4, column 3`. */
function yamlReason(err: unknown): string {
  const e = err as { reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  if (typeof e.reason === 'string' && typeof e.mark?.line === 'number' && typeof e.mark.column === 'number') return `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
  return firstLine(err);
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0]!.trim().replace(/:$/, '');
}
