// Spring and Go routing forms met in public applications (eladmin, jhipster, gophish, wtf,
// go-admin, go-base, gotify): each expectation is the path the framework itself would serve.
import { strict as assert } from 'node:assert';
import { projectRoutes as routes } from '../../support/routeProject';

describe('route index: Spring forms', () => {
  it('handlers after a nested class belong to the outer class; composed …GetMapping annotations count as GET', () => {
    assert.deepEqual(
      routes({
        'src/main/java/a/AccountResource.java':
          'package a;\n@RestController\n@RequestMapping("/api")\npublic class AccountResource {\n    private static class AccountException extends RuntimeException {\n        AccountException(String m) { super(m); }\n    }\n\n    @PostMapping("/register")\n    public void register() {}\n\n    @AnonymousGetMapping(value = "/code")\n    public String code() { return ""; }\n\n    private static final String DOC = "see @GetMapping on each handler";\n\n/*\n    @DeleteMapping("/old")\n    public void old() {}\n*/\n}\n',
        'src/main/java/a/AnonymousGetMapping.java': 'package a;\n@Target(ElementType.METHOD)\n@RequestMapping(method = RequestMethod.GET)\npublic @interface AnonymousGetMapping {\n    @AliasFor(annotation = RequestMapping.class)\n    String[] value() default {};\n}\n',
      }),
      ['POST /api/register', 'GET /api/code'],
    );
  });

  it('a @FeignClient interface declares calls, not handlers: no route; its shared API interface implemented by a controller is one', () => {
    assert.deepEqual(
      routes({
        'api/src/main/java/a/ContractApi.java': 'package a;\n@RequestMapping("/contracts")\npublic interface ContractApi {\n    @GetMapping("/{id}")\n    Contract get(@PathVariable String id);\n}\n',
        'client/src/main/java/b/ContractClient.java': 'package b;\n@FeignClient(name = "contract", url = "${contract.url}")\npublic interface ContractClient extends ContractApi {\n    @PostMapping("/contracts/{id}/sign")\n    void sign(@PathVariable String id);\n}\n',
      }),
      ['GET /contracts/{id}'],
    );
  });

  it('functional endpoints: Java route()/andRoute, the builder with path() and nest(path()), Kotlin coRouter nests, WebFlux base path', () => {
    assert.deepEqual(
      routes({
        'svc/src/main/resources/application.properties': 'spring.webflux.base-path=/svc\n',
        'svc/src/main/java/a/Routes.java':
          'package a;\n@Configuration\npublic class Routes {\n  @Bean\n  RouterFunction<ServerResponse> one(Handler h) {\n    return route(GET("/hello"), h::hello)\n        .andRoute(POST("/hello"), h::create);\n  }\n  @Bean\n  RouterFunction<ServerResponse> two(Handler h) {\n    return RouterFunctions.route()\n        .path("/api", b -> b.GET("/items", h::list).DELETE("/items/{id}", h::remove))\n        // .GET("/commented", h::x)\n        .nest(RequestPredicates.path("/v2"), () -> route(GET("/x"), h::x))\n        .build();\n  }\n}\n',
        'svc/src/main/kotlin/a/Posts.kt':
          'package a\n@Configuration\nclass PostRoutes {\n    @Bean\n    fun routes(h: PostHandler) = coRouter {\n        "/posts".nest {\n            GET("", h::all)\n            "/{id}".nest {\n                PUT("", h::update)\n            }\n        }\n        GET("/health") { ok().buildAndAwait() }\n    }\n}\n',
      }),
      ['GET /svc/hello', 'POST /svc/hello', 'GET /svc/api/items', 'DELETE /svc/api/items/{id}', 'GET /svc/v2/x', 'GET /svc/posts', 'PUT /svc/posts/{id}', 'GET /svc/health'],
    );
  });

  it('context path: a profile document or profile file never replaces the default; a later default document does; ${VAR:default}', () => {
    const controller = 'package a;\n@RestController\npublic class Ping {\n  @GetMapping("/ping")\n  public String ping() { return "ok"; }\n}\n';
    assert.deepEqual(
      routes({
        'one/src/main/resources/application.yml': 'server:\n  servlet:\n    context-path: /one\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  servlet:\n    context-path: /prod\n',
        'one/src/main/resources/application-dev.yml': 'server:\n  servlet:\n    context-path: /dev\n',
        'one/src/main/java/a/Ping.java': controller,
        'two/src/main/resources/application.properties': 'server.servlet.context-path=/old\n#---\nserver.servlet.context-path=${CONTEXT_PATH:/two}\n',
        'two/src/main/java/a/Ping.java': controller,
        'three/src/main/resources/application.properties': 'server.servlet.context-path=${CONTEXT_PATH}\n',
        'three/src/main/java/a/Ping.java': controller,
      }),
      ['GET /one/ping', 'GET …/ping', 'GET /two/ping'],
    );
  });

  it('a path constant of another class, also built from another constant', () => {
    assert.deepEqual(
      routes({
        'src/main/java/a/ApiPaths.java': 'package a;\npublic final class ApiPaths {\n  public static final String BASE = "/api/v1";\n  public static final String USERS = BASE + "/users";\n}\n',
        'src/main/java/a/Users.java': 'package a;\n@RestController\n@RequestMapping(ApiPaths.USERS)\npublic class Users {\n  @GetMapping(ApiPaths.BASE + "/me")\n  public User me() { return null; }\n  @DeleteMapping("/{id}")\n  public void remove() {}\n}\n',
      }),
      ['GET /api/v1/users/api/v1/me', 'DELETE /api/v1/users/{id}'],
    );
  });

  it('constants in nested classes, in an interface, and through a static import', () => {
    assert.deepEqual(
      routes({
        'src/main/java/a/ApiPaths.java': 'package a;\npublic final class ApiPaths {\n    public static final String API = "/api";\n\n    public static final class Beans {\n        public static final String MAIN = API + "/beans";\n    }\n}\n',
        'src/main/java/a/RestPath.java': 'package a;\npublic interface RestPath {\n    String TODO = "/todo";\n}\n',
        'src/main/java/a/Beans.java': 'package a;\n@RestController\n@RequestMapping(path = ApiPaths.Beans.MAIN)\npublic class Beans {\n    @GetMapping("/{id}")\n    public Bean get() { return null; }\n}\n',
        'src/main/java/a/Todos.java': 'package a;\nimport static a.RestPath.TODO;\n@RestController\npublic class Todos {\n    @RequestMapping(value = TODO, method = RequestMethod.POST)\n    public void create() {}\n    @GetMapping(RestPath.TODO + "/{id}")\n    public Todo get() { return null; }\n}\n',
      }),
      ['GET /api/beans/{id}', 'POST /todo', 'GET /todo/{id}'],
    );
  });
});

describe('route index: Go forms', () => {
  it('gorilla/mux: Methods after HandleFunc (none: every method, ANY), PathPrefix().Subrouter() on a struct field, static files left out', () => {
    assert.deepEqual(
      routes({
        'http/server.go':
          'package http\n\nimport "github.com/gorilla/mux"\n\ntype Server struct {\n\trouter *mux.Router\n}\n\nfunc NewServer() *Server {\n\ts := &Server{router: mux.NewRouter()}\n\ts.router.PathPrefix("/assets/").Handler(http.StripPrefix("/assets/", files))\n\tapi := s.router.PathPrefix("/api/").Subrouter()\n\tapi.HandleFunc("/dials/{id:[0-9]+}", s.dial).Methods("GET", http.MethodPatch)\n\tapi.HandleFunc("/events", s.events)\n\ts.registerAuth(api)\n\treturn s\n}\n',
        'http/auth.go':
          'package http\n\nimport "github.com/gorilla/mux"\n\nfunc (s *Server) registerAuth(r *mux.Router) {\n\tr.HandleFunc("/logout", s.logout).Methods("DELETE")\n\tr.Path("/users/{id}").Methods("GET", "PUT").HandlerFunc(s.user)\n\tr.Methods("POST").Path("/users").Handler(createUser)\n}\n',
      }),
      ['DELETE /api/logout', 'GET /api/users/{id}', 'PUT /api/users/{id}', 'POST /api/users', 'GET /api/dials/{id}', 'PATCH /api/dials/{id}', 'ANY /api/events'],
    );
  });

  it('Gin: register functions collected in a list by init() and called in a range loop; Match; paths without a slash; .Use() between group and verb', () => {
    assert.deepEqual(
      routes({
        'router/router.go':
          'package router\n\nimport "github.com/gin-gonic/gin"\n\nvar routerCheckRole = make([]func(*gin.RouterGroup), 0)\n\nfunc InitRouter(r *gin.Engine) {\n\tv1 := r.Group("/api/v1")\n\tfor _, f := range routerCheckRole {\n\t\tf(v1)\n\t}\n\tr.Match([]string{"GET", "HEAD"}, "/health", health)\n\tr.GET("version", version)\n\tr.Group("/user").Use(auth).POST("", createUser)\n\tr.Any("/proxy/*path", proxy)\n}\n',
        'router/sys_user.go': 'package router\n\nimport "github.com/gin-gonic/gin"\n\nfunc init() {\n\trouterCheckRole = append(routerCheckRole, registerUserRouter)\n}\n\nfunc registerUserRouter(v1 *gin.RouterGroup) {\n\tr := v1.Group("/sys-user").Use(auth)\n\tr.GET("/:id", get)\n}\n',
      }),
      ['GET /health', 'HEAD /health', 'GET /version', 'POST /user', 'ANY /proxy/{path}', 'GET /api/v1/sys-user/{id}'],
    );
  });

  it('chi: sub-routers from methods of values made in another package (`api, err := admin.NewAPI(db)`), through struct fields', () => {
    assert.deepEqual(
      routes({
        'go.mod': 'module github.com/acme/base\n',
        'api/api.go': 'package api\n\nimport (\n\t"github.com/acme/base/api/admin"\n\t"github.com/go-chi/chi/v5"\n)\n\nfunc New() *chi.Mux {\n\tadminAPI, err := admin.NewAPI(db)\n\tif err != nil {\n\t\treturn nil\n\t}\n\tr := chi.NewRouter()\n\tr.Mount("/admin", adminAPI.Router())\n\treturn r\n}\n',
        'api/admin/api.go': 'package admin\n\nimport "github.com/go-chi/chi/v5"\n\ntype API struct {\n\tAccounts *AccountResource\n}\n\nfunc NewAPI(db *DB) (*API, error) {\n\treturn &API{Accounts: &AccountResource{}}, nil\n}\n\nfunc (a *API) Router() *chi.Mux {\n\tr := chi.NewRouter()\n\tr.Mount("/accounts", a.Accounts.router())\n\treturn r\n}\n',
        'api/admin/accounts.go': 'package admin\n\nimport "github.com/go-chi/chi/v5"\n\nfunc (rs *AccountResource) router() *chi.Mux {\n\tr := chi.NewRouter()\n\tr.Get("/", rs.list)\n\tr.Route("/{accountID}", func(r chi.Router) {\n\t\tr.Put("/", rs.update)\n\t})\n\treturn r\n}\n',
        'api/app/accounts.go': 'package app\n\nimport "github.com/go-chi/chi/v5"\n\nfunc (rs *AccountResource) router() *chi.Mux {\n\tr := chi.NewRouter()\n\tr.Get("/", rs.get)\n\treturn r\n}\n',
      }),
      ['GET /admin/accounts', 'PUT /admin/accounts/{accountID}', 'GET /'],
    );
  });

  it('Echo: handlers registered through an interface in a range loop; chi Route with a function; a group nobody is seen passing is "prefix unknown"', () => {
    assert.deepEqual(
      routes({
        'routes/routes.go': 'package routes\n\nimport "github.com/labstack/echo/v4"\n\ntype Registrar interface {\n\tRegisterRoutes(g *echo.Group)\n}\n\nfunc Register(e *echo.Echo, registrars ...Registrar) {\n\tapi := e.Group("/api")\n\tfor _, r := range registrars {\n\t\tr.RegisterRoutes(api)\n\t}\n}\n',
        'product/handler.go': 'package product\n\nimport "github.com/labstack/echo/v4"\n\nfunc (h *Handler) RegisterRoutes(g *echo.Group) {\n\tg.GET("/products/:id", h.get)\n}\n',
        'user/handler.go': 'package user\n\nimport "github.com/labstack/echo/v4"\n\nfunc (s *Service) RegisterRoutes(g *echo.Group) {\n\tg.DELETE("/account", s.remove)\n}\n',
        'web/router.go': 'package web\n\nimport "github.com/go-chi/chi/v5"\n\nfunc Router() chi.Router {\n\tr := chi.NewRouter()\n\tr.Route("/users", usersRoutes)\n\treturn r\n}\n\nfunc usersRoutes(r chi.Router) {\n\tr.Get("/{id}", getUser)\n}\n',
        'plugin/plugin.go': 'package plugin\n\nimport "github.com/gin-gonic/gin"\n\nfunc Mount(g *gin.RouterGroup) {\n\tg.GET("/echo", echo)\n}\n\nfunc Init(g *gin.RouterGroup) {\n\tregisterWith(g.Group("/custom"))\n}\n',
      }),
      ['GET …/echo', 'GET /api/products/{id}', 'DELETE /api/account', 'GET /users/{id}'],
    );
  });

  it('no route from a block comment or a raw string spanning lines', () => {
    assert.deepEqual(
      routes({
        'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\n// Usage shows `r.GET` in a comment.\nconst usage = `Example:\n\tr.GET("/from-a-raw-string", h)\n`\n\ntype Item struct {\n\tName string `json:"name"`\n}\n\nfunc main() {\n\tr := gin.New()\n\t/*\n\tr.GET("/commented-out", h)\n\t*/\n\tr.GET("/items", list)\n}\n',
      }),
      ['GET /items'],
    );
  });

  it('net/http 1.22: a {name...} wildcard is one parameter', () => {
    assert.deepEqual(
      routes({ 'server.go': 'package http\n\nfunc (s *Server) Setup() {\n\ts.mux.HandleFunc("GET /bookmark/{id}/archive/file/{path...}", s.archiveFile)\n}\n' }),
      ['GET /bookmark/{id}/archive/file/{path}'],
    );
  });

  it('Fiber: app.Group and capitalised verbs', () => {
    assert.deepEqual(
      routes({
        'main.go':
          'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc main() {\n\tapp := fiber.New()\n\tapi := app.Group("/api", logger)\n\tv1 := api.Group("/v1")\n\tv1.Get("/list", list)\n\tapp.Post("/login", login)\n\tapp.Group("/swagger").Get("*", swagger)\n}\n\nfunc list(c *fiber.Ctx) error {\n\t_ = c.Get("Content-Type")\n\treturn c.Get(HeaderName)\n}\n',
      }),
      ['GET /api/v1/list', 'POST /login', 'GET /swagger/*'],
    );
  });

  it('Gin: a handler path built from constants of another package', () => {
    assert.deepEqual(
      routes({
        'go.mod': 'module example.com/answer\n',
        'internal/base/constant/upload.go': 'package constant\n\nconst (\n\tFilesPostSubPath = "files/post"\n)\n',
        'internal/router/static.go': 'package router\n\nimport (\n\t"example.com/answer/internal/base/constant"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc New() *gin.Engine {\n\tr := gin.New()\n\tr.GET("/uploads/"+constant.FilesPostSubPath+"/*filepath", download)\n\treturn r\n}\n',
      }),
      ['GET /uploads/files/post/{filepath}'],
    );
  });
});
