import { strict as assert } from 'node:assert';
import { baseUrlProblem, externalServerId, normalizeBaseUrl, specSourceProblem } from '../../../src/app/endpoints/serverInput';
import { documentToEndpoints } from '../../../src/app/endpoints/servers';
import type { ApiDocument } from '../../../src/core/openapi/model';

describe('Register Server input checks', () => {
  it('explains what is wrong with a base URL, inline', () => {
    assert.equal(baseUrlProblem('http://127.0.0.1:8000'), undefined);
    assert.match(baseUrlProblem('')!, /Enter the server's base URL/);
    // Without a scheme, http:// is assumed (as a browser's address bar does).
    assert.equal(baseUrlProblem('127.0.0.1:8000'), undefined);
    assert.equal(baseUrlProblem('localhost:8081/api'), undefined);
    assert.equal(normalizeBaseUrl('localhost:8081/api'), 'http://localhost:8081/api');
    assert.equal(externalServerId('localhost:8081/api'), 'ext:localhost:8081/api');
    assert.match(baseUrlProblem('local host')!, /Not a URL/);
    assert.match(baseUrlProblem('javascript:alert(1)')!, /Only http and https/);
    assert.match(baseUrlProblem('ftp://x')!, /Only http and https servers/);
    assert.match(baseUrlProblem('https://user:pw@api.test')!, /credentials out of the URL/);
  });

  it('accepts an empty, http(s) or file document location and refuses other schemes', () => {
    for (const ok of ['', 'http://x/openapi.json', 'https://x/docs', '/tmp/api.yaml', 'C:\\api.yaml', 'file:///tmp/a.json']) assert.equal(specSourceProblem(ok), undefined, ok);
    for (const bad of ['javascript:alert(1)', 'data:,x', 'ftp://x/a.json']) assert.match(specSourceProblem(bad)!, /Only http, https and file/, bad);
    assert.match(specSourceProblem('http://[::1/openapi.json')!, /not a valid URL/);
  });

  it('gives the same id to the same base URL', () => {
    assert.equal(externalServerId('http://127.0.0.1:4010/'), 'ext:127.0.0.1:4010');
    assert.equal(externalServerId('https://api.test/v1/'), 'ext:api.test/v1');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:4010/#x'), 'http://127.0.0.1:4010');
  });

  it('stores an operation under each of its tags, untagged ones under "default"', () => {
    const doc = { documentUrl: 'http://x/openapi.json', operations: [{ method: 'GET', path: '/a', tags: ['t1', 't2'], deprecated: false }, { method: 'POST', path: '/b', tags: [], deprecated: true }] } as unknown as ApiDocument;
    assert.deepEqual(documentToEndpoints(doc).map((e) => `${e.tag} ${e.method} ${e.path} ${e.deprecated}`), ['t1 GET /a false', 't2 GET /a false', 'default POST /b true']);
  });
});
