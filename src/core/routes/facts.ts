// What one source file says about routing, before anything is resolved across files: the
// routes it declares (path as written, on a named router), the routers it makes, where it
// mounts routers under a prefix, what it imports and the constant values it defines. The
// workspace index (routeIndex.ts) links these facts into full paths. Prefix expressions stay
// source text here (`settings.API_V1_STR`, `"/api"`): they are evaluated where names resolve.
import type { HttpMethod } from '../openapi/model';
import type { RouteFramework, RouteMethod, SourceLanguage } from './model';

/** A route as written: `path` is the local template, `owner` names the router it sits on. */
export interface LocalRoute {
  line: number;
  column: number;
  framework: RouteFramework;
  method: RouteMethod;
  /** The path as written (framework syntax, not normalized). */
  path: string;
  /** Local name of the router/app/group/class the route is declared on (see RouterDecl.name). */
  owner: string;
  /** Flask MethodView: the view class whose get/post/… methods give the HTTP methods. */
  viewClass?: string;
  /** NestJS `@Version('2')` on the handler. */
  version?: string;
}

/** A router made in this file: `router = APIRouter(prefix="/items")`, `v1 := r.Group("/v1")`. */
export interface RouterDecl {
  name: string;
  line: number;
  /** Its own prefix, as a source expression. */
  prefix?: string;
  /** For groups made from another router in this file: that router's local name. */
  parent?: string;
  /** Spring/NestJS classes: every prefix of the class-level mapping, already literal. */
  prefixes?: string[];
  /** Spring: superclass and interfaces, whose class-level mapping applies when this has none. */
  supertypes?: string[];
  /** NestJS `@Controller({ version: '1' })`. */
  version?: string;
  /** Serves nothing until included somewhere (APIRouter, Blueprint), unlike an application. */
  mountable?: boolean;
  /**
   * Python router factories: the parameters of the function returning the router that its prefix
   * expression uses (`prefix`, `f"/api/{version}"`), bound at each call.
   */
  prefixParams?: { index: number; name: string; fallback?: string }[];
}

/**
 * `parent` mounts `child` under `prefix`: `app.include_router(r, prefix=…)`, `app.use('/p', r)`,
 * `r.Mount("/p", sub())`, or a router passed as argument `param` of a function call
 * (`users.Register(v1.Group("/users"))`: child `users.Register`, param 0).
 */
export interface MountFact {
  line: number;
  parent: string;
  child: string;
  param?: number;
  prefix?: string;
  /** Flask's `register_blueprint(bp, url_prefix=…)` replaces the blueprint's own prefix. */
  replacesOwnPrefix?: boolean;
}

/** `local` names `name` exported by `module` (no name: the module itself). */
export interface ImportFact {
  local: string;
  module: string;
  name?: string;
}

/** NestJS application-wide settings (from main.ts and modules). */
export interface NestFacts {
  /** The file starts an application (`NestFactory.create`): its folder is an app even without settings. */
  bootstrap?: boolean;
  globalPrefix?: string;
  globalPrefixLine?: number;
  /** `setGlobalPrefix(config.get('app.apiPrefix', 'api'))`: the key (and literal default), resolved with `configValues`. */
  globalPrefixConfig?: { key: string; fallback?: string };
  /** `setGlobalPrefix(x)` with a value computed at run time. */
  globalPrefixUnknown?: boolean;
  /** `registerAs('app', () => ({ apiPrefix: … }))`: `app.apiPrefix` → its source expression. */
  configValues?: Record<string, string>;
  exclude?: string[];
  uriVersioning?: { prefix: string; defaultVersion?: string };
  /** RouterModule.register: module class → path (children already joined). */
  modulePaths?: Record<string, string>;
  /** @Module({ controllers: [...] }): module class → controller classes. */
  moduleControllers?: Record<string, string[]>;
}

export interface FileFacts {
  file: string;
  language: SourceLanguage;
  routes: LocalRoute[];
  routers: RouterDecl[];
  mounts: MountFact[];
  imports: ImportFact[];
  /** Constant expressions by name (`API_PREFIX`, `Settings.API_V1_STR`, `config.prefix`). */
  values: Record<string, string>;
  /** Variables holding an instance of a class (`settings = Settings()`): name → class. */
  instances: Record<string, string>;
  /** Exported names → local names (`default` → `router`, `module.exports` → `router`). */
  exports: Record<string, string>;
  /** Functions returning a local router: function name → its local router name. */
  returns: Record<string, string>;
  /** Function name → its router parameters (index → local name inside the function). */
  params: Record<string, Record<number, string>>;
  /** Python classes → their base classes (settings defaults are inherited). */
  classBases?: Record<string, string[]>;
  /** Python view classes → the HTTP methods they define (Flask MethodView). */
  viewClasses?: Record<string, HttpMethod[]>;
  /** Go: the package clause, for same-package calls across files. */
  goPackage?: string;
  /** Go: struct fields filled from a settings file (field name → its key: `RouterPrefix` → `router-prefix`). */
  configTags?: Record<string, string>;
  /** Go: package-level lists of functions (`routers = append(routers, registerUsers)`): list → members. */
  funcLists?: Record<string, string[]>;
  nest?: NestFacts;
  /**
   * Fastify `register(autoload, { dir: path.join(__dirname, 'routes'), options: { prefix } })`:
   * every plugin file under `dir` (workspace-relative) is registered on `parent`, under `prefix`
   * and, unless `dirNameRoutePrefix: false`, its folder's path inside `dir`.
   */
  dirMounts?: { line: number; parent: string; dir: string; prefix?: string; folderNames: boolean }[];
}

export function emptyFacts(file: string, language: SourceLanguage): FileFacts {
  return { file, language, routes: [], routers: [], mounts: [], imports: [], values: {}, instances: {}, exports: {}, returns: {}, params: {} };
}
