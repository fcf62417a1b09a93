import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocumentText } from '../../../src/core/openapi/parseDocument';
import { resolveOperationIn } from '../../../src/core/openapi/resolveOperation';

const doc = (over: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, ...over });
const resolve = (d: unknown, method: 'GET' | 'POST', p: string) => resolveOperationIn(d, method, p);

describe("an operation's own servers", () => {
  it("Stripe's file upload goes to files.stripe.com, everything else to the document's api.stripe.com", () => {
    // Read from the document: paths./v1/files.post.servers = [{ url: https://files.stripe.com/ }], the root servers = api.stripe.com.
    const stripe = parseDocumentText(fs.readFileSync(path.resolve(__dirname, '../../fixtures/openapi/corpus/stripe-2022-04-12.spec3.json'), 'utf8'));
    assert.deepEqual(resolve(stripe, 'POST', '/v1/files').server, { url: 'https://files.stripe.com', documentBasePath: '' });
    assert.equal(resolve(stripe, 'GET', '/v1/files').server, undefined);
    assert.equal(resolve(stripe, 'GET', '/v1/customers').server, undefined);
  });

  it("an operation's servers win over its path item's; a path item's apply to all its operations", () => {
    const d = doc({
      servers: [{ url: 'https://api.example.com/v1' }],
      paths: {
        '/files': { servers: [{ url: 'https://files.example.com/' }], get: {}, post: { servers: [{ url: 'https://upload.example.com/in' }] } },
      },
    });
    assert.deepEqual(resolve(d, 'GET', '/files').server, { url: 'https://files.example.com', documentBasePath: '/v1' });
    assert.deepEqual(resolve(d, 'POST', '/files').server, { url: 'https://upload.example.com/in', documentBasePath: '/v1' });
  });

  it('a relative server, or an absolute one on the same origin, is a path that replaces the base path; the same server is no change', () => {
    const d = doc({
      servers: [{ url: 'https://api.example.com/v1/' }],
      paths: {
        '/a': { get: { servers: [{ url: '/v2' }] } },
        '/b': { get: { servers: [{ url: 'https://api.example.com/v3' }] } },
        '/c': { get: { servers: [{ url: 'https://api.example.com/v1' }] } },
        '/d': { get: { servers: [{ url: 'v4/' }] } },
      },
    });
    assert.deepEqual(resolve(d, 'GET', '/a').server, { url: '/v2', documentBasePath: '/v1' });
    assert.deepEqual(resolve(d, 'GET', '/b').server, { url: '/v3', documentBasePath: '/v1' });
    assert.equal(resolve(d, 'GET', '/c').server, undefined);
    assert.deepEqual(resolve(d, 'GET', '/d').server, { url: '/v4', documentBasePath: '/v1' });
  });

  it('fills variables with their defaults; one without a default, or a scheme k6 cannot send to, is left out with a warning', () => {
    const d = doc({
      servers: [{ url: '/api' }],
      paths: {
        '/a': { get: { servers: [{ url: '{scheme}://{region}.example.com', variables: { scheme: { default: 'https' }, region: { default: 'eu', enum: ['eu', 'us'] } } }] } },
        '/b': { get: { servers: [{ url: 'https://{tenant}.example.com' }] } },
        '/c': { get: { servers: [{ url: 'ws://socket.example.com' }] } },
      },
    });
    assert.deepEqual(resolve(d, 'GET', '/a').server, { url: 'https://eu.example.com', documentBasePath: '/api' });
    const b = resolve(d, 'GET', '/b');
    assert.equal(b.server, undefined);
    assert.match(b.warnings!.join('\n'), /server "https:\/\/\{tenant\}\.example\.com" cannot be requested.*sent to BASE_URL/);
    assert.equal(resolve(d, 'GET', '/c').server, undefined);
  });

  it('Swagger 2.0 has no per-operation servers: a `servers` key there is ignored', () => {
    const d = { swagger: '2.0', info: { title: 't', version: '1' }, host: 'api.example.com', paths: { '/a': { get: { servers: [{ url: 'https://x.example.com' }], responses: {} } } } };
    assert.equal(resolve(d, 'GET', '/a').server, undefined);
  });
});
