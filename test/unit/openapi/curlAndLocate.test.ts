import { strict as assert } from 'node:assert';
import { curlCommand, shellQuote } from '../../../src/core/openapi/curl';
import { locateOperation } from '../../../src/core/openapi/locate';
import { resolveOperationIn } from '../../../src/core/openapi/resolveOperation';
import { sampleFromSchema } from '../../../src/core/openapi/sample';
import { fixtureDoc, fixtureText } from './fixtures';

describe('Copy as curl', () => {
  it('quotes for a POSIX shell', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('builds a JSON POST with its example body', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/petstore.yaml'), 'POST', '/pets');
    const cmd = curlCommand(op, 'http://127.0.0.1:4010/');
    assert.match(cmd, /^curl --globoff -sS -X POST 'http:\/\/127\.0\.0\.1:4010\/pets' -H 'Content-Type: application\/json' --data-raw '\{/);
    assert.deepEqual(Object.keys(JSON.parse(/--data-raw '([\s\S]*)'$/.exec(cmd)![1]!)), ['id', 'name', 'tag']);
  });

  it('keeps path placeholders without examples, adds required query parameters and credentials as variables', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/stripe-2022-04-12.spec3.json'), 'GET', '/v1/customers/{customer}');
    const cmd = curlCommand(op, 'https://api.stripe.com');
    assert.match(cmd, /'https:\/\/api\.stripe\.com\/v1\/customers\/\{customer\}'/);
    assert.match(cmd, /-u "\$BASICAUTH_USER:\$BASICAUTH_PASSWORD"/);
  });

  it('samples cyclic schemas without running forever', () => {
    const op = resolveOperationIn(fixtureDoc('corpus/kubernetes-1.12.swagger.json'), 'POST', '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions');
    const v = sampleFromSchema(op.requestBody!.contents[0]!.schema);
    assert.equal(typeof v, 'object');
    assert.ok(JSON.stringify(v).length < 200_000);
  });
});

describe('Open Spec at Operation (locating the text)', () => {
  it('finds the method line under the path in YAML', () => {
    const text = fixtureText('corpus/petstore.yaml');
    const pos = locateOperation(text, 'POST', '/pets');
    assert.match(text.split('\n')[pos.line]!, /^\s+post:/);
    const get = locateOperation(text, 'GET', '/pets/{petId}');
    assert.match(text.split('\n')[get.line - 1]!, /\/pets\/\{petId\}:/);
  });

  it('finds the method in a large JSON document', () => {
    const text = fixtureText('corpus/kubernetes-1.12.swagger.json');
    const pos = locateOperation(text, 'DELETE', '/api/v1/namespaces/{namespace}/pods/{name}');
    const lines = text.split('\n');
    assert.match(lines[pos.line]!, /"delete":/);
    const before = lines.slice(0, pos.line).reverse().find((l) => /^\s{2,4}"\//.test(l));
    assert.match(before!, /"\/api\/v1\/namespaces\/\{namespace\}\/pods\/\{name\}"/);
  });

  it('falls back to the top when the path is not there', () => {
    assert.deepEqual(locateOperation('openapi: 3.0.0\npaths: {}\n', 'GET', '/nope'), { line: 0, character: 0 });
  });
});
