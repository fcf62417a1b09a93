// Fastify as its users write it: plugins registered with a prefix (`register(users, { prefix })`,
// `fp(plugin)`), the full `route({ method, url })` form, and folders loaded by @fastify/autoload
// (each subfolder's name a prefix) — with the full path on each lens, and nothing for a
// catch-all.
import { strict as assert } from 'node:assert';
import { detectRoutes } from '../../../src/core/routes';
import { projectRoutes as routes } from '../../support/routeProject';

describe('route index: Fastify', () => {
  it('a plugin registered with a prefix, in ESM and CommonJS; route() with one method or several', () => {
    assert.deepEqual(
      routes({
        'src/server.ts': "import Fastify from 'fastify';\nimport users from './users';\nconst { orders } = require('./orders');\nconst fastify = Fastify();\nfastify.register(users, { prefix: '/v1/users' });\nfastify.register(orders, { prefix: '/v1/orders' });\nfastify.get('/health', async () => ({ ok: true }));\nfastify.get('*', spa);\n",
        'src/users.ts': "import type { FastifyInstance } from 'fastify';\nexport default async function (fastify: FastifyInstance) {\n  fastify.get('/:id', show);\n  fastify.route({ method: ['PUT', 'PATCH'], url: '/:id', handler: update });\n}\n",
        'src/orders.js': "async function orders(fastify, opts) {\n  fastify.post('/', create);\n  fastify.route({\n    method: 'DELETE',\n    url: '/:orderId',\n    handler: remove,\n  });\n}\nmodule.exports = { orders };\n",
      }).sort(),
      ['DELETE /v1/orders/{orderId}', 'GET /health', 'GET /v1/users/{id}', 'PATCH /v1/users/{id}', 'POST /v1/orders', 'PUT /v1/users/{id}'],
    );
  });

  it('@fastify/autoload: each file under the folder is served under its subfolders, after the autoload prefix', () => {
    const plugin = (verb: string, path: string) => `import { FastifyPluginAsync } from 'fastify';\nconst plugin: FastifyPluginAsync = async (fastify) => {\n  fastify.${verb}('${path}', async () => ({}));\n};\nexport default plugin;\n`;
    assert.deepEqual(
      routes({
        'src/app.ts': "import path from 'node:path';\nimport AutoLoad from '@fastify/autoload';\nexport default async function app(fastify, opts) {\n  fastify.register(AutoLoad, { dir: path.join(__dirname, 'plugins') });\n  fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: { prefix: '/api' } });\n}\n",
        'src/routes/root.ts': plugin('get', '/'),
        'src/routes/users/index.ts': plugin('post', '/'),
        'src/routes/users/avatars/index.ts': plugin('get', '/:id'),
        'src/plugins/db.ts': "import fp from 'fastify-plugin';\nexport default fp(async (fastify) => { fastify.decorate('db', {}); });\n",
      }).sort(),
      ['GET /api', 'GET /api/users/avatars/{id}', 'POST /api/users'],
    );
  });

  it('a Fastify file is labelled fastify; a CORS preflight or fallback on * is no route', () => {
    const text = "const fastify = require('fastify')();\nfastify.options('*', cors);\nfastify.get('/items', list);\n";
    assert.deepEqual(detectRoutes(text, 'server.js').map((r) => `${r.framework} ${r.method} ${r.path}`), ['fastify GET /items']);
  });
});
