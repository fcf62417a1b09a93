import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoOpenApi } from '../../../demo-api/openapi';
import { detectRoutes, isIgnoredRoutePath, languageOfFile, normalizeRoutePath, routeMatchesPath, routeShape } from '../../../src/core/routes';

const fixtures = path.resolve(__dirname, '../../fixtures/routes');
const routesOf = (file: string) =>
  detectRoutes(fs.readFileSync(path.join(fixtures, file), 'utf8'), file).map((r) => `${r.line} ${r.framework} ${r.method} ${r.path}`);

/** Expected routes per fixture: line, framework, method, OpenAPI-style path. */
const expected: Record<string, string[]> = {
  'SpringItemsController.java': [
    '12 spring GET /api/items',
    '17 spring GET /api/items/{id}',
    '22 spring POST /api/items/{id}/notes',
    '28 spring PUT /api/items/{id}',
    '33 spring DELETE /api/items/{id}',
    '33 spring DELETE /api/items/by-sku/{sku}',
    '37 spring GET /api/items/search',
    '37 spring POST /api/items/search',
  ],
  'SpringOrders.kt': [
    '9 spring GET /api/orders/{orderId}',
    '12 spring PATCH /api/orders/{orderId}/status',
  ],
  'chi_router.go': [
    '13 chi GET /',
    '15 chi GET /articles',
    '16 chi POST /articles',
    '18 chi GET /articles/{articleID}',
    '19 chi PUT /articles/{articleID}',
    '21 chi GET /articles/{month}-{day}-{year}',
    '23 chi GET /files/{id}',
    '24 chi DELETE /sessions/{sid}',
  ],
  'echo_server.go': [
    '11 echo GET /',
    '13 echo POST /admin/users/{id}/reset',
    '14 echo PUT /settings/{key}',
  ],
  'express_store.js': [
    '13 express GET /health',
    '15 express GET /api/orders',
    '20 express POST /api/orders',
    '24 express GET /api/orders/{orderId}',
    '25 express PUT /api/orders/{orderId}',
    '26 express DELETE /api/orders/{orderId}',
    '30 express GET /api/users/{userId}/avatar/{size}',
    '31 express GET /api/users/by-email/{email}',
  ],
  'fastapi_shop.py': [
    '15 fastapi GET /health',
    '20 fastapi GET /items',
    '25 fastapi GET /items/{item_id}',
    '31 fastapi POST /items/',
    '39 fastapi GET /orders/{order_id}',
    '39 fastapi PATCH /orders/{order_id}',
    '44 fastapi PUT /orders/{order_id}/lines/{line_no}',
    '49 fastapi GET /files/{file_path}',
    '54 fastapi DELETE /admin/cache',
  ],
  'flask_blog.py': [
    '9 flask GET /',
    '14 flask GET /login',
    '14 flask POST /login',
    '19 flask POST /api/v1/posts',
    '24 flask GET /api/v1/posts/{post_id}',
    '29 flask DELETE /api/v1/posts/{post_id}/comments/{comment_id}',
    '34 flask GET /pages/static/{filename}',
  ],
  'gin_main.go': [
    '11 gin GET /ping',
    '15 gin GET /api/v1/users/{id}',
    '16 gin POST /api/v1/users',
    '18 gin DELETE /api/v1/admin/users/{id}',
    '21 gin GET /assets/{filepath}',
    '22 gin PATCH /api/v1/users/{id}',
  ],
  'nest_cats.controller.ts': [
    '12 nestjs GET /cats',
    '17 nestjs GET /cats/{id}',
    '22 nestjs POST /cats',
    '28 nestjs PUT /cats/{id}/name',
    '37 nestjs GET /dogs',
    '37 nestjs GET /dogs/all',
    '42 nestjs DELETE /dogs/{dogId}',
  ],
  'nethttp_main.go': [
    '7 net/http GET /items/{id}',
    '8 net/http POST /items',
  ],
};

describe('route detection in realistic source files', () => {
  for (const [file, routes] of Object.entries(expected)) {
    it(`${file}: finds every route, at its line, with its prefix — and nothing else`, () => {
      assert.deepEqual(routesOf(file), routes);
    });
  }

  it('covers every fixture file', () => {
    const files = fs.readdirSync(fixtures).filter((f) => languageOfFile(f));
    assert.deepEqual(files.sort(), Object.keys(expected).sort());
  });

  it('finds the demo workspace routes, each an operation of the demo API (the e2e opens these files)', () => {
    const demo = path.resolve(__dirname, '../../../demo');
    const doc = demoOpenApi('http://127.0.0.1:4010') as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`));
    const py = detectRoutes(fs.readFileSync(path.join(demo, 'app/main.py'), 'utf8'), 'python').map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(py, ['GET /items', 'GET /items/{itemId}', 'POST /items', 'PUT /items/{itemId}', 'DELETE /items/{itemId}', 'GET /greetings', 'GET /slow', 'GET /health']);
    const js = detectRoutes(fs.readFileSync(path.join(demo, 'server/app.js'), 'utf8'), 'javascript').map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(js, ['GET /items', 'POST /items', 'GET /items/{itemId}', 'POST /greetings', 'GET /flaky']);
    for (const r of [...py, ...js]) assert.ok(operations.includes(r), `${r} is not a demo API operation`);
  });

  it('no route from a block comment or a string, in Express or NestJS', () => {
    const js = [
      "const express = require('express');",
      'const app = express();',
      '/*',
      "app.get('/old', legacy);",
      '*/',
      "const help = `usage: app.get('/in-a-template', h)`;",
      "console.log(\"app.post('/in-a-string', h)\");",
      "app.use('/static/*', serve); // a glob is not a comment start",
      "app.get('/live', live);",
    ].join('\n');
    assert.deepEqual(detectRoutes(js, 'javascript').map((r) => `${r.line} ${r.method} ${r.path}`), ['9 GET /live']);
    const nest = [
      "import { Controller, Get } from '@nestjs/common';",
      "@Controller('cats')",
      'export class CatsController {',
      '  /* @Get(\'old\')',
      '  old() {} */',
      '  @Get()',
      '  list() {}',
      '}',
    ].join('\n');
    assert.deepEqual(detectRoutes(nest, 'typescript').map((r) => `${r.line} ${r.method} ${r.path}`), ['6 GET /cats']);
  });

  it('a handler for every method (Express app.all, Koa router.all, NestJS @All) is one ANY route; a catch-all or a guard before other verbs is none', () => {
    const express = [
      "const express = require('express');",
      'const app = express();',
      "app.all('/webhooks/github', receive);",
      "app.all('/admin', requireAdmin);",
      "app.get('/admin', adminHome);",
      "app.route('/books/:id').all(loadBook).get(showBook);",
      "app.route('/proxy').all(forward);",
      "app.all('*', notFound);",
      "app.all('/api/*', auth);",
    ].join('\n');
    assert.deepEqual(detectRoutes(express, 'app.js').map((r) => `${r.line} ${r.method} ${r.path}`), ['3 ANY /webhooks/github', '5 GET /admin', '6 GET /books/{id}', '7 ANY /proxy']);
    const koa = "const Router = require('@koa/router');\nconst router = new Router({ prefix: '/rpc' });\nrouter.all('/:method', dispatch);\nmodule.exports = router;\n";
    assert.deepEqual(detectRoutes(koa, 'rpc.js').map((r) => `${r.line} ${r.method} ${r.path}`), ['3 ANY /rpc/{method}']);
    const nest = "import { All, Controller, Get } from '@nestjs/common';\n@Controller('legacy')\nexport class LegacyController {\n  @All('soap')\n  soap() {}\n  @All('*')\n  rest() {}\n  @Get('status')\n  status() {}\n}\n";
    assert.deepEqual(detectRoutes(nest, 'typescript').map((r) => `${r.line} ${r.method} ${r.path}`), ['4 ANY /legacy/soap', '8 GET /legacy/status']);
  });

  it('finds an Express route whose handler is long (a 200-line handler, past any look-ahead limit)', () => {
    const body = Array.from({ length: 200 }, (_, i) => `  const step${i} = await db.collection('orders').findOne({ id: req.params.id, step: ${i} });`).join('\n');
    const text = `const express = require('express');\nconst router = express.Router();\nrouter.get('/orders/:id', async (req, res) => {\n${body}\n  res.json({});\n});\nrouter.post('/orders', create);\nmodule.exports = router;\n`;
    assert.deepEqual(
      detectRoutes(text, 'orders.js').map((r) => `${r.line} ${r.method} ${r.path}`),
      ['3 GET /orders/{id}', '206 POST /orders'],
    );
  });

  it('leaves out tests, mocks and browser-test folders, keeps the application', () => {
    const ignored = ['app/tests/test_users.py', 'tests/conftest.py', 'src/users.spec.ts', 'src/__tests__/app.js', 'cypress/plugins/index.js', 'e2e/playwright/server.ts', 'src/__fixtures__/app.js', 'api/users_test.py'];
    const kept = ['app/api/users.py', 'src/users.controller.ts', 'src/routes/index.js', 'backend/app/main.py'];
    assert.deepEqual(ignored.filter((f) => !isIgnoredRoutePath(f)), []);
    assert.deepEqual(kept.filter((f) => isIgnoredRoutePath(f)), []);
  });

  it('says nothing about files without routes or in other languages', () => {
    assert.deepEqual(detectRoutes('const m = new Map();\nm.get("/x", 1);\n', 'javascript'), []);
    assert.deepEqual(detectRoutes('@app.get("/x")\ndef f(): pass\n', 'ruby'), []);
    assert.deepEqual(detectRoutes('', 'python'), []);
  });
});

describe('route templates', () => {
  it('normalizes every framework style to OpenAPI style', () => {
    const cases: [string, string][] = [
      ['/items/{id}', '/items/{id}'],
      ['/items/:id', '/items/{id}'],
      ['/items/:id?', '/items/{id}'],
      ['/items/:id(\\d+)', '/items/{id}'],
      ['/items/<int:id>', '/items/{id}'],
      ['/files/<path:rest>', '/files/{rest}'],
      ['/items/<id>', '/items/{id}'],
      ['/items/{id:[0-9]+}', '/items/{id}'],
      ['/items/{id:\\d{3}}/x', '/items/{id}/x'],
      ['/assets/*filepath', '/assets/{filepath}'],
      ['items//x', '/items/x'],
      ['/flights/:from-:to', '/flights/{from}-{to}'],
    ];
    for (const [raw, want] of cases) assert.equal(normalizeRoutePath(raw), want, raw);
  });

  it('matches a route with its OpenAPI path whatever the parameter names and trailing slash', () => {
    assert.ok(routeMatchesPath('/items/{item_id}/', '/items/{itemId}'));
    assert.ok(routeMatchesPath('/items/:id', '/items/{petId}'));
    assert.ok(!routeMatchesPath('/items/{id}', '/items'));
    assert.ok(!routeMatchesPath('/items/{id}', '/items/latest'));
    assert.equal(routeShape('/'), '/');
  });
});
