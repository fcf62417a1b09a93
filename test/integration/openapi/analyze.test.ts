import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import nodeFs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { locateOperation } from '../../../src/core/openapi/locate';
import { analyzeOpenApiWithStrategy, forgetCachedSources, OpenApiError, readDocumentText, resolveAllOperations, resolveOperation } from '../../../src/infra/openapi/index';
import { makeTempDir } from '../../support/tempDir';
import { minimalDoc, redirectTo, sendHtml, sendJson, startTestServer, type TestServer } from './testServer';

const fixtures = path.resolve(__dirname, '../../fixtures/openapi');
const fails = (kind: string, re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof OpenApiError, `expected an OpenApiError, got ${String(e)}`);
  assert.equal(e.kind, kind, e.message);
  assert.match(e.message, re);
  return true;
};

describe('analyzeOpenApiWithStrategy against the demo API', () => {
  let api: DemoApi;
  before(async () => (api = await startDemoApi()));
  after(() => api.close());

  it('reads the document directly from /openapi.json', async () => {
    const d = await analyzeOpenApiWithStrategy(`${api.url}/openapi.json`);
    assert.equal(d.strategy, 'direct');
    assert.equal(d.title, 'Metric Vault Demo API');
    assert.equal(d.specVersion, '3.0.3');
    assert.deepEqual(d.servers, [api.url]);
    // The change-detection key: CRC-32 and length of the bytes served.
    const served = Buffer.from(await (await fetch(`${api.url}/openapi.json`)).arrayBuffer());
    assert.match(d.hash, new RegExp(`^crc32:[0-9a-f]{8}:${served.length}$`));
    assert.ok(d.operations.some((o) => o.method === 'GET' && o.path === '/items/{itemId}' && o.tags[0] === 'items'));
    assert.ok(d.operations.find((o) => o.path === '/v1/items')!.deprecated);
    assert.equal(d.operations.find((o) => o.operationId === 'greet')!.summary, '한국어 인사말 (a Korean greeting)');
  });

  it('follows the Swagger UI page at /docs (a redirect, then swagger-initializer.js) to the same document', async () => {
    const direct = await analyzeOpenApiWithStrategy(`${api.url}/openapi.json`);
    const viaUi = await analyzeOpenApiWithStrategy(`${api.url}/docs`);
    assert.equal(viaUi.strategy, 'swagger-ui');
    assert.equal(viaUi.documentUrl, `${api.url}/openapi.json`);
    assert.equal(viaUi.hash, direct.hash);
    assert.deepEqual(viaUi.operations, direct.operations);
  });

  it('reads the YAML twin and finds the document from the bare base URL', async () => {
    const yaml = await analyzeOpenApiWithStrategy(`${api.url}/openapi.yaml`);
    const base = await analyzeOpenApiWithStrategy(api.url);
    assert.equal(yaml.operations.length, base.operations.length);
    assert.equal(base.documentUrl, `${api.url}/openapi.json`);
  });

  it('"Open Spec at Operation" reads the document text through the Swagger UI page, or from the bare base URL', async () => {
    for (const source of [`${api.url}/docs`, api.url]) {
      const doc = await readDocumentText(source);
      assert.equal(doc.url, `${api.url}/openapi.json`, source);
      assert.equal(doc.language, 'json');
      assert.equal(doc.file, undefined);
      assert.ok(locateOperation(doc.text, 'POST', '/items').line > 0, source);
    }
  });

  it('resolves an operation with its Korean example body and a secured one', async () => {
    const op = await resolveOperation(`${api.url}/openapi.json`, 'POST', '/items');
    assert.equal(op.expectedStatus, 201);
    assert.deepEqual(op.requestBody!.contents[0]!.example, { name: '무선 마우스', price: 29000, description: '조용한 클릭 (quiet click)' });
    const secured = await resolveOperation(`${api.url}/openapi.json`, 'GET', '/admin/stats');
    assert.deepEqual(secured.security, [[{ name: 'bearerAuth', type: 'http', scheme: 'bearer' }]]);
    const item = await resolveOperation(`${api.url}/docs`, 'DELETE', '/items/{itemId}');
    assert.deepEqual(item.parameters.map((p) => [p.name, p.in, p.required, p.example]), [['itemId', 'path', true, 1]]);
    assert.equal(item.expectedStatus, 204);
  });

  it('every documented operation answers as documented (the demo API keeps its promises)', async () => {
    const ops = await resolveAllOperations(`${api.url}/openapi.json`);
    for (const op of ops) {
      if (op.path === '/slow' || op.path === '/flaky') continue;
      const p = op.path.replace('{itemId}', '2').replace('{rest}', 'x/y');
      const body = op.requestBody?.contents[0];
      const payload = body?.example !== undefined ? JSON.stringify(body.example) : body ? JSON.stringify({ name: '가', price: 1 }) : undefined;
      const res = await fetch(`${api.url}${p}`, {
        method: op.method,
        headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token' },
        body: payload,
      });
      await res.arrayBuffer();
      assert.equal(res.status, op.expectedStatus, `${op.method} ${op.path}`);
    }
  });
});

describe('analyzeOpenApiWithStrategy on bad input', () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
    forgetCachedSources();
  });
  afterEach(() => srv.close());

  it('404: names the URL and the status', async () => {
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/missing.json`), fails('not-found', /missing\.json was not found \(HTTP 404\)/));
  });

  it('a base URL with nothing at the usual places lists what it tried', async () => {
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/`), fails('not-found', /No OpenAPI document or Swagger UI page was found .*tried \/openapi\.json, \/v3\/api-docs/));
  });

  it('a base URL is probed: /v3/api-docs is found after /openapi.json misses', async () => {
    srv.route('/v3/api-docs', sendJson(minimalDoc));
    const d = await analyzeOpenApiWithStrategy(srv.url, { probePaths: ['/openapi.json', '/v3/api-docs'] });
    assert.equal(d.documentUrl, `${srv.url}/v3/api-docs`);
    assert.equal(srv.hits.get('/openapi.json'), 1);
  });

  it('a base URL that answers with other JSON is probed too (a root handler such as FastAPI\'s "Hello World")', async () => {
    srv.route('/', sendJson({ message: 'Hello World' }));
    srv.route('/openapi.json', sendJson(minimalDoc));
    const d = await analyzeOpenApiWithStrategy(srv.url);
    assert.equal(d.documentUrl, `${srv.url}/openapi.json`);
    assert.equal(d.title, 'Minimal');
  });

  it('a URL with a path (an ingress prefix, a Spring context path) is probed under that path', async () => {
    srv.route('/shop', (_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('no'));
    srv.route('/shop/v3/api-docs', sendJson({ ...minimalDoc, servers: [{ url: '/shop' }] }));
    const d = await analyzeOpenApiWithStrategy(`${srv.url}/shop`);
    assert.equal(d.documentUrl, `${srv.url}/shop/v3/api-docs`);
    assert.deepEqual(d.servers, [`${srv.url}/shop`]);
    assert.equal(srv.hits.get('/shop/openapi.json'), 1, 'probed under the path first');
    assert.equal(srv.hits.get('/v3/api-docs'), undefined, 'not at the root');
    srv.route('/store/', sendHtml('<html><body>Our shop front page</body></html>'));
    srv.route('/store/openapi.json', sendJson(minimalDoc));
    assert.equal((await analyzeOpenApiWithStrategy(`${srv.url}/store/`)).documentUrl, `${srv.url}/store/openapi.json`, 'an HTML page that is no docs page is probed under too');
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/nothing`), fails('not-found', /found at http:\/\/127\.0\.0\.1:\d+\/nothing; tried \/openapi\.json/));
  });

  it('a server that never answers: a bounded timeout with the setting named', async () => {
    srv.route('/silent.json', () => {
      /* never answers */
    });
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/silent.json`, { timeoutMs: 300 }), fails('timeout', /did not answer within 0\.3 s \(setting metricVault\.openapi\.timeoutSeconds\)/));
  });

  it('a body that trickles forever also times out', async () => {
    srv.route('/trickle.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"openapi":');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/trickle.json`, { timeoutMs: 400 }), fails('timeout', /did not answer/));
  });

  it('a redirect loop stops after 5 redirects', async () => {
    srv.route('/loop', redirectTo('/loop'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/loop`), fails('redirects', /redirected more than 5 times.*redirect loop/));
    assert.equal(srv.hits.get('/loop'), 6);
  });

  it('5 redirects are followed, a 6th is refused', async () => {
    for (let i = 1; i <= 6; i++) srv.route(`/r${i}`, redirectTo(`/r${i + 1}`));
    srv.route('/r6', sendJson(minimalDoc));
    srv.route('/r7', sendJson(minimalDoc));
    assert.equal((await analyzeOpenApiWithStrategy(`${srv.url}/r1`)).documentUrl, `${srv.url}/r6`);
    srv.route('/r6', redirectTo('/r7'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/r1`), fails('redirects', /more than 5/));
  });

  it('a document over the size limit: declared, streamed without a length, and gzip-expanded', async () => {
    const big = JSON.stringify({ ...minimalDoc, 'x-pad': 'x'.repeat(5000) });
    srv.route('/declared.json', sendJson(big));
    srv.route('/chunked.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 10; i++) res.write(big.slice(i * 600, (i + 1) * 600));
      res.end(big.slice(6000));
    });
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ ...minimalDoc, 'x-pad': '0'.repeat(200_000) })));
    srv.route('/bomb.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': gz.length }).end(gz));
    for (const p of ['/declared.json', '/chunked.json', '/bomb.json']) {
      await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}${p}`, { maxBytes: 2000 }), fails('too-large', /larger than the limit of 2 KB \(setting metricVault\.openapi\.maxDocumentSizeMB\)/));
    }
    assert.ok(gz.length < 2000, 'the compressed body itself is under the limit');
  });

  it('a gzip-encoded document under the limit is read', async () => {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify(minimalDoc)));
    srv.route('/gz.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gz));
    assert.equal((await analyzeOpenApiWithStrategy(`${srv.url}/gz.json`)).operations.length, 1);
  });

  it('invalid JSON and YAML over HTTP', async () => {
    srv.route('/bad.json', sendJson(fs.readFileSync(path.join(fixtures, 'hostile/invalid.json'), 'utf8')));
    srv.route('/bad.yaml', sendJson(fs.readFileSync(path.join(fixtures, 'hostile/invalid.yaml'), 'utf8'), 'application/yaml'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/bad.json`), fails('invalid', /bad\.json is not valid JSON/));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/bad.yaml`), fails('invalid', /bad\.yaml is not valid YAML/));
  });

  it('an HTML page that is not Swagger UI', async () => {
    srv.route('/home', sendHtml(fs.readFileSync(path.join(fixtures, 'hostile/not-swagger.html'), 'utf8')));
    srv.route('/app.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end('console.log("hi")'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/home`), fails('not-openapi', /home is an HTML page that is not a Swagger UI or ReDoc page/));
  });

  it('a YAML alias bomb over HTTP', async () => {
    srv.route('/bomb.yaml', sendJson(fs.readFileSync(path.join(fixtures, 'hostile/alias-bomb.yaml'), 'utf8'), 'application/yaml'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/bomb.yaml`), fails('invalid', /alias bomb/));
  });

  it('JSON that is not OpenAPI', async () => {
    srv.route('/other.json', sendJson({ hello: 'world' }));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/other.json`), fails('not-openapi', /no "openapi" or "swagger" field/));
  });

  for (const source of ['ftp://127.0.0.1/openapi.json', 'javascript:alert(1)', 'data:application/json,{"openapi":"3.0.0"}', 'gopher://127.0.0.1/']) {
    it(`refuses the non-http scheme of ${source.slice(0, 12)}…`, async () => {
      await assert.rejects(analyzeOpenApiWithStrategy(source), fails('scheme', /Only http, https and file sources can be read/));
    });
  }

  it('refuses a redirect to a non-http scheme', async () => {
    srv.route('/to-file', redirectTo('file:///etc/passwd'));
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/to-file`), fails('scheme', /Only http and https URLs can be read, not "file:"/));
  });

  it('a Swagger UI page with configUrl (springdoc) and several documents', async () => {
    srv.route('/swagger-ui/index.html', sendHtml('<html><div id="swagger-ui"></div><script src="./swagger-ui-bundle.js"></script><script src="./swagger-initializer.js"></script></html>'));
    srv.route('/swagger-ui/swagger-initializer.js', sendJson('window.onload = () => { window.ui = SwaggerUIBundle({ configUrl: "/v3/api-docs/swagger-config", dom_id: "#swagger-ui" }); };', 'text/javascript'));
    srv.route('/v3/api-docs/swagger-config', sendJson({ configUrl: '/v3/api-docs/swagger-config', urls: [{ url: '/v3/api-docs/public', name: 'public' }, { url: '/v3/api-docs/admin', name: 'admin' }] }));
    srv.route('/v3/api-docs/public', sendJson(minimalDoc));
    const d = await analyzeOpenApiWithStrategy(`${srv.url}/swagger-ui/index.html`);
    assert.equal(d.strategy, 'swagger-ui');
    assert.equal(d.documentUrl, `${srv.url}/v3/api-docs/public`);
    assert.match(d.warnings[0]!, /lists 2 documents; showing "public".*\/v3\/api-docs\/admin/);
  });

  it('a ReDoc page', async () => {
    srv.route('/redoc', sendHtml('<!DOCTYPE html><html><body><redoc spec-url="/spec/openapi.yaml"></redoc><script src="https://cdn.example/redoc.standalone.js"></script></body></html>'));
    srv.route('/spec/openapi.yaml', sendJson('openapi: 3.1.0\ninfo: {title: R, version: "1"}\npaths:\n  /a:\n    get: {}\n', 'application/yaml'));
    const d = await analyzeOpenApiWithStrategy(`${srv.url}/redoc`);
    assert.equal(d.specVersion, '3.1.0');
    assert.equal(d.strategy, 'swagger-ui');
  });

  it('sends credentials through an Agent under their scope, and not to another origin after a redirect', async () => {
    const other = await startTestServer();
    try {
      srv.route('/secure.json', (req, res) => (req.headers.authorization === 'Bearer t0k' ? sendJson(minimalDoc)(req, res) : res.writeHead(401).end()));
      srv.route('/away.json', redirectTo(`${other.url}/doc.json`));
      other.route('/doc.json', sendJson(minimalDoc));
      const agent = new http.Agent({ keepAlive: false });
      const d = await analyzeOpenApiWithStrategy(`${srv.url}/secure.json`, { credentials: { scope: `${srv.url}/`, headers: { authorization: 'Bearer t0k' }, agent } });
      assert.equal(d.operations.length, 1);
      await analyzeOpenApiWithStrategy(`${srv.url}/away.json`, { credentials: { scope: `${srv.url}/`, headers: { authorization: 'Bearer t0k' } } });
      assert.equal(other.requests.length, 1);
      assert.equal(other.requests[0]!.headers.authorization, undefined);
      await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/secure.json`), fails('http-status', /answered HTTP 401/));
    } finally {
      await other.close();
    }
  });

  it('credentials go only under their scope: not to a document a docs page names elsewhere, nor to an external $ref', async () => {
    const other = await startTestServer();
    try {
      srv.route('/docs/', sendHtml(`<div id="swagger-ui"></div><script>SwaggerUIBundle({ url: "${other.url}/doc.json" })</script>`));
      const withRef = { ...minimalDoc, paths: { '/t': { post: { requestBody: { content: { 'application/json': { schema: { $ref: `${other.url}/models.json#/Thing` } } } } } } } };
      srv.route('/ref.json', sendJson(withRef));
      other.route('/doc.json', sendJson(minimalDoc));
      other.route('/models.json', sendJson({ Thing: { type: 'object' } }));
      const options = { credentials: { scope: `${srv.url}/`, headers: { authorization: 'Bearer t0k' } }, allowExternalRefs: true };
      assert.equal((await analyzeOpenApiWithStrategy(`${srv.url}/docs/`, options)).documentUrl, `${other.url}/doc.json`);
      await resolveOperation(`${srv.url}/ref.json`, 'POST', '/t', options);
      assert.deepEqual(other.requests.map((r) => r.url), ['/doc.json', '/models.json']);
      for (const r of other.requests) assert.equal(r.headers.authorization, undefined, r.url);
      assert.ok(srv.requests.every((r) => r.headers.authorization === 'Bearer t0k'));
    } finally {
      await other.close();
    }
  });

  it('cancels when the signal aborts', async () => {
    srv.route('/silent.json', () => undefined);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    await assert.rejects(analyzeOpenApiWithStrategy(`${srv.url}/silent.json`, { signal: ctl.signal, timeoutMs: 10_000 }), fails('aborted', /cancelled/));
  });

  it('external $refs: not followed by default, followed over http when allowed', async () => {
    const doc = { ...minimalDoc, paths: { '/t': { post: { requestBody: { content: { 'application/json': { schema: { $ref: 'models.json#/Thing' } } } } } } } };
    srv.route('/api/doc.json', sendJson(doc));
    srv.route('/api/models.json', sendJson({ Thing: { type: 'object', properties: { id: { type: 'integer' } } } }));
    const off = await resolveOperation(`${srv.url}/api/doc.json`, 'POST', '/t');
    assert.match(String(off.requestBody!.contents[0]!.schema!['x-unresolved']), /external \$refs are not followed/);
    assert.equal(srv.hits.get('/api/models.json'), undefined);
    forgetCachedSources();
    const on = await resolveOperation(`${srv.url}/api/doc.json`, 'POST', '/t', { allowExternalRefs: true });
    assert.deepEqual(Object.keys(on.requestBody!.contents[0]!.schema!.properties as object), ['id']);
  });

  it('resolving many operations reads the source once', async () => {
    srv.route('/doc.json', sendJson(fs.readFileSync(path.join(fixtures, 'corpus/petstore.yaml'), 'utf8'), 'application/yaml'));
    await analyzeOpenApiWithStrategy(`${srv.url}/doc.json`);
    await resolveOperation(`${srv.url}/doc.json`, 'GET', '/pets');
    await resolveOperation(`${srv.url}/doc.json`, 'POST', '/pets');
    await resolveOperation(`${srv.url}/doc.json`, 'GET', '/pets/{petId}');
    assert.equal(srv.hits.get('/doc.json'), 1);
  });
});

describe('analyzeOpenApiWithStrategy on files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
    forgetCachedSources();
  });
  afterEach(() => tmp.cleanup());

  it('reads a path and a file:// URL', async () => {
    const file = path.join(fixtures, 'corpus/v2-petstore.yaml');
    assert.equal((await analyzeOpenApiWithStrategy(file)).operations.length, 3);
    const d = await analyzeOpenApiWithStrategy(pathToFileURL(file).toString());
    assert.equal(d.documentUrl, pathToFileURL(file).toString());
    assert.equal(d.strategy, 'direct');
    const text = await readDocumentText(pathToFileURL(file).toString());
    assert.equal(text.file, file);
    assert.equal(text.language, 'yaml');
  });

  it('a cancelled file read is an "aborted" OpenApiError, like a cancelled download', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(analyzeOpenApiWithStrategy(path.join(fixtures, 'corpus/petstore.yaml'), { signal: ctl.signal }), fails('aborted', /cancelled/));
  });

  it('a missing file and an oversize file', async () => {
    await assert.rejects(analyzeOpenApiWithStrategy(path.join(tmp.dir, 'nope.yaml')), fails('not-found', /does not exist/));
    await assert.rejects(analyzeOpenApiWithStrategy(path.join(fixtures, 'corpus/stripe-2022-04-12.spec3.json'), { maxBytes: 1024 * 1024 }), fails('too-large', /4 MB, larger than the limit of 1 MB/));
  });

  it('the Stripe and Kubernetes documents with their circular $refs list and resolve', async () => {
    const stripe = path.join(fixtures, 'corpus/stripe-2022-04-12.spec3.json');
    const k8s = path.join(fixtures, 'corpus/kubernetes-1.12.swagger.json');
    assert.equal((await analyzeOpenApiWithStrategy(stripe)).operations.length, 417);
    assert.equal((await analyzeOpenApiWithStrategy(k8s)).operations.length, 826);
    assert.equal((await resolveAllOperations(stripe)).length, 417);
    const crd = await resolveOperation(k8s, 'PUT', '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions/{name}');
    assert.ok(crd.requestBody!.contents[0]!.schema);
  });

  it('a $ref to a file outside the document\'s folder (.., absolute, file:) is never opened, even with external refs allowed', async () => {
    // The secret sits exactly where the escaping $refs point; a harmless file sits inside the folder.
    fs.mkdirSync(path.join(tmp.dir, 'api', 'models'), { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'hostile', 'escaping-refs.yaml'), path.join(tmp.dir, 'api', 'openapi.yaml'));
    fs.copyFileSync(path.join(fixtures, 'hostile', 'secret.yaml'), path.join(tmp.dir, 'secret.yaml'));
    fs.writeFileSync(path.join(tmp.dir, 'api', 'models', 'secret.yaml'), 'Secret: { type: string, example: inside-the-folder }\n');
    const secret = path.join(tmp.dir, 'secret.yaml');
    const opened: string[] = [];
    const fsMod = nodeFs;
    const spied = ['readFile', 'readFileSync', 'open', 'openSync', 'createReadStream'] as const;
    const originals = spied.map((name) => [name, fsMod[name]] as const);
    const promises = fsMod.promises;
    const originalPromisesReadFile = promises.readFile;
    const originalPromisesOpen = promises.open;
    for (const [name, fn] of originals) {
      (fsMod as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        opened.push(String(args[0]));
        return (fn as (...a: unknown[]) => unknown)(...args);
      };
    }
    promises.readFile = ((p: unknown, ...rest: unknown[]) => (opened.push(String(p)), (originalPromisesReadFile as (...a: unknown[]) => unknown)(p, ...rest))) as typeof promises.readFile;
    promises.open = ((p: unknown, ...rest: unknown[]) => (opened.push(String(p)), (originalPromisesOpen as (...a: unknown[]) => unknown)(p, ...rest))) as typeof promises.open;
    try {
      const op = await resolveOperation(path.join(tmp.dir, 'api', 'openapi.yaml'), 'POST', '/a', { allowExternalRefs: true });
      assert.doesNotMatch(JSON.stringify(op), /SECRET-MARKER/);
      assert.equal(op.parameters.find((p) => p.name === 'inside')!.example, 'inside-the-folder');
      for (const name of ['up', 'sneaky', 'encoded', 'absolute', 'fileurl']) assert.match(String(op.parameters.find((p) => p.name === name)!.schema!['x-unresolved']), /never reads/, name);
    } finally {
      for (const [name, fn] of originals) (fsMod as unknown as Record<string, unknown>)[name] = fn;
      promises.readFile = originalPromisesReadFile;
      promises.open = originalPromisesOpen;
    }
    assert.ok(opened.some((p) => p.endsWith('openapi.yaml')), 'the spy saw the document itself being read');
    assert.ok(opened.some((p) => p.endsWith(path.join('models', 'secret.yaml'))), 'the spy saw the file inside the folder being read');
    assert.ok(!opened.some((p) => p === secret || p.includes('/etc/passwd')), `read: ${opened.join(', ')}`);
  });

  it('__proto__ keys in a file do not pollute prototypes', async () => {
    const d = await analyzeOpenApiWithStrategy(path.join(fixtures, 'hostile/proto.json'));
    assert.equal(d.operations.length, 3);
    await resolveAllOperations(path.join(fixtures, 'hostile/proto.json'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
