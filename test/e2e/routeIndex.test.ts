// Full route paths across files in a real VS Code (code-server): a FastAPI router whose prefix
// is declared in another file (a settings default and an include_router chain) shows the full
// path in its lens; changing the prefix in that other file on disk updates the lens; a router
// in a test file gets no lens; a Go group whose prefix is computed at run time says so; an
// Express handler for every method (`app.all`) that no API description documents gets one
// `Load test ANY` lens that asks which method to send.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../support/codeServer';

const files: Record<string, string> = {
  'app/core/config.py': 'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    API_V1_STR: str = "/api/v1"\n\n\nsettings = Settings()\n',
  'app/main.py': 'from fastapi import FastAPI\n\nfrom app.api.main import api_router\nfrom app.core.config import settings\n\napp = FastAPI()\napp.include_router(api_router, prefix=settings.API_V1_STR)\n',
  'app/api/main.py': 'from fastapi import APIRouter\n\nfrom app.api.routes import orders\n\napi_router = APIRouter()\napi_router.include_router(orders.router, prefix="/orders", tags=["orders"])\n',
  'app/api/routes/__init__.py': '',
  'app/api/routes/orders.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/{order_id}")\ndef read_order(order_id: int):\n    return {"id": order_id}\n',
  'tests/test_orders.py': 'from fastapi import APIRouter\n\nthrowaway = APIRouter()\n\n\n@throwaway.get("/only-in-tests")\ndef fake():\n    return {}\n',
  'go.mod': 'module example.com/shop\n\ngo 1.22\n',
  'cmd/main.go': 'package main\n\nimport (\n\t"os"\n\n\t"github.com/gin-gonic/gin"\n\t"example.com/shop/items"\n)\n\nfunc main() {\n\tr := gin.Default()\n\titems.Register(r.Group(os.Getenv("BASE")))\n\t_ = r.Run()\n}\n',
  'server/hooks.js': "const express = require('express');\nconst app = express();\napp.all('/webhooks/github', receive);\napp.listen(3000);\n",
  'items/routes.go': 'package items\n\nimport "github.com/gin-gonic/gin"\n\nfunc Register(g *gin.RouterGroup) {\n\tg.GET("/items", list)\n}\n\nfunc list(c *gin.Context) {}\n',
};

describe('Route lenses with prefixes from other files in a real VS Code (code-server)', () => {
  let wb: Workbench;
  let workspace: string;
  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-e2e-routes-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
    wb = await launchWorkbench({ workspace });
  });
  after(async () => {
    await wb?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await wb?.screenshot(`routes-failure-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
      console.log(wb?.extensionLog().slice(-3000));
    }
  });

  const lens = (text: string | RegExp) => wb.page.locator('.codelens-decoration a', { hasText: text }).first();

  it('shows the full path of a route whose prefixes are declared in two other files', async () => {
    await wb.openFile('orders.py');
    await lens('Load test GET /api/v1/orders/{order_id}').waitFor({ timeout: 90000 });
    await wb.screenshot('routes-full-path-lens');
  });

  it('follows a prefix changed in another file on disk', async () => {
    fs.writeFileSync(path.join(workspace, 'app/core/config.py'), files['app/core/config.py'].replace('/api/v1', '/api/v2'));
    await lens('Load test GET /api/v2/orders/{order_id}').waitFor({ timeout: 60000 });
  });

  it('says when a prefix is only known at run time, and puts no lens in a test file', async () => {
    await wb.openFile('routes.go');
    await lens('Load test GET …/items').waitFor({ timeout: 60000 });
    await wb.openFile('test_orders.py');
    await wb.page.locator('.monaco-editor .view-line', { hasText: 'only-in-tests' }).first().waitFor({ timeout: 20000 });
    // Lenses of the file would be up by now (the Go file's came within the same index).
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await wb.page.locator('.codelens-decoration a', { hasText: 'only-in-tests' }).count(), 0);
  });

  it('an app.all handler no server documents gets one ANY lens, which asks for the method', async () => {
    await wb.openFile('hooks.js');
    await lens('Load test ANY /webhooks/github').click({ timeout: 60000 });
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Load test /webhooks/github' }).waitFor({ state: 'visible', timeout: 20000 });
    for (const method of ['GET', 'POST', 'DELETE']) await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: method }).first().waitFor({ timeout: 20000 });
    await wb.screenshot('routes-any-method-pick');
    await wb.page.keyboard.press('Escape');
  });
});
