import { strict as assert } from 'node:assert';
import { isCyclic, toAcyclic } from '../../../src/core/openapi/acyclic';
import { OpenApiError } from '../../../src/core/openapi/errors';
import { listOperations } from '../../../src/core/openapi/listOperations';
import type { JsonSchema } from '../../../src/core/openapi/model';
import { OperationResolver, resolveOperationIn } from '../../../src/core/openapi/resolveOperation';
import { fixtureDoc } from './fixtures';

const props = (s: JsonSchema | undefined) => (s?.properties ?? {}) as Record<string, JsonSchema>;

describe('resolveOperation (one operation on demand)', () => {
  it('merges path-level and operation-level parameters, the operation winning', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/pets/{petId}': {
          parameters: [
            { name: 'petId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
          ],
          get: { parameters: [{ name: 'verbose', in: 'query', required: true, schema: { type: 'integer' } }, { $ref: '#/components/parameters/Limit' }], responses: { '404': {}, '204': {}, '200': {} } },
        },
      },
      components: { parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 50 }, example: 5 } } },
    };
    const op = resolveOperationIn(doc, 'GET', '/pets/{petId}');
    assert.deepEqual(
      op.parameters.map((p) => `${p.in}:${p.name}:${p.required}:${String(p.schema?.type)}`),
      ['path:petId:true:string', 'query:verbose:true:integer', 'query:limit:false:integer'],
    );
    assert.equal(op.parameters[2]!.example, 5);
    assert.equal(op.expectedStatus, 200);
  });

  it('a resolved operation carries the same method, path, ids, summary, tags and deprecation as the listed one', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/old': { get: { operationId: 'old', tags: ['a', 'a', '', 'b'], description: '\n  Only a description.\nMore text.', deprecated: true, responses: {} } } },
    };
    const [listed] = listOperations(doc).operations;
    const { method, path, operationId, summary, tags, deprecated } = resolveOperationIn(doc, 'GET', '/old');
    assert.deepEqual({ method, path, operationId, summary, tags, deprecated }, listed);
    assert.equal(summary, 'Only a description.');
  });

  it('resolves the Petstore body and the first 2xx status', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/petstore.yaml'), 'POST', '/pets');
    assert.equal(op.operationId, 'createPets');
    assert.equal(op.expectedStatus, 201);
    assert.deepEqual(op.requestBody?.contents.map((c) => c.mediaType), ['application/json']);
    assert.deepEqual(Object.keys(props(op.requestBody?.contents[0]!.schema)), ['id', 'name', 'tag']);
  });

  it('maps Swagger 2.0 body parameters and consumes to a request body, securityDefinitions to schemes', () => {
    const doc = fixtureDoc('corpus/kubernetes-1.12.swagger.json');
    const op = resolveOperationIn(doc, 'PATCH', '/api/v1/namespaces/{namespace}/pods/{name}');
    assert.deepEqual(op.requestBody?.contents.map((c) => c.mediaType), ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
    assert.deepEqual(op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort(), ['name', 'namespace']);
    assert.deepEqual(op.security, [[{ name: 'BearerToken', type: 'apiKey', in: 'header', paramName: 'authorization' }]]);
  });

  it('turns Swagger 2.0 formData parameters into a form body', () => {
    const doc = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: { '/up': { post: { consumes: ['multipart/form-data'], parameters: [{ name: 'file', in: 'formData', type: 'file', required: true }, { name: 'note', in: 'formData', type: 'string' }], responses: { 201: {} } } } },
      securityDefinitions: { basic: { type: 'basic' } },
      security: [{ basic: [] }],
    };
    const op = resolveOperationIn(doc, 'POST', '/up');
    assert.equal(op.requestBody?.contents[0]!.mediaType, 'multipart/form-data');
    assert.deepEqual(op.requestBody?.contents[0]!.schema?.required, ['file']);
    assert.deepEqual(op.security, [[{ name: 'basic', type: 'http', scheme: 'basic' }]]);
    assert.equal(op.expectedStatus, 201);
  });

  it('maps global OpenAPI 3 security, and an empty requirement to "no auth"', () => {
    const doc = fixtureDoc('corpus/stripe-2022-04-12.spec3.json');
    const op = resolveOperationIn(doc, 'GET', '/v1/customers');
    assert.deepEqual(op.security.map((alt) => alt.map((s) => `${s.type}/${s.scheme}`)), [['http/basic'], ['http/bearer']]);
    const open = { openapi: '3.0.0', info: { title: 't', version: '1' }, security: [{ key: [] }], components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' } } }, paths: { '/a': { get: { security: [{}] } } } };
    assert.deepEqual(resolveOperationIn(open, 'GET', '/a').security, []);
  });

  it('resolves Stripe\'s cyclic schemas into a cyclic graph without recursing forever', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/stripe-2022-04-12.spec3.json'), 'POST', '/v1/customers');
    assert.equal(op.requestBody?.contents[0]!.mediaType, 'application/x-www-form-urlencoded');
    const resolver = new OperationResolver(fixtureDoc('corpus/stripe-2022-04-12.spec3.json'));
    const all = listOperations(fixtureDoc('corpus/stripe-2022-04-12.spec3.json')).operations.map((o) => resolver.resolve(o.method, o.path));
    assert.equal(all.length, 417);
    assert.ok(all.every((o) => o.requestBody !== undefined), 'every Stripe operation has a body');
    const safe = JSON.stringify(toAcyclic(all));
    assert.ok(safe.length > 1000);
  });

  it('keeps the Kubernetes self-referential JSONSchemaProps cyclic, and toAcyclic makes it serializable', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/kubernetes-1.12.swagger.json'), 'POST', '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions');
    const body = op.requestBody!.contents[0]!.schema!;
    assert.ok(isCyclic(body));
    assert.throws(() => JSON.stringify(body), /circular/i);
    const text = JSON.stringify(toAcyclic(body));
    assert.match(text, /"x-circular":true/);
  });

  it('handles circular $refs and a $ref chain that loops (small document)', () => {
    const doc = fixtureDoc('hostile/circular.yaml');
    const op = resolveOperationIn(doc, 'POST', '/nodes');
    const node = op.requestBody!.contents[0]!.schema!;
    assert.equal(props(node).self, node, 'a self reference is the same object');
    assert.equal((props(node).children!.items as JsonSchema), node);
    assert.equal(props(props(node).other).back, node);
    const loop = resolveOperationIn(doc, 'GET', '/loop');
    assert.deepEqual(loop.parameters, [], 'a $ref chain that never ends yields no parameter');
  });

  it('reads nothing itself: asks its loader for files inside the document\'s folder only, refusing the others by name', () => {
    const asked: string[] = [];
    const loader = { load: (url: string) => (asked.push(url), { doc: { Secret: { type: 'string', example: 'inside' } } }) };
    const op = resolveOperationIn(fixtureDoc('hostile/escaping-refs.yaml'), 'POST', '/a', { documentUrl: 'file:///work/api/openapi.yaml', loader });
    assert.deepEqual(asked, ['file:///work/api/models/secret.yaml']);
    const reason = (name: string) => String(op.parameters.find((p) => p.name === name)!.schema!['x-unresolved']);
    assert.equal(op.parameters.find((p) => p.name === 'inside')!.schema!.example, 'inside');
    for (const name of ['up', 'sneaky', 'encoded']) assert.match(reason(name), /leads outside the document's folder/, name);
    assert.match(reason('absolute'), /\/etc\/passwd#\/x is an absolute path/);
    assert.match(reason('fileurl'), /file:\/\/\/etc\/passwd#\/x is a file: URL/);
    assert.ok(op.warnings!.some((w) => w.includes('../secret.yaml#/Secret')), 'the warning names the ref');
    const remote = resolveOperationIn(fixtureDoc('hostile/local-ref.yaml'), 'POST', '/a', { documentUrl: 'http://127.0.0.1:9/local-ref.yaml', loader, allowRemote: true });
    assert.match(String(remote.parameters.find((p) => p.name === 'p')!.schema!['x-unresolved']), /file: URL/, 'a remote document never reaches local files');
  });

  it('asks for external http(s) documents instead of fetching them, and uses them when given', () => {
    const doc = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: { $ref: 'models.json#/Thing' } } } } } } } };
    const off = new OperationResolver(doc, { documentUrl: 'http://127.0.0.1:9/api/openapi.json' });
    assert.match(String(off.resolve('POST', '/a').requestBody!.contents[0]!.schema!['x-unresolved']), /external \$refs are not followed/);
    assert.deepEqual([...off.missingExternal], [], 'not asked for when the user does not allow external refs');
    const first = new OperationResolver(doc, { documentUrl: 'http://127.0.0.1:9/api/openapi.json', allowRemote: true });
    assert.match(String(first.resolve('POST', '/a').requestBody!.contents[0]!.schema!['x-unresolved']), /was not read/);
    assert.deepEqual([...first.missingExternal], ['http://127.0.0.1:9/api/models.json']);
    const external = new Map([['http://127.0.0.1:9/api/models.json', { Thing: { type: 'object', properties: { id: { type: 'integer' } } } }]]);
    const loader = { load: (url: string) => (external.has(url) ? { doc: external.get(url) } : undefined) };
    const second = new OperationResolver(doc, { documentUrl: 'http://127.0.0.1:9/api/openapi.json', loader, allowRemote: true });
    assert.deepEqual(Object.keys(props(second.resolve('POST', '/a').requestBody!.contents[0]!.schema)), ['id']);
  });

  it('says which operation is missing', () => {
    assert.throws(() => resolveOperationIn(fixtureDoc('corpus/petstore.yaml'), 'DELETE', '/pets'), (e: OpenApiError) => e.kind === 'operation-not-found' && /DELETE \/pets/.test(e.message));
  });

  it('takes examples from the media type, its examples map, or the schema', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/a': {
          post: {
            parameters: [{ name: 'q', in: 'query', examples: { first: { value: 'x1' } }, schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { examples: { one: { $ref: '#/components/examples/E' } } }, 'text/plain': { schema: { type: 'string', example: 'hi' } } } },
          },
        },
      },
      components: { examples: { E: { value: { a: 1 } } } },
    };
    const op = resolveOperationIn(doc, 'POST', '/a');
    assert.equal(op.parameters[0]!.example, 'x1');
    assert.deepEqual(op.requestBody!.contents.map((c) => c.example), [{ a: 1 }, 'hi']);
  });
});
