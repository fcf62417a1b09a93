import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDemoApi, type DemoApi } from '../../../demo-api/server';
import { validateScript } from '../../../src/core/k6';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';
import { runK6Script } from '../../support/k6shim';
import { startEchoServer } from '../../support/echoServer';
import { startTestServer } from '../openapi/testServer';

const routesFixtures = path.resolve(__dirname, '../../fixtures/routes');
const petstore = path.resolve(__dirname, '../../fixtures/openapi/corpus/petstore.yaml');

describe('metric-vault routes', () => {
  it('lists every route handler under a folder as JSON: file, line, framework, method, path', async () => {
    const r = await runCli(['routes', routesFixtures, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const routes = JSON.parse(r.stdout) as { file: string; line: number; framework: string; method: string; path: string }[];
    assert.deepEqual(Object.keys(routes[0]), ['file', 'line', 'framework', 'method', 'path', 'localPath', 'prefixFrom', 'prefixUnknown']);
    // The router's prefix (line 7) is part of the full path; localPath is the path as written.
    assert.deepEqual(routes.find((x) => x.file === 'fastapi_shop.py' && x.line === 25), {
      file: 'fastapi_shop.py', line: 25, framework: 'fastapi', method: 'GET', path: '/items/{item_id}',
      localPath: '/{item_id}', prefixFrom: ['fastapi_shop.py:7'], prefixUnknown: false,
    });
    assert.equal(new Set(routes.map((x) => x.framework)).size, 9);
  });

  it('skips dependencies and build output, and prints a table without --json', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.mkdirSync(path.join(dir, 'node_modules', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', 'app.py'), 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/ping")\ndef ping():\n    return 1\n');
      fs.writeFileSync(path.join(dir, 'node_modules', 'lib', 'index.js'), "const express = require('express');\nconst app = express();\napp.get('/dep', (q, s) => s.end());\n");
      const r = await runCli(['routes', dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), ['FILE        LINE  FRAMEWORK  METHOD  PATH', 'src/app.py  4     fastapi    GET     /ping']);
    } finally {
      cleanup();
    }
  });

  it('exits 2 for a folder that does not exist', async () => {
    const r = await runCli(['routes', '/nonexistent/folder']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not exist/);
  });
});

describe('metric-vault generate', () => {
  let demo: DemoApi;
  before(async () => {
    demo = await startDemoApi({ failRate: 0 });
  });
  after(() => demo?.close());

  it('prints a valid script for one endpoint on stdout', async () => {
    const r = await runCli(['generate', '--spec', petstore, '--endpoint', 'GET /pets/{petId}', '--profile', 'stress', '--vus', '20', '--duration', '2m']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(validateScript(r.stdout), []);
    assert.match(r.stdout, /name: "GET \/pets\/\{petId\}"/);
    assert.match(r.stdout, /executor: 'ramping-vus'/);
    assert.match(r.stdout, /const BASE_URL = __ENV\.BASE_URL \|\| "http:\/\/petstore\.swagger\.io\/v1";/);
  });

  it('reads a Swagger UI page by URL and writes a whole tag to --out, refusing to overwrite without --force', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const out = path.join(dir, 'items.js');
      const args = ['generate', '--spec', `${demo.url}/docs`, '--tag', 'items', '--rate', '30', '--duration', '1m', '--base-url', demo.url, '--out', out, '--json'];
      const first = await runCli(args);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual((JSON.parse(first.stdout) as { endpoints: string[] }).endpoints, ['GET /items', 'POST /items', 'GET /items/{itemId}', 'PUT /items/{itemId}', 'DELETE /items/{itemId}']);
      const text = fs.readFileSync(out, 'utf8');
      assert.match(text, /executor: 'constant-arrival-rate'/);
      fs.appendFileSync(out, '// my edit\n');
      const second = await runCli(args);
      assert.equal(second.code, 2);
      assert.match(second.stderr, /already exists; pass --force/);
      assert.match(fs.readFileSync(out, 'utf8'), /\/\/ my edit\n$/, 'the edited script is untouched');
      assert.equal((await runCli([...args, '--force'])).code, 0);
      assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /my edit/);
      const run = await runK6Script(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(run.errors, []);
      assert.deepEqual(run.checks.map((c) => `${c.tags.name} ${c.passed}`), ['GET /items true', 'POST /items true', 'GET /items/{itemId} true', 'PUT /items/{itemId} true', 'DELETE /items/{itemId} true']);
    } finally {
      cleanup();
    }
  });

  it('exits 2 for an unknown endpoint (with suggestions), profile, duration or selection', async () => {
    const unknown = await runCli(['generate', '--spec', petstore, '--endpoint', 'GET /pet/{petId}']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no operation "GET \/pet\/\{petId\}"\. Did you mean: GET \/pets, POST \/pets, GET \/pets\/\{petId\}\?/);
    for (const args of [
      ['--endpoint', 'GET /pets', '--profile', 'load'],
      ['--endpoint', 'GET /pets', '--duration', '5 minutes'],
      ['--endpoint', 'GET /pets', '--vus', '5', '--rate', '5'],
      ['--endpoint', 'GET /pets', '--tag', 'pets'],
      ['--endpoint', 'pets'],
      [],
    ]) {
      const r = await runCli(['generate', '--spec', petstore, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('exits 1 when the document cannot be read', async () => {
    const r = await runCli(['generate', '--spec', '/nonexistent/openapi.yaml', '--all']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /cannot read/);
  });
});

describe('metric-vault generate: where requests go', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('a Swagger 2.0 file without host exits 2 asking for --base-url; with it the script is absolute and its requests arrive', async () => {
    const spec = path.join(tmp.dir, 'swagger.yaml');
    fs.writeFileSync(spec, 'swagger: "2.0"\ninfo: { title: No host, version: "1" }\nbasePath: /api/v2\npaths:\n  /ping:\n    get:\n      responses: { "200": { description: ok } }\n');
    const refused = await runCli(['generate', '--spec', spec, '--endpoint', 'GET /ping']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /no absolute server URL .*"\/api\/v2".*--base-url http:\/\/host:port\/api\/v2/);
    const echo = await startEchoServer();
    try {
      const r = await runCli(['generate', '--spec', spec, '--endpoint', 'GET /ping', '--base-url', `${echo.url}/api/v2`, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { baseUrl: string; script: string };
      assert.equal(out.baseUrl, `${echo.url}/api/v2`);
      const run = await runK6Script(out.script);
      assert.deepEqual(run.errors, []);
      assert.deepEqual(echo.arrived.map((a) => a.target), ['/api/v2/ping']);
    } finally {
      await echo.close();
    }
  });

  it('server variables take their defaults; --base-url wins over the document\'s server', async () => {
    const spec = path.join(tmp.dir, 'vars.yaml');
    fs.writeFileSync(spec, 'openapi: 3.0.3\ninfo: { title: Vars, version: "1" }\nservers:\n  - url: "{scheme}://api.example.com:{port}/{basePath}"\n    variables:\n      scheme: { default: https, enum: [https, http] }\n      port: { default: "8443" }\n      basePath: { default: v2 }\npaths:\n  /ping:\n    get:\n      responses: { "200": { description: ok } }\n');
    const r = await runCli(['generate', '--spec', spec, '--endpoint', 'GET /ping', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { baseUrl: string }).baseUrl, 'https://api.example.com:8443/v2');
    const given = await runCli(['generate', '--spec', spec, '--endpoint', 'GET /ping', '--base-url', 'http://127.0.0.1:8080/v2/', '--json']);
    assert.equal((JSON.parse(given.stdout) as { baseUrl: string }).baseUrl, 'http://127.0.0.1:8080/v2');
  });

  it('relative servers read over http become absolute at the document\'s origin', async () => {
    const srv = await startTestServer();
    try {
      srv.route('/svc/openapi.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ openapi: '3.0.3', info: { title: 'r', version: '1' }, servers: [{ url: '/svc/v3' }], paths: { '/x': { get: { responses: { '200': { description: 'ok' } } } } } })));
      const r = await runCli(['generate', '--spec', `${srv.url}/svc`, '--endpoint', 'GET /x', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { baseUrl: string }).baseUrl, `${srv.url}/svc/v3`, 'probed under /svc, server made absolute');
    } finally {
      await srv.close();
    }
  });
});
