// Prefixes that come from the framework rather than from a router chain: Spring's class-level
// mapping (its own, or its superclass's / interface's), `server.servlet.context-path` and
// `spring.mvc.servlet.path`; NestJS's global prefix (minus `exclude`), URI versions,
// RouterModule paths and the controller's own path.
import type { FileFacts, LocalRoute, NestFacts, RouterDecl } from './facts';
import { jvmExpression } from './jvm';
import { dirOf } from './modules';
import { evaluate } from './expressions';
import { joinRoutePaths, routeShape } from './paths';

export interface OuterPrefix {
  path: string;
  unknown: boolean;
  from: string[];
}

interface SpringConfig {
  root: string;
  file: string;
  values: Record<string, string>;
}

/** One Nest application's own settings (a workspace may hold several, one main.ts per app). */
export interface NestApp {
  /** The folder the application's sources live under (`apps/admin/`; empty for `src/main.ts`). */
  root: string;
  globalPrefix?: string;
  /** The global prefix is computed at run time. */
  prefixUnknown?: boolean;
  exclude?: string[];
  uriVersioning?: NestFacts['uriVersioning'];
  from: string[];
}

export interface FrameworkSettings {
  nest: NestFacts;
  nestApps: NestApp[];
  spring: SpringConfig[];
  /** Spring prefixes by file + class: the same for every handler of a controller. */
  springCache: Map<string, OuterPrefix[]>;
  /** Spring: class → the classes naming it as superclass or interface (built on first need). */
  springSubtypes?: Map<string, string[]>;
  /** Evaluates a Java/Kotlin expression with every class's constants (`ApiPaths.USERS`). */
  jvmExpression: (expr: string) => string | undefined;
  /** Evaluates a JavaScript/TypeScript constant expression in a file (its imports followed). */
  jsExpression?: (facts: FileFacts, expr: string) => string | undefined;
}

/**
 * Flat `a.b.c` keys of a `.properties` or a (simple, block-style) `.yml` file, as the default
 * profile sees them: documents (`---`, `#---`) that activate on a profile are left out — which
 * profile runs is not known here, so a profile's value never silently replaces the default —
 * and a later default document overrides an earlier one, as Spring reads them.
 */
export function readSpringConfig(file: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const properties = file.endsWith('.properties');
  for (const doc of text.split(properties ? /^[#!]---[ \t]*$/m : /^---.*$/m)) {
    const values = properties ? readProperties(doc) : readYaml(doc);
    if (values['spring.config.activate.on-profile'] !== undefined || values['spring.profiles'] !== undefined) continue;
    Object.assign(out, values);
  }
  return out;
}

function readProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^[ \t]*([\w.\-[\]]+)[ \t]*[=:][ \t]*(.*)$/gm)) out[m[1]] = m[2].trim();
  return out;
}

function readYaml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack: { indent: number; key: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\s*)([\w.-]+)\s*:\s*(.*)$/.exec(line.replace(/\s+#.*$/, ''));
    if (!m || line.trimStart().startsWith('#')) continue;
    const indent = m[1].length;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = [...stack.map((s) => s.key), m[2]].join('.');
    const raw = m[3].trim();
    const value = raw.replace(/^(["'])(.*)\1$/, '$2');
    if (raw === '') stack.push({ indent, key: m[2] }); // `key: ""` is an empty value, not a parent
    else out[key] ??= value;
  }
  return out;
}

/** The folder above `src/`: `apps/api/src/main.ts` → `apps/api/`, `src/main.ts` → empty. */
function nestRoot(file: string): string {
  const src = file.lastIndexOf('src/');
  if (src === 0 || (src > 0 && file[src - 1] === '/')) return file.slice(0, src);
  const dir = dirOf(file);
  return dir === '' ? '' : `${dir}/`;
}

function readNestApps(files: FileFacts[]): { nest: NestFacts; apps: NestApp[] } {
  const nest: NestFacts = { modulePaths: {}, moduleControllers: {} };
  const config: Record<string, string> = {};
  const apps = new Map<string, NestApp>();
  for (const f of files) {
    const n = f.nest;
    if (!n) continue;
    Object.assign(nest.modulePaths!, n.modulePaths);
    Object.assign(nest.moduleControllers!, n.moduleControllers);
    Object.assign(config, n.configValues);
    if (n.globalPrefixLine === undefined && !n.uriVersioning && !n.bootstrap) continue;
    const root = nestRoot(f.file);
    const app = apps.get(root) ?? { root, from: [] };
    apps.set(root, app);
    if (n.globalPrefixLine !== undefined && app.from.length === 0) {
      app.from.push(`${f.file}:${n.globalPrefixLine}`);
      app.exclude = n.exclude;
      app.globalPrefix = n.globalPrefix;
      app.prefixUnknown = n.globalPrefixUnknown;
      if (n.globalPrefixConfig) {
        const { key, fallback } = n.globalPrefixConfig;
        // A `registerAs` default (`process.env.API_PREFIX || 'api'`), else the call's own default.
        const value = (config[key] !== undefined ? evaluate(config[key], () => undefined) : undefined) ?? fallback;
        app.globalPrefix = value;
        app.prefixUnknown = value === undefined;
      }
    }
    app.uriVersioning ??= n.uriVersioning;
  }
  // Config files may come after main.ts: resolve the keys once everything is read.
  for (const f of files) {
    const cfg = f.nest?.globalPrefixConfig;
    const app = cfg && apps.get(nestRoot(f.file));
    if (!cfg || !app || app.globalPrefix !== undefined || config[cfg.key] === undefined) continue;
    app.globalPrefix = evaluate(config[cfg.key], () => undefined);
    app.prefixUnknown = app.globalPrefix === undefined;
  }
  return { nest, apps: [...apps.values()].sort((a, b) => b.root.length - a.root.length) };
}

export function readFrameworkSettings(files: FileFacts[], configs: Map<string, string>, jvmExpression: (expr: string) => string | undefined = () => undefined): FrameworkSettings {
  const { nest, apps: nestApps } = readNestApps(files);
  return { nest, nestApps, spring: readSpringApps(configs), springCache: new Map(), jvmExpression };
}

const pathKeys = ['server.servlet.context-path', 'server.servlet.contextPath', 'server.context-path', 'spring.webflux.base-path', 'spring.mvc.servlet.path', 'spring.mvc.servlet-path'];

/**
 * Each Spring application's settings: its `bootstrap` and `application` files (the latter win),
 * then what a Spring Cloud Config server in the workspace serves it — a file named after its
 * `spring.application.name` (`config/src/main/resources/shared/account-service.yml`), which
 * wins over the application's own files, as the remote property source does at run time.
 */
function readSpringApps(configs: Map<string, string>): SpringConfig[] {
  const apps = new Map<string, SpringConfig>();
  const served = new Map<string, { file: string; text: string }>();
  // Later files win: bootstrap, then application.yml, then application.properties (Spring's order).
  const rank = (f: string) => (/(?:^|\/)bootstrap\./.test(f) ? 0 : f.endsWith('.properties') ? 2 : 1);
  for (const [file, text] of [...configs].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))) {
    const own = /(?:^|\/)(application|bootstrap)\.(?:properties|ya?ml)$/.exec(file);
    if (!own) {
      const name = /([\w.-]+)\.(?:properties|ya?ml)$/.exec(file)?.[1];
      if (name && !served.has(name)) served.set(name, { file, text });
      continue;
    }
    const resources = file.indexOf('src/main/resources/');
    const root = resources === -1 ? dirOf(file) : file.slice(0, resources);
    const app = apps.get(root) ?? { root, file, values: {} };
    apps.set(root, app);
    Object.assign(app.values, readSpringConfig(file, text));
    if (own[1] === 'application') app.file = file;
  }
  for (const app of apps.values()) {
    const name = app.values['spring.application.name'];
    const remote = name ? served.get(name) : undefined;
    if (!remote) continue;
    const values = readSpringConfig(remote.file, remote.text);
    Object.assign(app.values, values);
    if (pathKeys.some((k) => values[k] !== undefined)) app.file = remote.file;
  }
  return [...apps.values()].sort((a, b) => b.root.length - a.root.length);
}

/** `${key:default}` placeholders from the Spring config. */
function placeholders(value: string, config: Record<string, string>): string | undefined {
  let failed = false;
  const out = value.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (_m, key: string, dflt: string | undefined) => {
    const v = config[key.trim()] ?? dflt;
    if (v === undefined) failed = true;
    return v ?? '';
  });
  return failed ? undefined : out;
}

type ClassMap = Map<string, { facts: FileFacts; decl: RouterDecl }>;

/** A class's mapping prefixes: its own, else the first supertype's (interfaces, superclasses). */
function classPrefixes(name: string, classes: ClassMap, depth = 0): { prefixes: string[]; from?: string } | undefined {
  const c = classes.get(name);
  if (!c || depth > 6) return undefined;
  if (c.decl.prefixes && c.decl.prefixes.length > 0) return { prefixes: c.decl.prefixes, from: `${c.facts.file}:${c.decl.line}` };
  for (const s of c.decl.supertypes ?? []) {
    const found = classPrefixes(s, classes, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The mappings of the classes extending `name` (directly or not), for a base class's handlers. */
function subclassPrefixes(name: string, classes: ClassMap, settings: FrameworkSettings): { written: string; from?: string }[] {
  if (!settings.springSubtypes) {
    settings.springSubtypes = new Map();
    for (const [sub, c] of classes) for (const sup of c.decl.supertypes ?? []) settings.springSubtypes.set(sup, [...(settings.springSubtypes.get(sup) ?? []), sub]);
  }
  const out: { written: string; from?: string }[] = [];
  const seen = new Set<string>([name]);
  const queue = [...(settings.springSubtypes.get(name) ?? [])].sort(); // the same order whatever order files came in
  while (queue.length > 0 && out.length < 16) {
    const sub = queue.shift()!;
    if (seen.has(sub)) continue;
    seen.add(sub);
    const c = classes.get(sub);
    if (c?.decl.prefixes && c.decl.prefixes.length > 0) for (const written of c.decl.prefixes) out.push({ written, from: `${c.facts.file}:${c.decl.line}` });
    else queue.push(...(settings.springSubtypes.get(sub) ?? []));
  }
  return out;
}

function springPrefixes(route: LocalRoute, facts: FileFacts, classes: ClassMap, settings: FrameworkSettings): OuterPrefix[] {
  const key = `${facts.file}\0${route.owner}`;
  const cached = settings.springCache.get(key);
  if (cached) return cached;
  const computed = computeSpringPrefixes(route, facts, classes, settings);
  settings.springCache.set(key, computed);
  return computed;
}

function computeSpringPrefixes(route: LocalRoute, facts: FileFacts, classes: ClassMap, settings: FrameworkSettings): OuterPrefix[] {
  const config = settings.spring.find((c) => facts.file.startsWith(c.root)) ?? (settings.spring.length === 1 ? settings.spring[0] : undefined);
  const values = config?.values ?? {};
  // `${CONTEXT_PATH:/api}` takes its default; a placeholder without one leaves the prefix unknown.
  const setting = (...keys: string[]) => {
    const raw = keys.map((k) => values[k]).find((v) => v !== undefined) ?? '';
    const v = placeholders(raw, values);
    return v === '/' ? '' : v;
  };
  const context = setting(...pathKeys.slice(0, 4));
  const servlet = setting(...pathKeys.slice(4));
  const base = context === undefined || servlet === undefined ? undefined : joinRoutePaths(context, servlet).replace(/^\/$/, '');
  const baseFrom = config && base !== '' ? [config.file] : [];
  const cls = classPrefixes(route.owner, classes);
  // A base class's handlers with no mapping of their own are served under each subclass's.
  const mappings = cls ? cls.prefixes.map((written) => ({ written, from: cls.from })) : subclassPrefixes(route.owner, classes, settings);
  const out: OuterPrefix[] = [];
  for (const { written, from: mappedAt } of mappings.length > 0 ? mappings : [{ written: '', from: undefined }]) {
    const raw = written.startsWith(jvmExpression) ? settings.jvmExpression(written.slice(1)) : written;
    const p = raw === undefined ? undefined : placeholders(raw, values);
    const from = [...baseFrom, ...(mappedAt && written !== '' ? [mappedAt] : [])];
    if (p === undefined || base === undefined) out.push({ path: base === undefined ? (p ?? '') : '', unknown: true, from });
    else out.push({ path: joinRoutePaths(base, p).replace(/^\/$/, ''), unknown: false, from });
  }
  return out;
}

/**
 * The application a controller belongs to: the one whose folder holds it; a controller outside
 * every app (a shared library) gets the settings all apps agree on, else an unknown prefix.
 */
function nestAppOf(file: string, apps: NestApp[]): NestApp | undefined {
  const own = apps.find((a) => file.startsWith(a.root));
  if (own || apps.length <= 1) return own ?? apps[0];
  const same = apps.every((a) => a.globalPrefix === apps[0].globalPrefix && !a.prefixUnknown && JSON.stringify(a.uriVersioning) === JSON.stringify(apps[0].uriVersioning));
  return same ? apps[0] : { root: '', prefixUnknown: true, from: [] };
}

function nestPrefixes(route: LocalRoute, facts: FileFacts, classes: ClassMap, settings: FrameworkSettings): OuterPrefix[] {
  const nest = settings.nest;
  const app = nestAppOf(facts.file, settings.nestApps);
  const c = classes.get(route.owner);
  const written = c?.decl.prefixes && c.decl.prefixes.length > 0 ? c.decl.prefixes : [''];
  // `@Controller(routesV1.version)`: a constant; one no constant explains makes the prefix unknown.
  const controllerPaths = written.map((w) => (w.startsWith(jvmExpression) && c ? (settings.jsExpression?.(c.facts, w.slice(1)) ?? null) : w));
  const routePath = route.path.startsWith(jvmExpression) ? (settings.jsExpression?.(facts, route.path.slice(1)) ?? route.path) : route.path;
  const module = Object.entries(nest.moduleControllers ?? {}).find(([, list]) => list.includes(route.owner))?.[0];
  const modulePath = module ? (nest.modulePaths?.[module] ?? '') : '';
  const versioning = app?.uriVersioning;
  const version = route.version ?? c?.decl.version ?? versioning?.defaultVersion;
  const versionPath = versioning && version ? `${versioning.prefix}${version}` : '';
  const out: OuterPrefix[] = [];
  for (const maybe of controllerPaths) {
    const controller = maybe ?? '';
    const local = joinRoutePaths(joinRoutePaths(modulePath, controller), routePath);
    const excluded = (app?.exclude ?? []).some((e) => routeShape(e) === routeShape(local));
    const global = app?.globalPrefix && !excluded ? app.globalPrefix : '';
    const path = [global, versionPath, modulePath, controller].reduce((acc, seg) => (seg === '' ? acc : joinRoutePaths(acc, seg)), '');
    const from = [...((global || app?.prefixUnknown) && !excluded ? (app?.from ?? []) : []), ...(c && controller !== '' ? [`${c.facts.file}:${c.decl.line}`] : [])];
    out.push({ path: path === '/' ? '' : path, unknown: (!!app?.prefixUnknown && !excluded) || maybe === null, from });
  }
  return out;
}

/** The framework's own prefixes for a route, around the router-chain prefix `chain`. */
export function frameworkPrefix(route: LocalRoute, facts: FileFacts, classes: ClassMap, settings: FrameworkSettings, chain: string): OuterPrefix[] {
  if (route.framework === 'spring') return springPrefixes(route, facts, classes, settings);
  if (route.framework === 'nestjs' || route.framework === 'routing-controllers') return nestPrefixes(route, facts, classes, settings);
  return [{ path: chain, unknown: false, from: [] }];
}
