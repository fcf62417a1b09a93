// Text → parsed document, with the limits an untrusted document needs: YAML alias expansion
// is bounded (an alias bomb stops with an error instead of eating memory), only one YAML
// document is accepted, HTML is recognised and refused with a message that says what it is.
import { parse as parseYaml } from 'yaml';
import { OpenApiError } from './errors';
import { isRecord } from './safeObject';

/** Alias nodes resolved per document before YAML parsing stops (yaml's own bomb guard). */
export const maxYamlAliasCount = 500;

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<!--|<script|<meta|<title|<div|<\?xml)/i.test(text.slice(0, 2048));
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
      value = parseYaml(text, { maxAliasCount: maxYamlAliasCount, prettyErrors: true, merge: true });
    } catch (err) {
      const reason = firstLine(err);
      if (/alias/i.test(reason)) throw new OpenApiError('invalid', `${where} expands too many YAML aliases (more than ${maxYamlAliasCount}); it looks like an alias bomb and was not read.`);
      throw new OpenApiError('invalid', `${where} is not valid YAML: ${reason}`);
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

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0]!.trim().replace(/:$/, '');
}
