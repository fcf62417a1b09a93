// Requests from documents that are easy to get wrong, sent by generated scripts through the k6
// stand-in to a recording server: JSON Patch bodies, merge patches, and parameter names that
// are not valid HTTP tokens.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { generateK6Script, validateScript } from '../../../src/core/k6';
import { resolveAllOperations } from '../../../src/infra/openapi';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6Script } from '../../support/k6shim';

const spec = path.resolve(__dirname, '../../fixtures/openapi/odd/odd-requests.yaml');

describe('generated scripts for odd requests', function () {
  this.timeout(60000);
  let echo: EchoServer;
  before(async () => (echo = await startEchoServer((a) => (a.path.startsWith('/gadgets') ? 204 : a.method === 'PUT' ? 202 : 200))));
  after(() => echo?.close());

  it('sends JSON Patch bodies as lists of operations, a merge patch when offered, and leaves out names that are not HTTP tokens', async () => {
    const operations = await resolveAllOperations(spec);
    const text = generateK6Script({ operations, baseUrl: 'http://localhost:1', profile: 'smoke' });
    assert.deepEqual(validateScript(text).filter((d) => d.severity === 'error'), []);
    assert.ok(!text.includes('X-Trace"`${1}'), 'the raw name never appears outside a JSON string');
    const run = await runK6Script(text, { env: { BASE_URL: echo.url } });
    assert.deepEqual(run.errors, []);
    const byPath = (method: string, p: string) => echo.arrived.find((a) => a.method === method && a.path === p)!;

    const patch = byPath('PATCH', '/widgets/7');
    assert.equal(patch.headers['content-type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(patch.body.toString()), [{ op: 'replace', path: '/name', value: 'renamed' }]);

    const merge = byPath('PUT', '/widgets/7');
    assert.equal(merge.headers['content-type'], 'application/merge-patch+json');
    assert.deepEqual(JSON.parse(merge.body.toString()), { name: 'merged' });

    const gadget = byPath('PATCH', '/gadgets/1');
    assert.equal(gadget.headers['content-type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(gadget.body.toString()), [], 'no operations can be made up: an empty patch, valid JSON Patch');

    const search = byPath('GET', '/search');
    assert.equal(search.headers['x-request-id'], 'req-1');
    assert.ok(!search.rawHeaders.some(([name]) => name.startsWith('X-Trace')));
    assert.equal(search.query, 'page%5Bsize%5D=20');
    assert.equal(search.headers.cookie, 'theme=dark');
    assert.deepEqual(run.checks.map((c) => c.passed), [true, true, true, true]);
  });
});
