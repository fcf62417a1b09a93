import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanDocsPage, scanScript } from '../../../src/core/openapi/docsPage';

const swaggerUiDist = path.dirname(require.resolve('swagger-ui-dist/package.json'));

describe('finding the document URL in a docs page', () => {
  it('swagger-ui-dist\'s own page: no URL inline, points at its initializer script', () => {
    const f = scanDocsPage(fs.readFileSync(path.join(swaggerUiDist, 'index.html'), 'utf8'));
    assert.equal(f.kind, 'swagger-ui');
    assert.deepEqual(f.links, []);
    assert.deepEqual(f.scripts, ['./swagger-initializer.js']);
    assert.deepEqual(scanScript(fs.readFileSync(path.join(swaggerUiDist, 'swagger-initializer.js'), 'utf8')).links, [{ url: 'https://petstore.swagger.io/v2/swagger.json' }]);
  });

  it('a FastAPI-style inline configuration', () => {
    const html = `<div id="swagger-ui"></div><script src="https://cdn.example/swagger-ui-bundle.js"></script>
      <script>const ui = SwaggerUIBundle({ url: '/openapi.json', "dom_id": "#swagger-ui", oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect' })</script>`;
    const f = scanDocsPage(html);
    assert.deepEqual(f.links, [{ url: '/openapi.json' }]);
    assert.deepEqual(f.scripts, []);
  });

  it('urls[] with names, and springdoc\'s configUrl', () => {
    const js = `window.ui = SwaggerUIBundle({ urls: [{ url: "/v3/api-docs/public", name: "public" }, { name: 'admin', url: '/v3/api-docs/admin' }], "urls.primaryName": "public" });`;
    assert.deepEqual(scanScript(js).links, [{ url: '/v3/api-docs/public', name: 'public' }, { url: '/v3/api-docs/admin', name: 'admin' }]);
    assert.deepEqual(scanScript(`SwaggerUIBundle({ configUrl: "/v3/api-docs/swagger-config", dom_id: '#swagger-ui' })`).configUrls, ['/v3/api-docs/swagger-config']);
    assert.deepEqual(scanScript('{"configUrl":"/v3/api-docs/swagger-config","oauth2RedirectUrl":"x","url":"/v3/api-docs","validatorUrl":""}').links, [{ url: '/v3/api-docs' }]);
  });

  it('url built from the page origin', () => {
    assert.deepEqual(scanScript('SwaggerUIBundle({ url: window.location.origin + "/api/swagger.json" })').links, [{ url: '/api/swagger.json' }]);
  });

  it('ReDoc and Scalar pages', () => {
    assert.deepEqual(scanDocsPage('<html><body><redoc spec-url="/openapi.json"></redoc><script src="https://cdn/redoc.standalone.js"></script></body></html>'), { kind: 'redoc', links: [{ url: '/openapi.json' }], configUrls: [], scripts: [] });
    assert.deepEqual(scanDocsPage('<script>Redoc.init("spec.yaml", {}, el)</script>').links, [{ url: 'spec.yaml' }]);
    assert.deepEqual(scanDocsPage('<script id="api-reference" data-url="/openapi.yaml"></script>').links, [{ url: '/openapi.yaml' }]);
  });

  it('a hostile page of a megabyte of unclosed tags and url lists is read in one pass, finding what follows', () => {
    // Each of these used to rescan the rest of the page from every repetition (minutes for this size).
    const garbage = ['<script src=', '<redoc spec-url=', '<script id="api-reference" ', 'urls: [', 'urls: [{url: "a", '].map((g) => g.repeat(20_000)).join('\n');
    const f = scanDocsPage(`<html><div id="swagger-ui"></div>\n${garbage}\n<script src="./swagger-initializer.js"></script>`);
    assert.equal(f.kind, 'swagger-ui');
    assert.ok(f.scripts.includes('./swagger-initializer.js'));
    const js = scanScript(`${'urls: ['.repeat(100_000)}\nSwaggerUIBundle({ url: "/openapi.json" })`);
    assert.deepEqual(js.links, [{ url: '/openapi.json' }]);
  });

  it('an ordinary HTML page is not a docs page', () => {
    const f = scanDocsPage('<!DOCTYPE html><html><body><a href="/about">About</a><script src="/app.js"></script></body></html>');
    assert.equal(f.kind, undefined);
    assert.deepEqual(f.links, []);
  });
});
