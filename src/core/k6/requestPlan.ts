// What one generated request sends, worked out from a resolved operation: example values for
// path, query, header and cookie parameters, the body, and how to authenticate. Plain data;
// the generator writes it into the script with jsData.
import { endpointKey, type ApiMediaType, type ApiParameter, type ApiSecurityScheme, type ResolvedOperation } from '../openapi/model';
import { exampleFromSchema, explicitExample } from './exampleValue';
import { defineKey, type JsonValue, toJsonValue } from './jsData';

export type BodyType = 'json' | 'form' | 'multipart' | 'text';

export interface RequestBodyPlan {
  type: BodyType;
  contentType: string;
  value: JsonValue;
  /** `json-patch`: the value is a JSON Patch (RFC 6902), a list of operations. */
  format?: 'json-patch';
}

/** A parameter the script leaves out because its name cannot go on the wire as written. */
export interface SkippedParameter {
  in: 'header' | 'query' | 'cookie';
  name: string;
  required: boolean;
}

export type AuthPlan = { type: 'bearer' } | { type: 'basic' } | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string };

export interface RequestPlan {
  name: string;
  method: string;
  path: string;
  pathParams: Record<string, JsonValue>;
  query: Record<string, JsonValue>;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: RequestBodyPlan | null;
  auth: AuthPlan[];
  expectedStatus: number;
  /** Left out: names that are not valid HTTP tokens (`X-Trace"\`${1}`), so the request would fail. */
  skipped: SkippedParameter[];
}

/**
 * Header parameters OpenAPI says to ignore (the body's media type and security set them). Yet
 * APIs such as PagerDuty's document a required `Accept` that carries the API version
 * (`application/vnd.pagerduty+json;version=2`) and a required `Content-Type` even on a GET, and
 * answer 406/415 without them: a documented value of those two is sent, Content-Type only when
 * there is no body (whose media type wins). Authorization always comes from security.
 */
function headerIsSetElsewhere(name: string, hasBody: boolean): boolean {
  const n = name.toLowerCase();
  return n === 'authorization' || (n === 'content-type' && hasBody);
}
const bodylessByDefault = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);

function parameterExample(p: ApiParameter): JsonValue | undefined {
  if (p.example !== undefined) {
    const v = toJsonValue(p.example);
    if (v !== undefined) return v;
  }
  return exampleFromSchema(p.schema, { name: p.name, maxDepth: 3 });
}

function hasExplicitValue(p: ApiParameter): boolean {
  return p.example !== undefined || (p.schema !== undefined && explicitExample(p.schema) !== undefined);
}

function scalar(v: JsonValue): string {
  return typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Serializes a query parameter by its style (form, spaceDelimited, pipeDelimited, deepObject). */
function addQuery(query: Record<string, JsonValue>, p: ApiParameter, value: JsonValue): void {
  const style = p.style ?? 'form';
  const explode = p.explode ?? style === 'form';
  if (Array.isArray(value)) {
    if (explode) defineKey(query, p.name, value.map(scalar));
    else defineKey(query, p.name, value.map(scalar).join(style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ','));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (style === 'deepObject') for (const [k, v] of entries) defineKey(query, `${p.name}[${k}]`, scalar(v));
    else if (explode) for (const [k, v] of entries) defineKey(query, k, scalar(v));
    else defineKey(query, p.name, entries.flatMap(([k, v]) => [k, scalar(v)]).join(','));
    return;
  }
  defineKey(query, p.name, value);
}

/** Path parameters (style simple): arrays and objects as comma-separated values. */
function pathValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(scalar).join(',');
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, scalar(v)]).join(',');
  return value;
}

/** RFC 9110 `token`: what a header or cookie name may be made of. */
const httpToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Query names are percent-encoded on the wire; brackets (`page[size]`, deepObject) are common and fine. */
const queryName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z[\]]+$/;

export function isHttpToken(name: string): boolean {
  return httpToken.test(name);
}

function validName(where: SkippedParameter['in'], name: string): boolean {
  return (where === 'query' ? queryName : httpToken).test(name);
}

function mediaTypeOf(m: string): string {
  return m.toLowerCase().split(';')[0].trim();
}

const jsonPatch = 'application/json-patch+json';
const patchOps = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * A JSON Patch body: the document's example when it is a list of operations, else the sample
 * built from an array schema when its items are operations, else an empty patch (valid, changes
 * nothing) for the user to fill in.
 */
function jsonPatchValue(explicit: JsonValue | undefined, sampled: JsonValue | undefined): JsonValue {
  const isOps = (v: JsonValue | undefined): v is JsonValue[] =>
    Array.isArray(v) && v.every((o) => o !== null && typeof o === 'object' && !Array.isArray(o) && typeof o.op === 'string' && patchOps.has(o.op) && typeof o.path === 'string' && (o.path === '' || o.path.startsWith('/')));
  if (isOps(explicit)) return explicit;
  if (isOps(sampled)) return sampled;
  return [];
}

function isJsonMedia(m: string): boolean {
  const t = m.toLowerCase().split(';')[0].trim();
  return t === 'application/json' || t.endsWith('+json') || t === '*/*' || t === 'application/*' || t === 'text/json';
}

function chooseContent(contents: ApiMediaType[]): { media: ApiMediaType; type: BodyType } | undefined {
  const by = (test: (t: string) => boolean) => contents.find((c) => test(mediaTypeOf(c.mediaType)));
  // A JSON Patch only when nothing else is offered: a merge patch (or plain JSON) is an object like the resource.
  const json = contents.find((c) => isJsonMedia(c.mediaType) && mediaTypeOf(c.mediaType) !== jsonPatch) ?? contents.find((c) => isJsonMedia(c.mediaType));
  if (json) return { media: json, type: 'json' };
  const form = by((t) => t === 'application/x-www-form-urlencoded');
  if (form) return { media: form, type: 'form' };
  const multipart = by((t) => t === 'multipart/form-data');
  if (multipart) return { media: multipart, type: 'multipart' };
  const text = by((t) => t.startsWith('text/')) ?? contents[0];
  return text ? { media: text, type: 'text' } : undefined;
}

/** Form fields are flat strings: nested objects become `a[b]`, arrays `a[0]` (the deepObject convention). */
function flattenForm(value: JsonValue, prefix: string, out: Record<string, string>): void {
  if (Array.isArray(value)) value.forEach((v, i) => flattenForm(v, `${prefix}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flattenForm(v, prefix ? `${prefix}[${k}]` : k, out);
  else if (prefix) defineKey(out, prefix, scalar(value));
}

function bodyPlan(op: ResolvedOperation): RequestBodyPlan | null {
  const rb = op.requestBody;
  if (!rb || rb.contents.length === 0) return null;
  const chosen = chooseContent(rb.contents);
  if (!chosen) return null;
  const { media, type } = chosen;
  const explicit = media.example !== undefined ? toJsonValue(media.example) : undefined;
  // GET/DELETE bodies are unusual; send one only when the document insists.
  if (!rb.required && bodylessByDefault.has(op.method)) return null;
  let contentType = media.mediaType;
  if (type === 'json' && mediaTypeOf(contentType) === jsonPatch) {
    return { type, contentType, value: jsonPatchValue(explicit, exampleFromSchema(media.schema, { forRequest: true })), format: 'json-patch' };
  }
  let value: JsonValue = explicit ?? exampleFromSchema(media.schema, { forRequest: true }) ?? (type === 'text' ? '' : {});
  if (type === 'json' && !/json/i.test(contentType)) contentType = 'application/json';
  if (type === 'form' || type === 'multipart') {
    const fields: Record<string, string> = {};
    flattenForm(value, '', fields);
    value = fields;
  }
  if (type === 'text' && typeof value !== 'string') value = JSON.stringify(value);
  return { type, contentType, value };
}

function authPlan(security: ApiSecurityScheme[][]): AuthPlan[] {
  const one = (s: ApiSecurityScheme): AuthPlan | undefined => {
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'basic') return { type: 'basic' };
    if (s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect') return { type: 'bearer' };
    // `in` is checked against the three values rather than trusted: it is written into code.
    if (s.type === 'apiKey' && s.paramName && (s.in === 'header' || s.in === 'query' || s.in === 'cookie') && validName(s.in, s.paramName)) return { type: 'apiKey', in: s.in, name: s.paramName };
    return undefined;
  };
  for (const alternative of security) {
    const plans = alternative.map(one);
    if (plans.every((p): p is AuthPlan => p !== undefined)) return plans;
  }
  return [];
}

export function planRequest(op: ResolvedOperation): RequestPlan {
  const plan: RequestPlan = {
    name: endpointKey(op),
    method: op.method,
    path: op.path,
    pathParams: {},
    query: {},
    headers: {},
    cookies: {},
    body: bodyPlan(op),
    auth: op.security.length > 0 ? authPlan(op.security) : [],
    expectedStatus: op.expectedStatus || 200,
    skipped: [],
  };
  const templateNames = new Set([...op.path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]));
  for (const p of op.parameters) {
    if (p.in === 'path') {
      if (!templateNames.has(p.name)) continue;
      defineKey(plan.pathParams, p.name, pathValue(parameterExample(p) ?? '1'));
      continue;
    }
    if (!p.required && !hasExplicitValue(p)) continue;
    if (!validName(p.in, p.name)) {
      plan.skipped.push({ in: p.in, name: p.name, required: p.required });
      continue;
    }
    const value = parameterExample(p);
    if (value === undefined) continue;
    if (p.in === 'query') addQuery(plan.query, p, value);
    else if (p.in === 'header' && !headerIsSetElsewhere(p.name, plan.body !== null)) defineKey(plan.headers, p.name, Array.isArray(value) ? value.map(scalar).join(',') : scalar(value));
    else if (p.in === 'cookie') defineKey(plan.cookies, p.name, scalar(value));
  }
  // A template variable the document forgot to declare still needs a value.
  for (const name of templateNames) if (!Object.prototype.hasOwnProperty.call(plan.pathParams, name)) defineKey(plan.pathParams, name, /id$/i.test(name) ? '1' : 'example');
  return plan;
}

/**
 * An operation known only by method and path (a route found in source, or an endpoint whose
 * document cannot be read now): path parameters as strings, no body, no auth, expecting 2xx.
 */
export function bareOperation(method: ResolvedOperation['method'], path: string): ResolvedOperation {
  const names = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
  return {
    method,
    path,
    tags: [],
    deprecated: false,
    parameters: names.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } })),
    security: [],
    expectedStatus: method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200,
  };
}
