import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { isCyclic } from '../../../src/core/openapi/acyclic';
import { analyzeOpenApiWithStrategy, forgetCachedSources, InlineEngine, OpenApiError, resolveOperation, setDocumentEngine, WorkerEngine } from '../../../src/infra/openapi/index';

const fixtures = path.resolve(__dirname, '../../fixtures/openapi');
const workerSource = path.resolve(__dirname, '../../../src/infra/openapi/worker.ts');

describe('parsing in a worker thread', () => {
  before(() => setDocumentEngine(new WorkerEngine(workerSource, { execArgv: ['--import', 'tsx'] })));
  after(() => setDocumentEngine(new InlineEngine()));
  beforeEach(() => forgetCachedSources());

  it('lists the same operations as in-thread parsing', async () => {
    const file = path.join(fixtures, 'corpus/kubernetes-1.12.swagger.json');
    const inWorker = await analyzeOpenApiWithStrategy(file);
    setDocumentEngine(new InlineEngine());
    const inThread = await analyzeOpenApiWithStrategy(file);
    setDocumentEngine(new WorkerEngine(workerSource, { execArgv: ['--import', 'tsx'] }));
    assert.deepEqual(inWorker, inThread);
  });

  it('hands cyclic schemas back across the thread boundary', async () => {
    const op = await resolveOperation(path.join(fixtures, 'corpus/kubernetes-1.12.swagger.json'), 'POST', '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions');
    assert.ok(isCyclic(op.requestBody!.contents[0]!.schema));
  });

  it('keeps the error kind and message of a bad document', async () => {
    await assert.rejects(analyzeOpenApiWithStrategy(path.join(fixtures, 'hostile/alias-bomb.yaml')), (e: unknown) => e instanceof OpenApiError && e.kind === 'invalid' && /alias bomb/.test(e.message));
  });

  it('re-sends the document when the worker was restarted in between', async () => {
    const file = path.join(fixtures, 'corpus/petstore.yaml');
    await analyzeOpenApiWithStrategy(file);
    setDocumentEngine(new WorkerEngine(workerSource, { execArgv: ['--import', 'tsx'] }));
    const op = await resolveOperation(file, 'GET', '/pets/{petId}');
    assert.equal(op.operationId, 'showPetById');
  });
});
