// One operation with its parameters, request body and security resolved — on demand, from
// the document as written. Swagger 2.0 is mapped onto the same shape: `in: body` and
// `in: formData` parameters become the request body, `consumes` its media types, and
// `securityDefinitions` its security schemes.
import { OpenApiError } from './errors';
import { detectSpecVersion, summarize } from './listOperations';
import type { ApiMediaType, ApiParameter, ApiRequestBody, ApiSecurityScheme, HttpMethod, JsonSchema, ResolvedOperation } from './model';
import { operationServer } from './operationServers';
import { operationAt, pathItemAt } from './pathItems';
import { type Base, type DocumentLoader, RefResolver } from './refResolver';
import { isRecord, type Json, own, ownArray, ownRecord, ownString, setOwn } from './safeObject';

export interface ResolveContext {
  /** Where the document was read from; relative `$ref`s and server URLs resolve against it. */
  documentUrl?: string;
  /** Other documents: the files of a split document, http(s) documents already fetched. */
  loader?: DocumentLoader;
  /** The user allows `$ref`s to other http(s) documents. */
  allowRemote?: boolean;
}

/**
 * Resolves operations of one parsed document. Reuse one instance for many operations of the
 * same document: referenced schemas are copied once and shared between them.
 */
export class OperationResolver {
  private readonly refs: RefResolver;
  private readonly swagger2: boolean;

  constructor(
    private readonly doc: unknown,
    context: ResolveContext = {},
  ) {
    this.swagger2 = detectSpecVersion(doc) === '2.0';
    this.refs = new RefResolver(doc, context.documentUrl, context.loader, context.allowRemote);
  }

  /** The parsed document it resolves operations of. */
  get document(): unknown {
    return this.doc;
  }

  /** The resolver's `$ref` reader, shared with the listing so both read each file once. */
  get refResolver(): RefResolver {
    return this.refs;
  }

  /** http(s) documents that `$ref`s pointed at but that were not in `context.external`. */
  get missingExternal(): ReadonlySet<string> {
    return this.refs.missingExternal;
  }

  resolve(method: HttpMethod, path: string): ResolvedOperation {
    try {
      return this.resolveOne(method, path);
    } catch (err) {
      // Schemas nested thousands deep (a hostile document) overflow the recursive copy.
      if (err instanceof RangeError) throw new OpenApiError('invalid', `${method} ${path} nests its schemas too deeply to be resolved.`);
      throw err;
    }
  }

  private resolveOne(method: HttpMethod, path: string): ResolvedOperation {
    const paths = ownRecord(this.doc, 'paths');
    // Problems met while resolving this operation (schemas shared with an earlier one are not re-reported).
    this.refs.problems.clear();
    const at = paths ? pathItemAt(this.refs, paths, path) : undefined;
    const found = at && !('error' in at) ? operationAt(this.refs, at, method.toLowerCase()) : undefined;
    if (!at || 'error' in at || !found || (!found.op && found.error === 'it is not an object')) throw new OpenApiError('operation-not-found', `The document has no operation ${method} ${path}.`);
    if (!found.op) {
      // Known to exist, details unreadable: resolved as bare as it is, and saying why.
      return { method, path, tags: [], deprecated: false, warning: found.error, parameters: [], security: this.security({}), expectedStatus: 200, warnings: [found.error] };
    }
    const { op, base: opBase } = found;
    const problems = new Set<string>();
    const rawParams = this.mergeParameters(ownArray(at.item, 'parameters') ?? [], at.base, ownArray(op, 'parameters') ?? [], opBase);
    const parameters: ApiParameter[] = [];
    let requestBody: ApiRequestBody | undefined;
    const formParams: Json[] = [];
    for (const { p, base } of rawParams) {
      const where = ownString(p, 'in');
      if (this.swagger2 && where === 'body') requestBody = this.swagger2Body(p, op, base);
      else if (this.swagger2 && where === 'formData') formParams.push(p);
      else if (where === 'path' || where === 'query' || where === 'header' || where === 'cookie') parameters.push(this.parameter(p, where, base));
    }
    if (formParams.length) requestBody = this.swagger2FormBody(formParams, op, opBase);
    if (!this.swagger2 && own(op, 'requestBody') !== undefined) requestBody = this.openApi3Body(own(op, 'requestBody'), opBase);
    for (const problem of this.refs.problems) problems.add(problem);
    const resolved: ResolvedOperation = {
      ...summarize(method, path, op),
      parameters,
      security: this.security(op),
      expectedStatus: expectedStatus(ownRecord(op, 'responses')),
    };
    if (requestBody) resolved.requestBody = requestBody;
    if (!this.swagger2) {
      const { server, warning } = operationServer(this.doc, at.item, op);
      if (server) resolved.server = server;
      if (warning) problems.add(warning);
    }
    if (problems.size) resolved.warnings = [...problems];
    return resolved;
  }

  /** Path-level parameters, overridden by operation-level ones with the same name and location. */
  private mergeParameters(pathLevel: unknown[], pathBase: Base, opLevel: unknown[], opBase: Base): { p: Json; base: Base }[] {
    const byKey = new Map<string, { p: Json; base: Base }>();
    const raws = [...pathLevel.map((raw) => ({ raw, base: pathBase })), ...opLevel.map((raw) => ({ raw, base: opBase }))];
    for (const { raw, base } of raws) {
      const followed = this.refs.shallow(raw, base);
      const p = followed.value;
      if (!isRecord(p)) continue;
      const name = ownString(p, 'name');
      const where = ownString(p, 'in');
      if (name === undefined || where === undefined) continue;
      byKey.set(`${where}\u0000${name}`, { p, base: followed.base });
    }
    return [...byKey.values()];
  }

  private parameter(p: Json, where: ApiParameter['in'], base: Base): ApiParameter {
    const out: ApiParameter = { name: ownString(p, 'name') ?? '', in: where, required: where === 'path' || own(p, 'required') === true };
    const schema = this.parameterSchema(p, base);
    if (schema) out.schema = schema;
    const example = firstExample(p, this.refs, base) ?? (this.swagger2 ? own(p, 'x-example') : undefined) ?? own(schema, 'example');
    if (example !== undefined) out.example = example;
    const style = ownString(p, 'style') ?? swagger2Style(ownString(p, 'collectionFormat'));
    if (style) out.style = style;
    const explode = own(p, 'explode') ?? (ownString(p, 'collectionFormat') === 'multi' ? true : undefined);
    if (typeof explode === 'boolean') out.explode = explode;
    return out;
  }

  private parameterSchema(p: Json, base: Base): JsonSchema | undefined {
    if (own(p, 'schema') !== undefined) return asSchema(this.refs.deep(own(p, 'schema'), base));
    const content = ownRecord(p, 'content');
    if (content) {
      const first = Object.keys(content)[0];
      if (first !== undefined) {
        const media = this.refs.shallow(content[first], base);
        return asSchema(this.refs.deep(own(media.value, 'schema'), media.base));
      }
    }
    if (!this.swagger2) return undefined;
    // Swagger 2.0 non-body parameters carry their schema keywords inline.
    const schema: Json = {};
    for (const key of ['type', 'format', 'items', 'enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems']) {
      if (own(p, key) !== undefined) setOwn(schema, key, key === 'items' ? this.refs.deep(own(p, key), base) : own(p, key));
    }
    return Object.keys(schema).length ? schema : undefined;
  }

  private openApi3Body(raw: unknown, opBase: Base): ApiRequestBody | undefined {
    const followed = this.refs.shallow(raw, opBase);
    const body = followed.value;
    if (!isRecord(body)) return undefined;
    const contents: ApiMediaType[] = [];
    const content = ownRecord(body, 'content') ?? {};
    for (const mediaType of Object.keys(content)) {
      const { value: media, base } = this.refs.shallow(content[mediaType], followed.base);
      const entry: ApiMediaType = { mediaType };
      const schema = own(media, 'schema') !== undefined ? asSchema(this.refs.deep(own(media, 'schema'), base)) : undefined;
      if (schema) entry.schema = schema;
      const example = firstExample(media, this.refs, base) ?? own(schema, 'example');
      if (example !== undefined) entry.example = example;
      contents.push(entry);
    }
    return { required: own(body, 'required') === true, contents };
  }

  private consumes(op: Json): string[] {
    const list = ownArray(op, 'consumes') ?? ownArray(this.doc, 'consumes') ?? [];
    const types = list.filter((t): t is string => typeof t === 'string' && t.length > 0);
    return types.length ? [...new Set(types)] : ['application/json'];
  }

  private swagger2Body(p: Json, op: Json, base: Base): ApiRequestBody {
    const schema = asSchema(this.refs.deep(own(p, 'schema'), base));
    const example = own(schema, 'example') ?? own(p, 'x-example');
    const contents = this.consumes(op).map((mediaType) => {
      const entry: ApiMediaType = { mediaType };
      if (schema) entry.schema = schema;
      if (example !== undefined) entry.example = example;
      return entry;
    });
    return { required: own(p, 'required') === true, contents };
  }

  private swagger2FormBody(params: Json[], op: Json, base: Base): ApiRequestBody {
    const properties: Json = {};
    const required: string[] = [];
    for (const p of params) {
      const name = ownString(p, 'name') ?? '';
      setOwn(properties, name, this.parameterSchema(p, base) ?? {});
      if (own(p, 'required') === true) required.push(name);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const hasFile = params.some((p) => own(p, 'type') === 'file');
    const declared = this.consumes(op).filter((t) => t === 'multipart/form-data' || t === 'application/x-www-form-urlencoded');
    const types = declared.length ? declared : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
    return { required: required.length > 0, contents: types.map((mediaType) => ({ mediaType, schema })) };
  }

  private security(op: Json): ApiSecurityScheme[][] {
    const requirements = ownArray(op, 'security') ?? ownArray(this.doc, 'security') ?? [];
    const defs = this.swagger2 ? ownRecord(this.doc, 'securityDefinitions') : ownRecord(ownRecord(this.doc, 'components'), 'securitySchemes');
    const alternatives: ApiSecurityScheme[][] = [];
    for (const req of requirements) {
      if (!isRecord(req)) continue;
      const all: ApiSecurityScheme[] = [];
      for (const name of Object.keys(req)) {
        const scheme = this.securityScheme(name, this.refs.shallow(own(defs, name)).value);
        if (scheme) all.push(scheme);
      }
      alternatives.push(all);
    }
    // `[{}]` (or only unknown schemes) means "no authentication needed".
    return alternatives.some((a) => a.length === 0) && alternatives.every((a) => a.length === 0) ? [] : alternatives;
  }

  private securityScheme(name: string, def: unknown): ApiSecurityScheme | undefined {
    const type = ownString(def, 'type');
    if (type === 'basic') return { name, type: 'http', scheme: 'basic' };
    if (type === 'http') {
      const s: ApiSecurityScheme = { name, type: 'http' };
      const scheme = ownString(def, 'scheme');
      if (scheme) s.scheme = scheme.toLowerCase();
      return s;
    }
    if (type === 'apiKey') {
      const where = ownString(def, 'in');
      const s: ApiSecurityScheme = { name, type: 'apiKey' };
      if (where === 'header' || where === 'query' || where === 'cookie') s.in = where;
      const paramName = ownString(def, 'name');
      if (paramName) s.paramName = paramName;
      return s;
    }
    if (type === 'oauth2' || type === 'openIdConnect' || type === 'mutualTLS') return { name, type };
    return undefined;
  }
}

/** Resolves one operation of a parsed document (see OperationResolver for many). */
export function resolveOperationIn(doc: unknown, method: HttpMethod, path: string, context: ResolveContext = {}): ResolvedOperation {
  return new OperationResolver(doc, context).resolve(method, path);
}

function asSchema(v: unknown): JsonSchema | undefined {
  return isRecord(v) ? v : undefined;
}

/** `example`, else the value of the first entry of `examples` (OpenAPI 3 Example objects). */
function firstExample(node: unknown, refs: RefResolver, base: Base): unknown {
  if (own(node, 'example') !== undefined) return own(node, 'example');
  const examples = ownRecord(node, 'examples');
  if (!examples) return undefined;
  for (const key of Object.keys(examples)) {
    const ex = refs.shallow(examples[key], base).value;
    if (own(ex, 'value') !== undefined) return own(ex, 'value');
  }
  return undefined;
}

function swagger2Style(collectionFormat: string | undefined): string | undefined {
  switch (collectionFormat) {
    case 'ssv':
      return 'spaceDelimited';
    case 'pipes':
      return 'pipeDelimited';
    case 'csv':
    case 'multi':
      return 'form';
    default:
      return undefined;
  }
}

/** The first 2xx status the operation documents (lowest), `2XX` as 200, or 200. */
export function expectedStatus(responses: Json | undefined): number {
  if (!responses) return 200;
  const codes = Object.keys(responses)
    .filter((k) => /^2\d\d$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}
