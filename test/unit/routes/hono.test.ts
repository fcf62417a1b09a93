// Hono as its users write it: `new Hono().basePath('/api')`, sub-apps mounted with
// `app.route('/books', books)` from another file, typed apps (`new Hono<{ Bindings: Env }>()`).
import { strict as assert } from 'node:assert';
import { detectRoutes } from '../../../src/core/routes';
import { projectRoutes as routes } from '../../support/routeProject';

describe('route index: Hono', () => {
  it('a base path and a sub-app mounted from another file', () => {
    assert.deepEqual(
      routes({
        'src/index.ts': "import { Hono } from 'hono';\nimport books from './books';\nconst app = new Hono().basePath('/api');\napp.get('/health', (c) => c.text('ok'));\napp.route('/books', books);\nexport default app;\n",
        'src/books.ts': "import { Hono } from 'hono';\ntype Env = { Bindings: { DB: D1Database } };\nconst books = new Hono<Env>();\nbooks.get('/', (c) => c.json([]));\nbooks.put('/:id', (c) => c.json({}));\nexport default books;\n",
      }).sort(),
      ['GET /api/books', 'GET /api/health', 'PUT /api/books/{id}'],
    );
  });

  it('a Hono file is labelled hono', () => {
    const text = "import { Hono } from 'hono';\nconst app = new Hono();\napp.delete('/items/:id', remove);\nexport default app;\n";
    assert.deepEqual(detectRoutes(text, 'index.ts').map((r) => `${r.framework} ${r.method} ${r.path}`), ['hono DELETE /items/{id}']);
  });
});
