// The route index on small multi-file projects, one per form the frameworks' users write:
// each expectation is the path the framework itself would serve.
import { strict as assert } from 'node:assert';
import { projectRoutes as routes } from '../../support/routeProject';

describe('route index: prefixes across files, per framework', () => {
  it('FastAPI: include_router chains through packages, relative imports, constants, settings with defaults, mount', () => {
    assert.deepEqual(
      routes({
        'svc/config.py': 'import os\nAPI_PREFIX = os.getenv("API_PREFIX", "/api")\n\nclass Settings:\n    version: str = Field(default="v2")\n\ndef get_settings() -> Settings:\n    return Settings()\n',
        'svc/main.py':
          'from fastapi import FastAPI\nfrom .config import API_PREFIX, get_settings\nfrom .routers import users as users_routes\nfrom . import admin\n\napp = FastAPI()\nsettings = get_settings()\napp.include_router(users_routes.router, prefix=f"{API_PREFIX}/{settings.version}")\napp.include_router(admin.router)\napp.mount("/legacy", admin.legacy)\n',
        'svc/routers/__init__.py': '',
        'svc/routers/users.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/users", tags=["users"])\n\n@router.get("/{user_id}")\nasync def get_user(user_id: int): ...\n',
        'svc/admin.py': 'from fastapi import APIRouter, FastAPI\nrouter = APIRouter(prefix=PREFIX)\nlegacy = FastAPI()\n\n@router.delete("/cache")\ndef clear(): ...\n\n@legacy.get("/ping")\ndef ping(): ...\n',
      }),
      ['DELETE …/cache', 'GET /legacy/ping', 'GET /api/v2/users/{user_id}'],
    );
  });

  it('Flask: url_prefix given at registration wins, nested blueprints, add_url_rule, MethodView, methods as a tuple', () => {
    assert.deepEqual(
      routes({
        'app/__init__.py': 'from flask import Flask\nfrom app.api import api_bp\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(api_bp, url_prefix="/api/v1")\n    return app\n',
        'app/api/__init__.py': 'from flask import Blueprint\nfrom .items import items_bp\nfrom .views import ItemAPI\n\napi_bp = Blueprint("api", __name__, url_prefix="/ignored")\napi_bp.register_blueprint(items_bp)\napi_bp.add_url_rule("/items/<int:id>", view_func=ItemAPI.as_view("item"))\n',
        'app/api/items.py': 'from flask import Blueprint\nitems_bp = Blueprint("items", __name__, url_prefix="/items")\n\n@items_bp.route("/", methods=("GET", "POST"))\ndef items(): ...\n',
        'app/api/views.py': 'from flask.views import MethodView\n\nclass ItemAPI(MethodView):\n    def get(self, id): ...\n\n    def delete(self, id): ...\n',
      }),
      ['GET /api/v1/items/{id}', 'DELETE /api/v1/items/{id}', 'GET /api/v1/items/', 'POST /api/v1/items/'],
    );
  });

  it('Express: CommonJS require chains, ESM default exports, routers handed to a function, route() chains, Koa prefixes', () => {
    assert.deepEqual(
      routes({
        'server.js': "const express = require('express');\nconst app = express();\nconst api = require('./routes');\napp.use(process.env.API_BASE || '/api', api);\napp.use('/v1', require('./v1'));\nrequire('./health')(app);\n",
        'routes/index.js': "const router = require('express').Router();\nrouter.use('/users', require('./users'));\nmodule.exports = router;\n",
        'routes/users.js': "const express = require('express');\nconst router = express.Router();\nrouter.route('/:id').get(show).put(update);\nrouter.get('/', list);\nmodule.exports = router;\n",
        'health.js': "module.exports = function (app) {\n  app.get('/healthz', (req, res) => res.send('ok'));\n};\n",
        'v1/index.js': "const router = require('express').Router();\nconst defaultRoutes = [\n  // mounted below\n  { path: '/auth', route: require('./auth') },\n  { path: '/things', route: thingsRoute },\n];\nconst thingsRoute = require('./things');\ndefaultRoutes.forEach((route) => {\n  router.use(route.path, route.route);\n});\nmodule.exports = router;\n",
        'v1/things.js': "const router = require('express').Router();\nrouter.delete('/:id', remove);\nmodule.exports = router;\n",
        'koa/app.ts': "import Router from '@koa/router';\nimport orders from './orders';\nconst root = new Router({ prefix: '/shop' });\nroot.use('/orders', orders.routes());\n",
        'koa/orders.ts': "import Router from '@koa/router';\nconst router = new Router();\nrouter.post('/', create);\nexport default router;\n",
      }),
      ['GET /healthz', 'POST /shop/orders', 'GET /api/users/{id}', 'PUT /api/users/{id}', 'GET /api/users', 'DELETE /v1/things/{id}'],
    );
  });

  it('NestJS: global prefix with exclude, URI versions, RouterModule paths, { path } controllers', () => {
    assert.deepEqual(
      routes({
        'src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api', { exclude: ['health'] });\n  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });\n}\n",
        'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { RouterModule } from '@nestjs/core';\n@Module({\n  imports: [RouterModule.register([{ path: 'admin', module: AdminModule }])],\n  controllers: [HealthController],\n})\nexport class AppModule {}\n",
        'src/admin/admin.module.ts': "import { Module } from '@nestjs/common';\n@Module({ controllers: [UsersController] })\nexport class AdminModule {}\n",
        'src/admin/users.controller.ts': "import { Controller, Get, Version } from '@nestjs/common';\n@Controller({ path: 'users', version: '2' })\nexport class UsersController {\n  @Get(':id')\n  find() {}\n\n  @Version('3')\n  @Get()\n  list() {}\n}\n",
        'src/health.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('health')\nexport class HealthController {\n  @Get()\n  check() {}\n}\n",
      }),
      ['GET /api/v2/admin/users/{id}', 'GET /api/v3/admin/users', 'GET /v1/health'],
    );
  });

  it('FastAPI: a router included only through something we cannot follow is "prefix unknown" when that include adds a prefix', () => {
    const project = (prefix: string) => ({
      'app/main.py': `from fastapi import FastAPI\nfrom app.plugins import registry\nfrom app import users\n\napp = FastAPI()\napp.include_router(users.router, prefix="/users")\nfor plugin in registry.all():\n    app.include_router(plugin.events${prefix})\n`,
      'app/users.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("/{id}")\ndef get(id: int): ...\n',
      'app/slack.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/slack")\n\n@router.post("/event")\ndef event(): ...\n',
    });
    assert.deepEqual(routes(project(', prefix="/{org}/events"')), ['POST …/slack/event', 'GET /users/{id}']);
    assert.deepEqual(routes(project('')), ['POST /slack/event', 'GET /users/{id}']);
    // A prefix kept in a local of the factory.
    assert.deepEqual(
      routes({
        'svc/main.py': 'from fastapi import FastAPI\nfrom svc import items\n\ndef create_app() -> FastAPI:\n    app = FastAPI()\n    prefix = "/api/v2"\n    app.include_router(items.router, prefix=f"{prefix}/items")\n    return app\n',
        'svc/items.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("/{id}")\ndef get(id: int): ...\n',
      }),
      ['GET /api/v2/items/{id}'],
    );
    // The application's router handed to a setup function and included there: served at the root.
    assert.deepEqual(
      routes({
        'app/setup.py': 'from fastapi import APIRouter, FastAPI\n\ndef add_versioned_routers(app: FastAPI, api_router: APIRouter) -> None:\n    app.include_router(api_router)\n',
        'app/api.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/v1")\n\n@router.get("/ping")\ndef ping(): ...\n',
      }),
      ['GET /v1/ping'],
    );
  });

  it('Flask-RESTful and flask-restx: add_resource with the class methods, namespaces (own, on a class, given a path), Api on a blueprint', () => {
    assert.deepEqual(
      routes({
        'app/__init__.py': "from flask import Blueprint\nfrom flask_restx import Api\nfrom .users import api as user_ns\nfrom .auth import api as auth_ns\n\nblueprint = Blueprint('api', __name__, url_prefix='/v1')\napi = Api(blueprint, title='x')\napi.add_namespace(user_ns, path='/people')\napi.add_namespace(auth_ns)\n",
        'app/dto.py': "from flask_restx import Namespace\n\nclass UserDto:\n    api = Namespace('user', description='users')\n",
        'app/users.py': "from flask_restx import Resource\nfrom .dto import UserDto\n\napi = UserDto.api\n\n@api.route('/<public_id>')\n@api.param('public_id', 'The id')\nclass User(Resource):\n    @api.doc('get a user')\n    def get(self, public_id): ...\n\n    def delete(self, public_id): ...\n",
        'app/auth.py': "from flask_restx import Namespace, Resource\napi = Namespace('auth')\n\n@api.route('/login')\nclass Login(Resource):\n    def post(self): ...\n",
        'rest/app.py': "from flask import Flask\nfrom flask_restful import Api, Resource\napp = Flask(__name__)\napi = Api(app, prefix='/api')\n\nclass Todo(Resource):\n    def get(self, todo_id): ...\n    def put(self, todo_id): ...\n\napi.add_resource(Todo, '/todos/<todo_id>', '/todo/<todo_id>')\n",
      }),
      ['POST /v1/auth/login', 'GET /v1/people/{public_id}', 'DELETE /v1/people/{public_id}', 'GET /api/todos/{todo_id}', 'PUT /api/todos/{todo_id}', 'GET /api/todo/{todo_id}', 'PUT /api/todo/{todo_id}'],
    );
  });

  it('Express: a router made and returned by a function, mounted at a prefix from an exported config object (comments inside)', () => {
    assert.deepEqual(
      routes({
        'src/loaders/express.ts': "import express from 'express';\nimport routes from '@/api';\nimport config from '@/config';\nexport default ({ app }: { app: express.Application }) => {\n  app.use(config.api.prefix, routes());\n};\n",
        'src/config/index.ts': "export default {\n  /** the port */\n  port: parseInt(process.env.PORT, 10),\n  // API settings\n  api: {\n    prefix: '/api',\n  },\n};\n",
        'src/api/index.ts': "import { Router } from 'express';\nimport user from './routes/user';\nexport default () => {\n  const app = Router();\n  user(app);\n  return app;\n};\n",
        'src/api/routes/user.ts': "import { Router } from 'express';\nconst route = Router();\nexport default (app: Router) => {\n  app.use('/users', route);\n  route.get('/me', (req, res) => res.json({}));\n};\n",
      }),
      ['GET /api/users/me'],
    );
  });

  it('NestJS: several apps in one workspace keep their own global prefix; ConfigService prefixes from registerAs defaults, else unknown', () => {
    assert.deepEqual(
      routes({
        'apps/admin/src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AdminModule);\n  const config = app.get(ConfigService);\n  app.setGlobalPrefix(config.getOrThrow('app.apiPrefix', { infer: true }));\n}\n",
        'apps/admin/src/config/app.config.ts': "import { registerAs } from '@nestjs/config';\nexport default registerAs('app', () => {\n  return {\n    origins: (process.env.ORIGINS || '*').split(','),\n    apiPrefix: process.env.API_PREFIX || 'admin-api',\n  };\n});\n",
        'apps/admin/src/users.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('users')\nexport class UsersController {\n  @Get()\n  list() {}\n}\n",
        'apps/shop/src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(ShopModule);\n  const prefix = app.get(ConfigService).get('SHOP_PREFIX', 'shop');\n  app.setGlobalPrefix(prefix);\n}\n",
        'apps/shop/src/cart.controller.ts': "import { Controller, Post } from '@nestjs/common';\n@Controller('cart')\nexport class CartController {\n  @Post()\n  add() {}\n}\n",
        'apps/nx/src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const globalPrefix = 'nx-api';\n  app.setGlobalPrefix(globalPrefix);\n}\n",
        'apps/nx/src/app/app.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller()\nexport class AppController {\n  @Get()\n  getData() {}\n}\n",
        'apps/edge/src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(EdgeModule);\n  app.setGlobalPrefix(computePrefix());\n}\n",
        'apps/edge/src/ping.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('ping')\nexport class PingController {\n  @Get()\n  ping() {}\n}\n",
      }),
      ['GET /admin-api/users', 'GET …/ping', 'GET /nx-api', 'POST /shop/cart'],
    );
  });

  it('Koa and Express as written in the wild: router.prefix(), require(\'koa-router\')(), exported router.routes(), del, JSDoc inside route() chains, this.path class fields; no lens on an HTTP client', () => {
    assert.deepEqual(
      routes({
        'app.js': "const Koa = require('koa');\nconst app = new Koa();\nconst users = require('./routes/users');\nconst api = require('./routes/api');\napp.use(users.routes(), users.allowedMethods());\napp.use(api.routes());\n",
        'routes/users.js': "const router = require('koa-router')();\nrouter.prefix('/users');\nrouter.get('/', list);\nrouter.del('/:id', remove);\nmodule.exports = router;\n",
        'routes/api.js': "const Router = require('koa-router');\nconst router = new Router();\nconst api = new Router();\napi.use(require('./tags'));\nrouter.use('/api', api.routes());\nmodule.exports = router;\n",
        'routes/tags.js': "const Router = require('koa-router');\nconst router = new Router();\nrouter.get('/tags', list);\nmodule.exports = router.routes();\n",
        'web/items.route.js': "const express = require('express');\nconst router = express.Router();\nrouter\n  .route('/:id')\n  /**\n   * @api {get} v1/items/:id Get an item.\n   */\n  .get(show)\n  // replaces it\n  .put(replace);\nmodule.exports = router;\n",
        'front/users.api.js': "import API from '@/api';\nimport axios from 'axios';\nexport default {\n  list() {\n    return API.get('/users');\n  },\n};\n",
        'ts/post.controller.ts': "import { Router } from 'express';\nclass PostController {\n  public path = '/posts';\n  public router = Router();\n  constructor() {\n    this.router.get(`${this.path}/:id`, this.getById);\n    this.router\n      .all(`${this.path}/*`, auth)\n      .delete(`${this.path}/:id`, this.remove);\n  }\n}\n",
        'fn/app.js': "const express = require('express');\nconst router = require('./router');\nfunction createApp() {\n  const app = express();\n  const apiPrefix = '/api/v1';\n  app.use(apiPrefix, router);\n  return app;\n}\n",
        'fn/router.js': "const router = require('express').Router();\nrouter.get('/ping', h);\nmodule.exports = router;\n",
        'arr/app.js': "const express = require('express');\nconst app = express();\nconst a = new express.Router();\nconst b = express.Router();\na.get('/a', h);\nb.get('/b', h);\napp.use('/arr', [a, b]);\n",
        'web/src/App.jsx': "import { BrowserRouter as Router } from 'react-router-dom';\nimport api from './api';\nexport function load() {\n  return api.get('/users', { params: { page: 1 } });\n}\n",
        'proxy/server.js': "const express = require('express');\nconst axios = require('axios');\nconst api = require('./api');\napi.get('/proxied', async (req, res) => res.json((await axios.get('/upstream')).data));\n",
      }),
      ['GET /arr/a', 'GET /arr/b', 'GET /api/v1/ping', 'GET /proxied', 'GET /api/tags', 'GET /users', 'DELETE /users/{id}', 'GET /posts/{id}', 'DELETE /posts/{id}', 'GET /{id}', 'PUT /{id}'],
    );
  });

  it('NestJS: controller and handler paths from constants in another file (through a tsconfig alias); a commented-out setGlobalPrefix is not one', () => {
    assert.deepEqual(
      routes({
        'src/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  // app.setGlobalPrefix('/api'); if you have no subdomain\n  app.enableVersioning();\n}\n",
        'src/configs/app.routes.ts': "const usersRoot = 'users';\nconst v1 = 'v1';\nexport const routesV1 = {\n  version: v1,\n  user: {\n    root: usersRoot,\n    delete: `/${usersRoot}/:id`,\n  },\n};\n",
        'src/modules/user/delete-user.controller.ts': "import { Controller, Delete, Version } from '@nestjs/common';\nimport { routesV1 } from '@config/app.routes';\n@Controller(routesV1.version)\nexport class DeleteUserController {\n  @Delete(routesV1.user.delete)\n  remove() {}\n\n  @Version('2')\n  @Delete(routesV1.user.root)\n  removeAll() {}\n}\n",
      }),
      ['DELETE /v1/users/{id}', 'DELETE /v2/v1/users'],
    );
  });

  it('Spring: mapping on an implemented interface or a superclass, path arrays, context path and servlet path from YAML, placeholders', () => {
    assert.deepEqual(
      routes({
        'shop/src/main/resources/application.yml': 'server:\n  servlet:\n    context-path: /shop\nspring:\n  mvc:\n    servlet:\n      path: /web\napi:\n  base: /v1\n',
        'shop/src/main/java/a/ItemsApi.java': 'package a;\n@RequestMapping("${api.base}/items")\npublic interface ItemsApi {\n}\n',
        'shop/src/main/java/a/ItemsController.java': 'package a;\n@RestController\npublic class ItemsController implements ItemsApi {\n  @GetMapping(path = {"/{id}", "/by-id/{id}"})\n  public Item get() { return null; }\n}\n',
        'shop/src/main/kotlin/a/Base.kt': 'package a\n@RequestMapping(value = ["/base"])\nabstract class BaseController\n\n@RestController\nclass Child : BaseController() {\n  @PostMapping\n  fun create() {}\n}\n',
      }),
      ['GET /shop/web/v1/items/{id}', 'GET /shop/web/v1/items/by-id/{id}', 'POST /shop/web/base'],
    );
  });

  it('Go: Gin groups passed to functions in other packages, Echo empty paths, chi Route/Mount/Group, nothing from tests', () => {
    assert.deepEqual(
      routes({
        'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
        'cmd/server/main.go': 'package main\n\nimport (\n\tapi "github.com/acme/shop/internal/http"\n\t"github.com/gin-gonic/gin"\n)\n\nconst version = "/v1"\n\nfunc main() {\n\tr := gin.New()\n\tv1 := r.Group("/api" + version)\n\tapi.Register(v1)\n}\n',
        'internal/http/routes.go': 'package http\n\nimport "github.com/gin-gonic/gin"\n\nfunc Register(rg *gin.RouterGroup) {\n\tbase := "/orders"\n\torders := rg.Group(base)\n\torders.POST("", createOrder)\n\tregisterItems(orders.Group("/:id/items"))\n}\n',
        'internal/http/items.go': 'package http\n\nimport "github.com/gin-gonic/gin"\n\nfunc registerItems(g gin.IRouter) {\n\tg.GET("", listItems) // g.GET("/commented", x)\n\t_ = "g.GET(\\"/in-a-string\\", x)"\n\tg.Group("/stock").PUT("/:sku", setStock)\n}\n',
        'web/chi.go': 'package web\n\nimport "github.com/go-chi/chi/v5"\n\nfunc Router() chi.Router {\n\tr := chi.NewRouter()\n\tr.Group(func(r chi.Router) {\n\t\tr.Get("/me", me)\n\t})\n\tr.Mount("/admin", admin())\n\treturn r\n}\n\nfunc admin() chi.Router {\n\tr := chi.NewRouter()\n\tr.Delete("/{id}", remove)\n\treturn r\n}\n',
        'internal/http/routes_test.go': 'package http\n\nfunc TestX(t *testing.T) {\n\tr := gin.New()\n\tr.GET("/throwaway", h)\n}\n',
      }).filter((r) => !r.includes('throwaway')),
      ['GET /api/v1/orders/{id}/items', 'PUT /api/v1/orders/{id}/items/stock/{sku}', 'POST /api/v1/orders', 'GET /me', 'DELETE /admin/{id}'],
    );
  });

  it('more ways users write it: inherited settings, class-held Express routers, template-literal mounts, env defaults, unresolvable constants', () => {
    assert.deepEqual(
      routes({
        'api/settings/base.py': 'class BaseAppSettings:\n    api_prefix: str = "/api"\n',
        'api/settings/app.py': 'from api.settings.base import BaseAppSettings\n\nclass AppSettings(BaseAppSettings):\n    debug: bool = False\n',
        'api/main.py': 'from fastapi import FastAPI\nfrom api.settings.app import AppSettings\nfrom api import tags\n\napp = FastAPI()\nsettings = AppSettings()\napp.include_router(tags.router, prefix=settings.api_prefix + "/tags")\n',
        'api/tags.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("")\ndef tags(): ...\n',
        'web/app.ts': "import express from 'express';\nimport { UserRoutes } from './user.routes';\nconst API = '/api/v2';\nconst app = express();\napp.use(`${API}/users`, new UserRoutes().router);\n",
        'web/user.routes.ts': "import { Router } from 'express';\nconst PATHS = { one: '/:id' };\nexport class UserRoutes {\n  public router = Router();\n  constructor() {\n    this.router.get(PATHS.one, this.show);\n    this.router.put(`${PATHS.one}/name`, this.rename);\n    this.router.get(unknownPath, this.nope);\n  }\n}\n",
        'nest/main.ts': "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix(process.env.API_PREFIX || 'v1');\n}\n",
        'nest/cats.controller.ts': "import { Controller, Post } from '@nestjs/common';\n@Controller('cats')\nexport class CatsController {\n  @Post()\n  create() {}\n}\n",
        'jvm/src/main/java/x/Orders.java': 'package x;\n@RestController\n@RequestMapping(Paths.ORDERS)\npublic class Orders {\n  @GetMapping("/{id}")\n  public String get() { return ""; }\n}\n',
        'jvm/src/main/java/x/Users.java': 'package x;\n@RestController\n@RequestMapping(ApiPaths.USERS)\npublic class Users {\n  @GetMapping(ApiPaths.ONE + "/profile")\n  public String get() { return ""; }\n}\n',
        'jvm/src/main/java/x/ApiPaths.java': 'package x;\npublic final class ApiPaths {\n  public static final String BASE = "/api/v3";\n  public static final String USERS = BASE + "/users";\n  public static final String ONE = "/{id}";\n}\n',
      }),
      ['GET /api/tags', 'GET …/{id}', 'GET /api/v3/users/{id}/profile', 'POST /v1/cats', 'GET /api/v2/users/{id}', 'PUT /api/v2/users/{id}/name'],
    );
  });

  it('Go: methods of the same name on several handler types, told apart by the value each is called on', () => {
    assert.deepEqual(
      routes({
        'go.mod': 'module example.com/blog\n',
        'main.go': 'package main\n\nimport (\n\t"example.com/blog/handlers"\n\t"github.com/go-chi/chi/v5"\n\t"github.com/labstack/echo/v4"\n)\n\nfunc main() {\n\te := echo.New()\n\tapi := e.Group("/api")\n\tuserHandler := handlers.NewUserHandler(db)\n\tpostHandler := &handlers.PostHandler{DB: db}\n\tuserHandler.RegisterRoutes(api.Group("/users"))\n\tpostHandler.RegisterRoutes(api.Group("/posts"))\n\tr := chi.NewRouter()\n\tr.Mount("/v2/posts", postHandler.Routes())\n}\n',
        'handlers/users.go': 'package handlers\n\nimport "github.com/labstack/echo/v4"\n\ntype UserHandler struct{}\n\nfunc NewUserHandler(db *DB) *UserHandler { return &UserHandler{} }\n\nfunc (h *UserHandler) RegisterRoutes(g *echo.Group) {\n\tg.GET("/:id", h.get)\n}\n',
        'handlers/posts.go': 'package handlers\n\nimport (\n\t"github.com/go-chi/chi/v5"\n\t"github.com/labstack/echo/v4"\n)\n\ntype PostHandler struct{ DB *DB }\n\nfunc (h *PostHandler) RegisterRoutes(g *echo.Group) {\n\tg.POST("", h.create)\n}\n\nfunc (h *PostHandler) Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Get("/", h.list)\n\treturn r\n}\n',
        'app/main.py': 'from fastapi import FastAPI\nfrom app import items\napp = FastAPI()\napp.include_router(router=items.router, prefix="/items")\n',
        'app/items.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("/{id}")\ndef get(id: int): ...\n',
      }),
      ['GET /items/{id}', 'POST /api/posts', 'GET /v2/posts', 'GET /api/users/{id}'],
    );
  });
  it('Express: a router reached as a property of a whole imported module (require, import * as), exported by exports.x, module.exports.x or a named export; a prefix from a required config object', () => {
    assert.deepEqual(
      routes({
        'server.js':
          "const express = require('express');\nconst app = express();\nconst api = require('./api');\nconst admin = require('./admin');\nconst settings = require('./settings');\napp.use('/v1', api.router);\napp.use(settings.paths.admin, admin.router);\n",
        'settings.js': "const config = {\n  paths: { admin: '/admin' },\n};\nmodule.exports = config;\n",
        'api.js': "const express = require('express');\nconst router = express.Router();\nrouter.get('/users', list);\nmodule.exports.router = router;\n",
        'admin.js': "const router = require('express').Router();\nrouter.delete('/cache', clear);\nexports.router = router;\n",
        'esm/app.ts': "import express from 'express';\nimport * as orders from './orders';\nconst app = express();\napp.use('/shop', orders.ordersRouter);\n",
        'esm/orders.ts': "import { Router } from 'express';\nexport const ordersRouter = Router();\nordersRouter.post('/orders', create);\n",
      }),
      ['DELETE /admin/cache', 'GET /v1/users', 'POST /shop/orders'],
    );
  });
});
