// The JS/TS and Python scanners read a file once to find where their patterns can start (a
// line's first word, a keyword, a router call) and try each pattern only there. These are the
// places that shortcut could miss: a keyword at the very start of the file, `export` on the
// line before its `const`, Windows line endings, spaces between the dot and the method, an
// indented decorator, a multi-line import, `module.exports.x =`, a route table in a `for` loop.
import { strict as assert } from 'node:assert';
import { detectRoutes } from '../../../src/core/routes';
import { projectRoutes as routes } from '../../support/routeProject';

const lines = (text: string, file: string) => detectRoutes(text, file).map((r) => `${r.line}:${r.column} ${r.method} ${r.path}`);

describe('route scanners: where they look', () => {
  it('Express: a router made on the first line, CRLF endings, spaces and a line break between the dot and the method', () => {
    const text = "const router = require('express').Router();\r\nconst BASE = '/items';\r\nrouter . get (BASE + '/:id', show);\r\nrouter\r\n  .post('/', create);\r\n// router.delete('/x', h)\r\nmodule.exports = router;\r\n";
    assert.deepEqual(lines(text, 'items.js'), ['3:1 GET /items/{id}', '5:3 POST /']);
  });

  it('Express: a regular expression holding a backtick or quote hides no route after it; a router declared in a comment is none', () => {
    const text = [
      "const express = require('express');",
      'const app = express();',
      'const quote = /[`\'"]/g;',
      "app.get('/after-regex', show);",
      "const half = total / 2; app.post('/after-division', create);",
      "// const admin = express.Router(); admin.get('/commented', h);",
      "admin.get('/not-a-router', h);",
      'const done = `ok`;',
    ].join('\n');
    assert.deepEqual(lines(text, 'app.js'), ['4:1 GET /after-regex', '5:25 POST /after-division']);
  });

  it('Express: a constant exported on the line before, module.exports.x and a route table looped with for…of', () => {
    assert.deepEqual(
      routes({
        'consts.js': "export\nconst V1 = '/v1';\n",
        'app.js': "const express = require('express');\nconst { V1 } = require('./consts');\nconst { router } = require('./api');\nconst app = express();\napp.use(V1, router);\n",
        'api.js': "const express = require('express');\nconst router = express.Router();\nconst users = require('./users');\nconst routes = [\n  { path: '/users', route: users },\n];\nfor (const r of routes) router.use(r.path, r.route);\nrouter.get('/status', status);\nmodule.exports.router = router;\n",
        'users.js': "const router = require('express').Router();\nrouter.get('/:id', show);\nmodule.exports = router;\n",
      }).sort(),
      ['GET /v1/status', 'GET /v1/users/{id}'],
    );
  });

  it('FastAPI: CRLF endings, a multi-line import, an indented decorator, a settings class read through an instance', () => {
    assert.deepEqual(
      routes({
        'app/config.py': 'from pydantic_settings import BaseSettings\r\n\r\nclass Settings(BaseSettings):\r\n    API_V1_STR: str = "/api/v1"\r\n\r\nsettings = Settings()\r\n',
        'app/main.py': 'from fastapi import (\r\n    APIRouter,\r\n    FastAPI,\r\n)\r\nfrom app.config import settings\r\n\r\napp = FastAPI()\r\nrouter = APIRouter(prefix="/items")\r\n\r\nif True:\r\n    @router.get("/{item_id}")\r\n    def read(item_id: int): ...\r\n\r\n# @router.delete("/{item_id}")\r\n\r\napp.include_router(router, prefix=settings.API_V1_STR)\r\n',
      }),
      ['GET /api/v1/items/{item_id}'],
    );
  });
});
