// routing-controllers on Express: `@JsonController('/users')` classes with `@Get('/:id')`
// handlers, under the `routePrefix` given to `useExpressServer` / `createExpressServer`.
import { strict as assert } from 'node:assert';
import { projectRoutes as routes } from '../../support/routeProject';

const controller = "import { Body, Get, JsonController, Param, Post } from 'routing-controllers';\n@JsonController('/users')\nexport class UserController {\n  @Get('/:id')\n  one(@Param('id') id: string) {}\n  @Post()\n  create(@Body() body: unknown) {}\n}\n";

describe('route index: routing-controllers', () => {
  it('the routePrefix given to useExpressServer, then the controller path', () => {
    assert.deepEqual(
      routes({
        'src/app.ts': "import express from 'express';\nimport { useExpressServer } from 'routing-controllers';\nconst app = express();\nuseExpressServer(app, { routePrefix: '/api', controllers: [UserController] });\n",
        'src/controllers/UserController.ts': controller,
      }),
      ['GET /api/users/{id}', 'POST /api/users'],
    );
  });

  it('a routePrefix from the environment: its default, else prefix unknown', () => {
    const server = (prefix: string) => `import { createExpressServer } from 'routing-controllers';\nconst app = createExpressServer({ routePrefix: ${prefix}, controllers: [__dirname + '/controllers/*.ts'] });\n`;
    assert.deepEqual(routes({ 'src/server.ts': server("process.env.PREFIX || '/v1'"), 'src/controllers/UserController.ts': controller }), ['GET /v1/users/{id}', 'POST /v1/users']);
    assert.deepEqual(routes({ 'src/server.ts': server('env.app.routePrefix'), 'src/controllers/UserController.ts': controller }), ['GET …/users/{id}', 'POST …/users']);
  });
});
