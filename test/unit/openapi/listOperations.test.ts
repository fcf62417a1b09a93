import { strict as assert } from 'node:assert';
import { listOperations } from '../../../src/core/openapi/listOperations';
import { OpenApiError } from '../../../src/core/openapi/errors';
import { fixtureDoc } from './fixtures';

describe('listOperations (endpoint list from paths only)', () => {
  it('lists every Stripe operation with tags-less ones, deprecated flags and the server', () => {
    const d = listOperations(fixtureDoc('corpus/stripe-2022-04-12.spec3.json'));
    assert.equal(d.specVersion, '3.0.0');
    assert.equal(d.title, 'Stripe API');
    assert.equal(d.operations.length, 417);
    assert.equal(d.operations.filter((o) => o.method === 'GET').length, 197);
    assert.equal(d.operations.filter((o) => o.method === 'POST').length, 184);
    assert.equal(d.operations.filter((o) => o.deprecated).length, 15);
    assert.deepEqual(d.servers, ['https://api.stripe.com']);
    assert.deepEqual(d.warnings, []);
  });

  it('lists Kubernetes 1.12 (Swagger 2.0) and warns about duplicate operationIds without failing', () => {
    const d = listOperations(fixtureDoc('corpus/kubernetes-1.12.swagger.json'));
    assert.equal(d.specVersion, '2.0');
    assert.equal(d.operations.length, 826);
    const counts = Object.fromEntries(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'].map((m) => [m, d.operations.filter((o) => o.method === m).length]));
    assert.deepEqual(counts, { GET: 311, PUT: 130, POST: 97, DELETE: 148, PATCH: 128, HEAD: 6, OPTIONS: 6 });
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0]!, /^176 operationIds are used by more than one operation/);
    const createApiService = d.operations.filter((o) => o.operationId === 'createAPIService');
    assert.deepEqual(createApiService.map((o) => o.tags[0]).sort(), ['apiregistration_v1', 'apiregistration_v1beta1']);
  });

  it('derives Swagger 2.0 servers from schemes, host and basePath', () => {
    const d = listOperations(fixtureDoc('corpus/v2-petstore.json'));
    assert.deepEqual(d.servers, ['http://petstore.swagger.io/v1']);
    assert.deepEqual(
      d.operations.map((o) => `${o.method} ${o.path} ${o.operationId} [${o.tags.join()}]`),
      ['GET /pets listPets [pets]', 'POST /pets createPets [pets]', 'GET /pets/{petId} showPetById [pets]'],
    );
  });

  it('takes the host from the document URL when a Swagger 2.0 document has none', () => {
    const doc = { swagger: '2.0', info: { title: 't', version: '1' }, basePath: '/api', paths: {} };
    assert.deepEqual(listOperations(doc, 'https://example.test:8443/spec/swagger.json').servers, ['https://example.test:8443/api']);
  });

  it('fills OpenAPI server variables with their defaults and makes relative servers absolute', () => {
    assert.deepEqual(listOperations(fixtureDoc('corpus/uspto.yaml')).servers, ['https://developer.uspto.gov/ds-api']);
    const rel = { openapi: '3.1.0', info: { title: 't', version: '1' }, servers: [{ url: '/v3' }], paths: {} };
    assert.deepEqual(listOperations(rel, 'http://127.0.0.1:9/api/openapi.json').servers, ['http://127.0.0.1:9/v3']);
  });

  it('uses the first line of the description when there is no summary', () => {
    const doc = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { description: 'First line.\nMore text.', responses: {} } } } };
    assert.equal(listOperations(doc).operations[0]!.summary, 'First line.');
  });

  it('keeps malformed path items as warnings and lists the rest', () => {
    const doc = { openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/ok': { get: {} }, '/bad': 'nope', 'no-slash': { post: {} }, '/m': { get: 5 } } };
    const d = listOperations(doc);
    assert.deepEqual(d.operations.map((o) => `${o.method} ${o.path}`), ['GET /ok', 'POST no-slash']);
    assert.equal(d.warnings.length, 3);
  });

  it('rejects documents that are not OpenAPI with a reason', () => {
    assert.throws(() => listOperations({ hello: 'world' }), (e: OpenApiError) => e.kind === 'not-openapi' && /no "openapi" or "swagger" field/.test(e.message));
    assert.throws(() => listOperations(fixtureDoc('hostile/swagger-1.2.json')), (e: OpenApiError) => e.kind === 'not-openapi');
    assert.throws(() => listOperations({ openapi: '4.0.0' }), (e: OpenApiError) => e.kind === 'unsupported' && /4\.0\.0/.test(e.message));
  });
});
