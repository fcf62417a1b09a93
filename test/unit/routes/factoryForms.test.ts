// Routers whose prefix is a parameter of the function that makes them, routes that take every
// HTTP method, and Spring functional predicates combined with and()/nest(): the path and methods
// the framework itself would serve.
import { strict as assert } from 'node:assert';
import { projectRoutes as routes } from '../../support/routeProject';

const fastapiFactory =
  'from fastapi import APIRouter\n\n\ndef create_router(prefix: str, tags=None) -> APIRouter:\n    router = APIRouter(prefix=prefix, tags=tags)\n\n    @router.get("/items")\n    def list_items(): ...\n\n    return router\n\n\ndef health_router():\n    router = APIRouter(prefix="/health")\n\n    @router.get("")\n    def health(): ...\n\n    return router\n';

describe('route index: router factories (Python)', () => {
  it('FastAPI: one lens per call-site prefix (positional, keyword, through a variable); a prefix computed at run time stays unknown', () => {
    assert.deepEqual(
      routes({
        'app/api/factory.py': fastapiFactory,
        'app/main.py':
          'from fastapi import FastAPI\nfrom app.api.factory import create_router, health_router\n\napp = FastAPI()\napp.include_router(create_router("/v1"))\nv2 = create_router(prefix="/v2", tags=["v2"])\napp.include_router(v2)\napp.include_router(health_router(), prefix="/api")\napp.include_router(create_router(get_prefix()))\n',
      }),
      ['GET /v1/items', 'GET /v2/items', 'GET …/items', 'GET /api/health'],
    );
  });

  it('FastAPI: a prefix built from the parameters (f-string with a module constant), bound per call', () => {
    assert.deepEqual(
      routes({
        'app/versioned.py': 'from fastapi import APIRouter\n\nBASE = "/api"\n\n\ndef versioned_router(version: str, name="items"):\n    router = APIRouter(prefix=f"{BASE}/{version}/{name}")\n\n    @router.get("/{id}")\n    def get(id: int): ...\n\n    return router\n',
        'app/main.py': 'from fastapi import FastAPI\nfrom app.versioned import versioned_router\n\nV2 = "v2"\napp = FastAPI()\napp.include_router(versioned_router("v1"))\napp.include_router(versioned_router(V2, name="orders"))\n',
      }),
      ['GET /api/v1/items/{id}', 'GET /api/v2/orders/{id}'],
    );
  });

  it('FastAPI: the factory and its call in one file, the variable named as the factory\'s own router', () => {
    assert.deepEqual(
      routes({
        'app/main.py': 'from fastapi import APIRouter, FastAPI\n\n\ndef create_router(prefix):\n    router = APIRouter(prefix=prefix)\n\n    @router.get("/ping")\n    def ping(): ...\n\n    return router\n\n\napp = FastAPI()\nrouter = create_router("/v1")\napp.include_router(router)\n',
      }),
      ['GET /v1/ping'],
    );
  });

  it('FastAPI: a factory nobody is seen calling keeps its prefix unknown, and two factories using the same local name stay apart', () => {
    assert.deepEqual(routes({ 'app/api/factory.py': fastapiFactory }), ['GET …/items', 'GET /health']);
  });

  it('Flask: a blueprint built in a function taking url_prefix, with a constant, the default, or replaced at registration', () => {
    assert.deepEqual(
      routes({
        'app/bp.py': 'from flask import Blueprint\n\n\ndef make_blueprint(name, url_prefix="/default"):\n    bp = Blueprint(name, __name__, url_prefix=url_prefix)\n\n    @bp.route("/things", methods=["GET", "POST"])\n    def things(): ...\n\n    return bp\n',
        'app/__init__.py':
          'from flask import Flask\nfrom app.bp import make_blueprint\n\nAPI = "/api"\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(make_blueprint("a", API + "/a"))\n    app.register_blueprint(make_blueprint("b"))\n    app.register_blueprint(make_blueprint("c", "/ignored"), url_prefix="/c")\n    return app\n',
      }),
      ['GET /api/a/things', 'GET /default/things', 'GET /c/things', 'POST /api/a/things', 'POST /default/things', 'POST /c/things'],
    );
  });
});

describe('route index: routers mounted in a loop (Python)', () => {
  it('for router in a module-level list (over several lines, with comments) or a tuple written in the loop: each one is mounted', () => {
    assert.deepEqual(
      routes({
        'app/routers/users.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/users")\n\n@router.get("/{id}")\ndef get(id: int): ...\n',
        'app/routers/items.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/items")\n\n@router.get("")\ndef list_items(): ...\n',
        'app/main.py':
          'from fastapi import FastAPI\nfrom app.routers import users, items\n\nROUTERS = [\n    users.router,  # people\n    items.router,\n]\n\napp = FastAPI()\nfor router in ROUTERS:\n    app.include_router(router, prefix="/api")\n\n\ndef create_app():\n    other = FastAPI()\n    for r in (users.router, items.router):\n        other.include_router(r, prefix="/v2")\n    return other\n',
      }),
      ['GET /api/items', 'GET /v2/items', 'GET /api/users/{id}', 'GET /v2/users/{id}'],
    );
  });
});

describe('route index: Spring functional predicates', () => {
  it('Java: a verb predicate and()-ed with accept(), path() and()-ed with method() either way round, andNest(path()), nest(path().and(accept())), path() alone answers every method', () => {
    const java = `package demo;

import static org.springframework.web.reactive.function.server.RequestPredicates.*;
import static org.springframework.web.reactive.function.server.RouterFunctions.*;

@Configuration
public class Routes {
  @Bean
  RouterFunction<ServerResponse> routes(Handler h) {
    return route(RequestPredicates.GET("/x").and(accept(MediaType.APPLICATION_JSON)), h::x)
        .andRoute(path("/a").and(method(HttpMethod.POST)), h::a)
        .andRoute(RequestPredicates.method(HttpMethod.PUT).and(RequestPredicates.path("/b")), h::b)
        .andNest(path("/api"), route(GET("/items"), h::items).andRoute(POST("/items").and(contentType(APPLICATION_JSON)), h::add))
        .and(nest(path("/v2").and(accept(APPLICATION_JSON)), route(DELETE("/items/{id}"), h::del)))
        .and(route(GET("/c").or(GET("/d")), h::cd))
        .and(route(path("/e"), h::any))
        .andRoute(RequestPredicates.path("/f"), h::any);
  }
}
`;
    assert.deepEqual(routes({ 'src/main/java/demo/Routes.java': java }), [
      'GET /x',
      'POST /a',
      'PUT /b',
      'GET /api/items',
      'POST /api/items',
      'DELETE /v2/items/{id}',
      'GET /c',
      'GET /d',
      'ANY /e',
      'ANY /f',
    ]);
  });

  it('Kotlin: infix and with method(), a path inside a combined predicate before nest, a loop variable in the path', () => {
    const kotlin = `package demo

@Configuration
class Routes {
  @Bean
  fun routes(h: Handler) = coRouter {
    "/api".nest {
      (path("/a") and method(HttpMethod.PATCH)).invoke(h::a)
      GET("/b", h::b)
    }
    (accept(APPLICATION_JSON) and "/v2").nest {
      path("/c").nest { GET("/d", h::d) }
    }
    (2012..CURRENT_EVENT).forEach { year ->
      GET("/$year/about") { h.about(it, year) }
    }
  }
}
`;
    assert.deepEqual(routes({ 'src/main/kotlin/demo/Routes.kt': kotlin }), ['PATCH /api/a', 'GET /api/b', 'GET /v2/c/d', 'GET /{year}/about']);
  });
});

describe('route index: Spring base controllers', () => {
  it("a base class's handlers are served under each subclass's mapping (one lens per subclass path)", () => {
    assert.deepEqual(
      routes({
        'src/main/java/demo/BaseController.java': 'package demo;\n\npublic abstract class BaseController<T> {\n    @GetMapping("/{id}")\n    public T get(@PathVariable Long id) { return null; }\n}\n',
        'src/main/java/demo/OrderController.java': 'package demo;\n\n@RestController\n@RequestMapping({"/orders", "/v2/orders"})\npublic class OrderController extends BaseController<Order> {\n    @GetMapping("/recent")\n    public List<Order> recent() { return null; }\n}\n',
        'src/main/java/demo/ItemController.java': 'package demo;\n\n@RestController\n@RequestMapping("/items")\npublic class ItemController extends BaseController<Item> {\n}\n',
      }),
      ['GET /items/{id}', 'GET /orders/{id}', 'GET /v2/orders/{id}', 'GET /orders/recent', 'GET /v2/orders/recent'],
    );
  });
});

describe('route index: Spring Cloud Config', () => {
  it("a service's context path served by a config server in the workspace (named after spring.application.name) wins over its own files", () => {
    const controller = (pkg: string) => `package ${pkg};\n\n@RestController\n@RequestMapping("/users")\npublic class UserController {\n  @GetMapping("/current")\n  public User current() { return null; }\n}\n`;
    assert.deepEqual(
      routes({
        'auth/src/main/resources/bootstrap.yml': 'spring:\n  application:\n    name: auth-service\n',
        'auth/src/main/resources/application.yml': 'server:\n  servlet:\n    context-path: /local\n',
        'auth/src/main/java/auth/UserController.java': controller('auth'),
        'account/src/main/resources/bootstrap.yml': 'spring:\n  application:\n    name: account-service\n',
        'account/src/main/java/account/UserController.java': controller('account'),
        'config/src/main/resources/shared/auth-service.yml': 'server:\n  servlet:\n    context-path: /uaa\n',
        'config/src/main/resources/shared/other-service.yml': 'server:\n  servlet:\n    context-path: /other\n',
      }),
      ['GET /users/current', 'GET /uaa/users/current'],
    );
  });
});

describe('route index: Go handler paths from constants', () => {
  it('chi: a router kept in a struct field, paths named by constants of the same package in another file (bare or with a suffix)', () => {
    assert.deepEqual(
      routes({
        'go.mod': 'module example.com/srv\n',
        'internal/httpd/paths.go': 'package httpd\n\nconst (\n\thealthzPath = "/healthz"\n\tadminPath   = "/api/v2/admins"\n)\n',
        'internal/httpd/server.go':
          'package httpd\n\nimport "github.com/go-chi/chi/v5"\n\ntype httpdServer struct {\n\trouter *chi.Mux\n}\n\nfunc (s *httpdServer) initializeRouter() {\n\ts.router = chi.NewRouter()\n\ts.router.Get(healthzPath, s.health)\n\ts.router.Post(adminPath+"/{username}/reset-password", s.reset)\n\tkey := r.Header.Get(headerName)\n}\n',
      }),
      ['GET /healthz', 'POST /api/v2/admins/{username}/reset-password'],
    );
  });

  it('Gin: a prefix read from config.yaml into a settings struct (tags name the keys); Use() keeps the routes on the same group', () => {
    const files = (prefix: string) => ({
      'server/go.mod': 'module example.com/admin\n',
      'server/config.yaml': `system:\n  db-type: mysql\n  router-prefix: ${prefix}\n`,
      'server/config/system.go': 'package config\n\ntype System struct {\n\tDbType       string `mapstructure:"db-type" json:"db-type" yaml:"db-type"`\n\tRouterPrefix string `mapstructure:"router-prefix" json:"router-prefix" yaml:"router-prefix"`\n}\n',
      'server/config/config.go': 'package config\n\ntype Server struct {\n\tSystem System `mapstructure:"system" json:"system" yaml:"system"`\n}\n',
      'server/global/global.go': 'package global\n\nimport "example.com/admin/config"\n\nvar GVA_CONFIG config.Server\n',
      'server/initialize/router.go':
        'package initialize\n\nimport (\n\t"example.com/admin/global"\n\t"example.com/admin/router"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc Routers() *gin.Engine {\n\tRouter := gin.New()\n\tPublicGroup := Router.Group(global.GVA_CONFIG.System.RouterPrefix)\n\tPublicGroup.GET("/health", health)\n\trouter.InitUserRouter(PublicGroup)\n\treturn Router\n}\n',
      'server/router/user.go': 'package router\n\nimport "github.com/gin-gonic/gin"\n\nfunc InitUserRouter(Router *gin.RouterGroup) {\n\tuserRouter := Router.Group("user").Use(middleware.OperationRecord())\n\tuserRouter.POST("changePassword", changePassword)\n\trecorded := Router.Use(middleware.OperationRecord())\n\trecorded.GET("me", me)\n}\n',
    });
    assert.deepEqual(routes(files('""')), ['GET /health', 'POST /user/changePassword', 'GET /me']);
    assert.deepEqual(routes(files('/api')), ['GET /api/health', 'POST /api/user/changePassword', 'GET /api/me']);
  });

});

describe('route index: Go routes that answer every method', () => {
  it('Gin and Echo Any, Fiber All (and a Fiber Route closure), chi Handle/HandleFunc, net/http HandleFunc without a method, gorilla without Methods: one ANY route; Match keeps its methods', () => {
    assert.deepEqual(
      routes({
        'gin.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.New()\n\tr.Any("/proxy/*path", proxy)\n\tr.Match([]string{"GET", "HEAD"}, "/health", health)\n}\n',
        'echo/main.go': 'package main\n\nimport "github.com/labstack/echo/v4"\n\nfunc main() {\n\te := echo.New()\n\tapi := e.Group("/api")\n\tapi.Any("/*", notFound)\n}\n',
        'fiber/main.go': 'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc main() {\n\tapp := fiber.New()\n\tapp.All("/webhook", hook)\n\tapp.Get("/ping", ping)\n\tapi := app.Group("/api", logger.New())\n\tapi.Route("/test", func(r fiber.Router) {\n\t\tr.Get("/foo", foo)\n\t}, "test.")\n}\n',
        'chi/main.go': 'package main\n\nimport "github.com/go-chi/chi/v5"\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Handle("/metrics", promhttp.Handler())\n\tr.HandleFunc("/events", events)\n}\n',
        'std/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("/legacy", legacy)\n\tmux.HandleFunc("POST /items", create)\n}\n',
        'mux/main.go': 'package main\n\nimport "github.com/gorilla/mux"\n\nfunc main() {\n\tr := mux.NewRouter()\n\tr.HandleFunc("/rpc", rpc)\n\tr.Path("/hook").HandlerFunc(hook)\n\tr.HandleFunc("/users", users).Methods("GET")\n}\n',
      }),
      ['ANY /metrics', 'ANY /events', 'ANY /api/*', 'ANY /webhook', 'GET /ping', 'GET /api/test/foo', 'ANY /proxy/{path}', 'GET /health', 'HEAD /health', 'ANY /rpc', 'ANY /hook', 'GET /users', 'ANY /legacy', 'POST /items'],
    );
  });

  it('the method given first: Gin Handle(http.MethodGet, …), Echo and Fiber Add("POST", …); a WaitGroup or header Add is not a route', () => {
    assert.deepEqual(
      routes({
        'gin.go': 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\nfunc main() {\n\tr := gin.New()\n\tr.Handle(http.MethodGet, "/status", status)\n\twg.Add(1)\n}\n',
        'echo/main.go': 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/labstack/echo/v4"\n)\n\nfunc main() {\n\te := echo.New()\n\te.Add(http.MethodPost, "/echo-add", h)\n\treq.Header.Add("X-Key", "v")\n}\n',
        'fiber/main.go': 'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc main() {\n\tapp := fiber.New()\n\tapp.Add("PUT", "/fiber-add", h)\n}\n',
      }),
      ['POST /echo-add', 'PUT /fiber-add', 'GET /status'],
    );
  });
});
