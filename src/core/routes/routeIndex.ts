// The workspace route index: per-file facts (facts.ts) linked into full paths. A route's full
// path is every prefix on the way from the application down to its router — mounts found in any
// file (include_router, register_blueprint, app.use, Mount, a group passed to a function in
// another package), the router's own prefix, framework-wide prefixes (NestJS global prefix and
// versions, Spring context path). A prefix that cannot be evaluated statically makes the route
// "prefix unknown": its path is then only what follows the unknown part, matched by suffix.
import { evaluate } from './expressions';
import type { FileFacts, LocalRoute, MountFact, RouterDecl } from './facts';
import type { RouteFramework, RouteMethod } from './model';
import { dirOf, ModuleMap } from './modules';
import { joinMountedPaths, joinRoutePaths, normalizeRoutePath } from './paths';
import { frameworkPrefix, type FrameworkSettings, type OuterPrefix, readFrameworkSettings, readSpringConfig } from './frameworkPrefixes';
import { jvmExpression } from './jvm';
import { boundArgument } from './pythonFactories';

export interface IndexedRoute {
  file: string;
  line: number;
  column: number;
  framework: RouteFramework;
  method: RouteMethod;
  /** The full path, OpenAPI style; when `prefixUnknown`, only the part after the unknown prefix. */
  path: string;
  /** The path as written at the route. */
  localPath: string;
  /** `file:line` of every prefix that went into `path`, outermost first. */
  prefixFrom: string[];
  /** Part of the prefix is computed at run time: `path` is a suffix of the real path. */
  prefixUnknown: boolean;
}

interface Prefix {
  path: string;
  unknown: boolean;
  from: string[];
}

interface Incoming {
  facts: FileFacts;
  mount: MountFact;
}

const maxPrefixes = 8;
const noPrefixes: string[] = [];
const root: Prefix[] = [{ path: '', unknown: false, from: [] }];

/** Go names live in packages (folders); everything else in its file. */
const scopeOf = (f: FileFacts) => (f.language === 'go' ? `go:${dirOf(f.file)}` : f.file);
const keyOf = (scope: string, name: string) => `${scope}#${name}`;
const mountsAsSubRouter = (fw: RouteFramework) => fw === 'express' || fw === 'fastify' || fw === 'hono' || fw === 'chi';

export class RouteIndex {
  private readonly files = new Map<string, FileFacts>();
  private readonly modules = new ModuleMap();
  private readonly configText = new Map<string, string>();
  private linked?: {
    decls: Map<string, { facts: FileFacts; decl: RouterDecl }>;
    incoming: Map<string, Incoming[]>;
    scopes: Map<string, FileFacts[]>;
    classes: Map<string, { facts: FileFacts; decl: RouterDecl }>;
    /** Go functions and methods by bare name (`Register` → `Handler.Register` in handler/). */
    goFunctions: Map<string, { scope: string; name: string }[]>;
    settings: FrameworkSettings;
    /** Python mounts whose child no declaration explains (`include_router(plugin.events, …)`). */
    unresolved: Incoming[];
    /** Go settings read from config.yaml: struct field → key, and each file's flat keys (on first need). */
    goSettings?: { tags: Map<string, string | null>; files: { dir: string; values: Record<string, string> }[] };
  };
  private memo = new Map<string, Prefix[]>();
  /** resolveRef answers per file and expression, since the last change (the same owners recur). */
  private refMemo = new WeakMap<FileFacts, Map<string, string | undefined>>();

  /**
   * Adds or replaces one file's facts. An edit that keeps the file's links (same routers, mounts,
   * imports and exports; other routes or prefix values) swaps the facts in place; anything else
   * relinks the workspace on the next query.
   */
  setFile(facts: FileFacts): void {
    const old = this.files.get(facts.file);
    this.files.set(facts.file, facts);
    this.modules.add(facts.file);
    if (old && this.linked && linkShape(old) === linkShape(facts)) {
      this.swapInPlace(this.linked, old, facts);
      this.memo = new Map();
      this.refMemo = new WeakMap();
    } else this.invalidate();
  }

  private swapInPlace(linked: NonNullable<RouteIndex['linked']>, old: FileFacts, next: FileFacts): void {
    const scope = scopeOf(next);
    next.routers.forEach((decl) => {
      linked.decls.set(keyOf(scope, decl.name), { facts: next, decl });
      if (linked.classes.get(decl.name)?.facts === old) linked.classes.set(decl.name, { facts: next, decl });
    });
    const list = linked.scopes.get(scope) ?? [];
    linked.scopes.set(
      scope,
      list.map((f) => (f === old ? next : f)),
    );
    const mounts = new Map(old.mounts.map((m, i) => [m, next.mounts[i]]));
    for (const entries of linked.incoming.values()) {
      for (let i = 0; i < entries.length; i++) if (entries[i].facts === old) entries[i] = { facts: next, mount: mounts.get(entries[i].mount) ?? entries[i].mount };
    }
    if (old.nest || next.nest) linked.settings = this.frameworkSettings();
    else linked.settings.springCache.clear();
  }

  removeFile(file: string): void {
    this.files.delete(file);
    this.modules.remove(file);
    if (this.configText.delete(file)) this.modules.setGoModule(dirOf(file), undefined);
    this.invalidate();
  }

  /** go.mod, application.properties / .yml: project settings that shape paths. */
  setConfigFile(file: string, text: string): void {
    this.configText.set(file, text);
    if (file.endsWith('go.mod')) this.modules.setGoModule(dirOf(file), /^module\s+(\S+)/m.exec(text)?.[1]);
    this.invalidate();
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  private invalidate(): void {
    this.linked = undefined;
    this.memo = new Map();
    this.refMemo = new WeakMap();
  }

  /** Routes of one file with their full paths. */
  routesOf(file: string): IndexedRoute[] {
    const facts = this.files.get(file);
    return facts ? this.resolveFile(facts) : [];
  }

  /** Every route in the workspace, by file then line. */
  allRoutes(): IndexedRoute[] {
    const files = [...this.files.keys()].sort();
    return files.flatMap((f) => this.routesOf(f));
  }

  private link(): NonNullable<RouteIndex['linked']> {
    if (this.linked) return this.linked;
    const decls = new Map<string, { facts: FileFacts; decl: RouterDecl }>();
    const scopes = new Map<string, FileFacts[]>();
    const classes = new Map<string, { facts: FileFacts; decl: RouterDecl }>();
    const goFunctions = new Map<string, { scope: string; name: string }[]>();
    for (const facts of this.files.values()) {
      const scope = scopeOf(facts);
      const list = scopes.get(scope) ?? [];
      list.push(facts);
      scopes.set(scope, list);
      for (const decl of facts.routers) {
        decls.set(keyOf(scope, decl.name), { facts, decl });
        if (decl.prefixes || decl.supertypes) classes.set(decl.name, { facts, decl });
      }
      if (facts.language === 'go') {
        for (const name of new Set([...Object.keys(facts.params), ...Object.keys(facts.returns)])) {
          const bare = name.slice(name.lastIndexOf('.') + 1);
          goFunctions.set(bare, [...(goFunctions.get(bare) ?? []), { scope, name }]);
        }
      }
    }
    this.linked = { decls, incoming: new Map(), scopes, classes, goFunctions, settings: this.frameworkSettings(), unresolved: [] };
    const incoming = this.linked.incoming;
    for (const facts of this.files.values()) {
      for (const mount of facts.mounts) {
        // Go `for _, f := range routers { f(v1) }`: every function appended to the list, in its package.
        const fns = mount.child.endsWith('[]') ? (scopes.get(scopeOf(facts)) ?? []).flatMap((f) => f.funcLists?.[mount.child.slice(0, -2)] ?? []) : [mount.child];
        // Go interface dispatch (`for _, h := range handlers { h.RegisterRoutes(api) }`): every method of that name taking a router there.
        const dispatched = mount.child.startsWith('*.') && mount.param !== undefined ? this.goMethodsTaking(mount.child.slice(2), mount.param) : undefined;
        for (const fn of dispatched ?? fns) {
          const child = dispatched ? fn : mount.param === undefined ? this.resolveRef(facts, fn) : this.resolveParam(facts, fn, mount.param);
          if ((facts.language === 'python' && (!child || !decls.has(child))) || (facts.language === 'go' && !child)) this.linked.unresolved.push({ facts, mount });
          if (!child) continue;
          const list = incoming.get(child) ?? [];
          list.push({ facts, mount });
          incoming.set(child, list);
        }
      }
    }
    return this.linked;
  }

  /** `Type.method` symbols of every Go method named `method` whose argument `param` is a router. */
  private goMethodsTaking(method: string, param: number): string[] {
    const { goFunctions, scopes } = this.link();
    return (goFunctions.get(method) ?? [])
      .filter((c) => c.name.includes('.') && (scopes.get(c.scope) ?? []).some((f) => f.params[c.name]?.[param] !== undefined))
      .map((c) => keyOf(c.scope, `${c.name}(${param})`));
  }

  private factsInScope(scope: string): FileFacts[] {
    return this.link().scopes.get(scope) ?? [];
  }

  /** The file(s) an import names, and the name inside it (undefined: the module itself). */
  private importTarget(facts: FileFacts, head: string): { targets: FileFacts[]; name?: string } | undefined {
    const imp = facts.imports.find((i) => i.local === head);
    if (!imp) return undefined;
    if (facts.language === 'python') {
      if (imp.name) {
        const asModule = this.modules.python(facts.file, imp.module.endsWith('.') ? `${imp.module}${imp.name}` : `${imp.module}.${imp.name}`);
        if (asModule) return { targets: [this.files.get(asModule)!] };
      }
      const file = this.modules.python(facts.file, imp.module);
      return file ? { targets: [this.files.get(file)!], name: imp.name } : undefined;
    }
    if (facts.language === 'go') {
      const dir = this.modules.go(imp.module);
      return dir === undefined ? undefined : { targets: this.factsInScope(`go:${dir}`) };
    }
    const file = this.modules.javascript(facts.file, imp.module);
    return file ? { targets: [this.files.get(file)!], name: imp.name ?? 'module.exports' } : undefined;
  }

  /** The router symbol an expression names in a file (`users.router`, `require('./r')`, `sub()`). */
  private resolveRef(facts: FileFacts, expr: string, depth = 0): string | undefined {
    if (depth > 0) return this.resolveRefOnce(facts, expr, depth);
    let answers = this.refMemo.get(facts);
    if (!answers) this.refMemo.set(facts, (answers = new Map()));
    if (answers.has(expr)) return answers.get(expr);
    // The common case first: a router declared under that very name in the file's scope.
    const direct = keyOf(scopeOf(facts), expr);
    const found = this.link().decls.has(direct) && !expr.includes('(') ? direct : this.resolveRefOnce(facts, expr, 0);
    answers.set(expr, found);
    return found;
  }

  private resolveRefOnce(facts: FileFacts, expr: string, depth: number): string | undefined {
    if (depth > 10) return undefined;
    // `new UserRoutes().router`: the router a class keeps on `this` (declared in the class's file).
    const instance = expr.includes('new ') && /^new\s+([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\.\s*([A-Za-z_$][\w$]*)$/.exec(expr.trim());
    if (instance) {
      const imported = this.importTarget(facts, instance[1]);
      const target = imported?.targets[0] ?? facts;
      return keyOf(scopeOf(target), instance[2]);
    }
    let e = expr.trim().replace(/\.routes\(\)$/, '').replace(/\s+/g, '');
    const required = e.startsWith('require(') ? /^require\(['"]([^'"]+)['"]\)(?:\.(\w+))?$/.exec(e) : null;
    if (required) {
      const file = this.modules.javascript(facts.file, required[1]);
      const target = file ? this.files.get(file) : undefined;
      return target ? this.resolveExport(target, required[2] ?? 'module.exports', depth) : undefined;
    }
    const scope = scopeOf(facts);
    const call = /^(.*?)(?:\{\})?\(\)$/.exec(e) ?? (facts.language === 'python' ? /^([A-Za-z_][\w.]*)\(.*\)$/s.exec(e) : null);
    if (call) return this.resolveReturn(facts, call[1]);
    const { decls } = this.link();
    if (decls.has(keyOf(scope, e))) return keyOf(scope, e);
    const dot = e.indexOf('.');
    const head = dot === -1 ? e : e.slice(0, dot);
    const rest = dot === -1 ? undefined : e.slice(dot + 1);
    const imported = this.importTarget(facts, head);
    if (imported) {
      const inner = imported.name ? (rest ? `${imported.name}.${rest}` : imported.name) : rest;
      if (!inner) return imported.targets[0] ? this.resolveExport(imported.targets[0], 'module.exports', depth) : undefined;
      for (const t of imported.targets) {
        const found = this.resolveExport(t, inner, depth);
        if (found) return found;
      }
      return undefined;
    }
    e = e.replace(/^this\./, '');
    // Python aliases: `api = UserDto.api` names the namespace declared on that class.
    const alias = facts.language === 'python' && !decls.has(keyOf(scope, e)) ? facts.values[e] : undefined;
    if (alias && alias !== e && /^[A-Za-z_][\w.]*$/.test(alias)) return this.resolveRef(facts, alias, depth + 1);
    return keyOf(scope, e);
  }

  private resolveExport(target: FileFacts, name: string, depth: number): string | undefined {
    return this.resolveRef(target, exportedLocal(target, name), depth + 1);
  }

  /** `sub()` / `pkg.Sub()` / `res{}.Routes()`: the router a function returns. */
  private resolveReturn(facts: FileFacts, fn: string): string | undefined {
    const found = this.findFunction(facts, fn, (f, name) => f.returns[name] !== undefined);
    return found ? keyOf(scopeOf(found.facts), found.facts.returns[found.name]) : undefined;
  }

  /** A router passed as argument `param` to function `fn`: that function's parameter symbol. */
  private resolveParam(facts: FileFacts, fn: string, param: number): string | undefined {
    const found = this.findFunction(facts, fn.replace(/\s+/g, ''), (f, name) => f.params[name]?.[param] !== undefined);
    return found ? keyOf(scopeOf(found.facts), `${found.name}(${param})`) : undefined;
  }

  private findFunction(facts: FileFacts, fn: string, has: (f: FileFacts, name: string) => boolean): { facts: FileFacts; name: string } | undefined {
    const inScope = (scopeFacts: FileFacts[], name: string) => {
      const f = scopeFacts.find((x) => has(x, name));
      return f ? { facts: f, name } : undefined;
    };
    const required = /^require\(['"]([^'"]+)['"]\)$/.exec(fn);
    if (required) {
      const file = this.modules.javascript(facts.file, required[1]);
      const target = file ? this.files.get(file) : undefined;
      const name = target ? (target.exports['module.exports'] ?? target.exports.default) : undefined;
      return target && name && has(target, name) ? { facts: target, name } : undefined;
    }
    if (facts.language === 'go') return this.findGoFunction(facts, fn, has, inScope);
    const parts = fn.split('.');
    const name = parts[parts.length - 1];
    const local = inScope(this.factsInScope(scopeOf(facts)), parts.length === 1 ? name : fn.replace(/^this\./, ''));
    if (local) return local;
    if (parts.length === 1) {
      const imported = this.importTarget(facts, name);
      if (imported) {
        for (const t of imported.targets) {
          const inner = t.exports[imported.name ?? 'module.exports'] ?? t.exports.default ?? imported.name ?? name;
          if (has(t, inner)) return { facts: t, name: inner };
        }
      }
    }
    if (parts.length === 2) {
      const imported = this.importTarget(facts, parts[0]);
      if (imported) {
        const inner = imported.name ? `${imported.name}.${name}` : name;
        for (const t of imported.targets) {
          const exported = t.exports[inner] ?? inner;
          if (has(t, exported)) return { facts: t, name: exported };
        }
      }
    }
    return undefined;
  }

  /** `Fn`, `Type.Method`, `res{}.Routes`, `pkg.Fn`, or a method on a value of unknown type (`h.Register`). */
  private findGoFunction(
    facts: FileFacts,
    fn: string,
    has: (f: FileFacts, name: string) => boolean,
    inScope: (scopeFacts: FileFacts[], name: string) => { facts: FileFacts; name: string } | undefined,
  ): { facts: FileFacts; name: string } | undefined {
    const clean = fn.replace(/\{\}/g, '').replace(/^&/, '');
    const parts = clean.split('.');
    const local = inScope(this.factsInScope(scopeOf(facts)), clean);
    if (local) return local;
    if (parts.length >= 2) {
      // `pkg.Fn`, or `pkg.Type.Method` for a value made by `pkg.NewType(…)`.
      const imported = this.importTarget(facts, parts[0]);
      const found = imported ? inScope(imported.targets, parts.slice(1).join('.')) : undefined;
      if (found || (imported && parts.length === 2)) return found;
      if (imported) {
        // The constructor's type is not the receiver's (`NewServer` returns `*Handler`): the one method of that name there.
        const method = `.${parts[parts.length - 1]}`;
        const there = imported.targets.flatMap((f) => [...Object.keys(f.params), ...Object.keys(f.returns)].filter((n) => n.endsWith(method) && has(f, n)).map((name) => ({ facts: f, name })));
        return there.length === 1 ? there[0] : undefined;
      }
    }
    // A method called on a value (`h.Register(v1)`, or `Handler.Register` when the extractor
    // saw the value's type): the function of that name taking a router — when several types have
    // one, the value's type, else the type its name spells (`userHandler` → `UserHandler`).
    const bare = parts[parts.length - 1];
    const all = (this.link().goFunctions.get(bare) ?? []).filter((c) => (c.name.includes('.') || parts.length === 1) && has(this.factsInScope(c.scope).find((f) => has(f, c.name)) ?? facts, c.name));
    // The caller's own package first: `a.Accounts.router()` next to `AccountResource.router`.
    const own = all.filter((c) => c.scope === scopeOf(facts));
    const candidates = own.length > 0 ? own : all;
    const typeOf = (c: { name: string }) => c.name.slice(0, c.name.lastIndexOf('.')).toLowerCase();
    const pick =
      candidates.length === 1
        ? candidates[0]
        : (candidates.find((c) => c.name === clean) ?? (parts.length === 2 ? candidates.find((c) => typeOf(c) === parts[0].toLowerCase()) : undefined));
    return pick ? inScope(this.factsInScope(pick.scope), pick.name) : undefined;
  }

  private evaluateIn(facts: FileFacts, expr: string | undefined): { value: string; known: boolean } {
    if (expr === undefined) return { value: '', known: true };
    const value = evaluate(expr, (name) => this.lookupValue(facts, name, 0));
    return value === undefined ? { value: '', known: false } : { value, known: true };
  }

  /** A constant or settings attribute by name, followed through imports and instances. */
  private lookupValue(facts: FileFacts, name: string, depth: number): string | undefined {
    if (depth > 8) return undefined;
    const direct = facts.values[name];
    if (direct !== undefined) return evaluate(direct, (n) => (n === name ? undefined : this.lookupValue(facts, n, depth + 1)));
    const match = /^([^.]+(?:\(\))?)\.(.+)$/.exec(name);
    const head = match?.[1] ?? name;
    const rest = match?.[2];
    const cls = facts.instances[head];
    if (cls && rest) return this.lookupValue(facts, `${cls}.${rest}`, depth + 1);
    for (const base of (rest && facts.classBases?.[head]) || []) {
      const inherited = this.lookupValue(facts, `${base}.${rest}`, depth + 1);
      if (inherited !== undefined) return inherited;
    }
    // Go: a constant of the same package, declared in another of its files (`const usersPath = "/api/users"`).
    if (facts.language === 'go' && depth === 0 && rest === undefined) {
      for (const other of this.factsInScope(scopeOf(facts))) if (other !== facts && other.values[name] !== undefined) return this.lookupValue(other, name, depth + 1);
    }
    const imported = this.importTarget(facts, head.replace(/\(\)$/, ''));
    if (imported) {
      const call = head.endsWith('()') ? '()' : '';
      const inner = imported.name ? `${imported.name}${call}${rest ? `.${rest}` : ''}` : rest;
      if (!inner) return undefined;
      for (const t of imported.targets) {
        const v = this.lookupValue(t, exportedLocal(t, inner), depth + 1);
        if (v !== undefined) return v;
      }
    }
    return facts.language === 'go' && rest !== undefined ? this.goSetting(facts, name) : undefined;
  }

  /**
   * A Go settings field (`global.GVA_CONFIG.System.RouterPrefix`): the fields' struct tags name the
   * keys (`system.router-prefix`), read from the `config.yaml` nearest the file — the value the
   * service starts with unless it is given another file.
   */
  private goSetting(facts: FileFacts, name: string): string | undefined {
    const linked = this.link();
    if (!linked.goSettings) {
      const tags = new Map<string, string | null>();
      for (const f of this.files.values()) for (const [field, key] of Object.entries(f.configTags ?? {})) tags.set(field, tags.has(field) && tags.get(field) !== key ? null : key);
      const files = [...this.configText].filter(([file]) => /(?:^|\/)config\.ya?ml$/.test(file)).map(([file, text]) => ({ dir: dirOf(file), values: readSpringConfig(file, text) }));
      linked.goSettings = { tags, files: files.sort((a, b) => b.dir.length - a.dir.length) };
    }
    const { tags, files } = linked.goSettings;
    if (tags.size === 0 || files.length === 0) return undefined;
    const fields = name.split('.');
    for (let i = 1; i < fields.length; i++) {
      const keys = fields.slice(i).map((f) => tags.get(f));
      if (keys.some((k) => !k)) continue;
      const key = keys.join('.');
      const file = files.find((c) => (c.dir === '' || facts.file.startsWith(`${c.dir}/`)) && c.values[key] !== undefined) ?? files.find((c) => c.values[key] !== undefined);
      if (file) return file.values[key];
    }
    return undefined;
  }

  private frameworkSettings(): FrameworkSettings {
    const settings = readFrameworkSettings([...this.files.values()], this.configText, this.jvmEvaluator());
    settings.jsExpression = (facts, expr) => {
      const v = this.evaluateIn(facts, expr);
      return v.known ? v.value : undefined;
    };
    return settings;
  }

  /** Evaluates Java/Kotlin expressions with the constants of every class (`ApiPaths.USERS`). */
  private jvmEvaluator(): (expr: string) => string | undefined {
    let constants: Map<string, FileFacts> | undefined;
    const lookup = (name: string, depth: number): string | undefined => {
      if (!constants) {
        constants = new Map();
        // A bare name (`import static …ApiPaths.*`) stands for the one class's constant of that name.
        const bare = new Map<string, FileFacts | null>();
        for (const f of this.files.values()) {
          if (f.language !== 'java' && f.language !== 'kotlin') continue;
          for (const k of Object.keys(f.values)) {
            if (k.includes('.')) constants.set(k, f);
            else bare.set(k, bare.has(k) && bare.get(k)?.values[k] !== f.values[k] ? null : f);
          }
        }
        for (const [k, f] of bare) if (f && !constants.has(k)) constants.set(k, f);
      }
      const owner = constants.get(name);
      if (!owner || depth > 6) return undefined;
      return evaluate(owner.values[name], (n) => (owner.values[n] !== undefined && n !== name ? evaluate(owner.values[n], (m) => lookup(m, depth + 1)) : lookup(n, depth + 1)));
    };
    return (expr) => evaluate(expr, (name) => lookup(name, 0));
  }

  /**
   * A factory router's own prefix at one call (`create_router("/v1")`): its parameters take the
   * call's arguments, evaluated where the call is; other names resolve where the router is made.
   */
  private boundPrefix(declared: { facts: FileFacts; decl: RouterDecl }, caller: FileFacts, call: string): { value: string; known: boolean } {
    const params = new Map(declared.decl.prefixParams!.map((p) => [p.name, p]));
    const value = evaluate(declared.decl.prefix ?? '', (name) => {
      const param = params.get(name);
      if (!param) return this.lookupValue(declared.facts, name, 0);
      const argument = boundArgument(call, param);
      return argument === undefined ? undefined : evaluate(argument, (n) => this.lookupValue(caller, n, 0));
    });
    return value === undefined ? { value: '', known: false } : { value, known: true };
  }

  /** Every prefix a router symbol is reached under, outermost first. */
  private prefixesOf(symbol: string, visiting: Set<string>): Prefix[] {
    const cached = this.memo.get(symbol);
    if (cached) return cached;
    if (visiting.has(symbol) || visiting.size > 30) return root;
    visiting.add(symbol);
    const { decls, incoming } = this.link();
    const declared = decls.get(symbol);
    // A prefix that is a factory's parameter is only known at a call that passes it.
    const own = !declared ? { value: '', known: true } : declared.decl.prefixParams ? { value: '', known: false } : this.evaluateIn(declared.facts, declared.decl.prefix);
    const ownFrom = declared && declared.decl.prefix !== undefined ? `${declared.facts.file}:${declared.decl.line}` : undefined;
    const bases: { prefix: Prefix; skipOwn: boolean; ownHere?: { own: { value: string; known: boolean }; from: string } }[] = [];
    if (declared?.decl.parent) {
      const parent = this.resolveRef(declared.facts, declared.decl.parent);
      for (const p of parent ? this.prefixesOf(parent, visiting) : root) bases.push({ prefix: p, skipOwn: false });
    }
    // A file mounting the same router the same way again (`app.use('/api', users)` in each of
    // several setups) adds no other prefix: its first mount stands for all.
    const mountedAs = new Set<string>();
    for (const { facts, mount } of incoming.get(symbol) ?? []) {
      const how = `${facts.file}\0${mount.parent}\0${mount.prefix === undefined ? 1 : 0}${mount.prefix ?? ''}\0${mount.replacesOwnPrefix === true}\0${mount.child}`;
      if (mountedAs.has(how)) continue;
      mountedAs.add(how);
      const parent = this.resolveRef(facts, mount.parent);
      const parents = parent && parent !== symbol ? this.prefixesOf(parent, visiting) : root;
      const given = this.evaluateIn(facts, mount.prefix);
      const from = mount.prefix !== undefined ? `${facts.file}:${mount.line}` : undefined;
      // A factory's router (`create_router("/v1")`): its own prefix is what this call passes.
      const ownHere = declared?.decl.prefixParams ? { own: this.boundPrefix(declared, facts, mount.child), from: `${facts.file}:${mount.line}` } : undefined;
      for (const p of parents) bases.push({ prefix: extend(p, given, from), skipOwn: !!mount.replacesOwnPrefix && mount.prefix !== undefined, ownHere });
    }
    if (bases.length === 0) for (const prefix of this.folderMountPrefixes(symbol, visiting)) bases.push({ prefix, skipOwn: false });
    if (bases.length === 0) bases.push({ prefix: declared?.decl.mountable ? this.unmountedBase(visiting) : root[0], skipOwn: false });
    const out: Prefix[] = [];
    const seen = new Set<string>();
    for (const b of bases) {
      const p = b.skipOwn ? b.prefix : b.ownHere ? extend(b.prefix, b.ownHere.own, b.ownHere.from) : extend(b.prefix, own, ownFrom);
      const key = `${p.unknown}${p.path}`;
      if (seen.has(key) || out.length >= maxPrefixes) continue;
      seen.add(key);
      out.push(p);
    }
    visiting.delete(symbol);
    this.memo.set(symbol, out);
    return out;
  }

  /**
   * A plugin function's instance parameter (`file#plugin(0)`) of a file under a folder that a
   * Fastify autoload registers (`FileFacts.dirMounts`): the registering instance's prefixes, the
   * autoload's prefix, then the file's subfolder names (`routes/api/users/index.ts` → `/api/users`).
   */
  private folderMountPrefixes(symbol: string, visiting: Set<string>): Prefix[] {
    const hash = symbol.indexOf('#');
    if (hash === -1 || !/\(0\)$/.test(symbol)) return [];
    const file = symbol.slice(0, hash);
    const out: Prefix[] = [];
    for (const facts of this.files.values()) {
      for (const m of facts.dirMounts ?? []) {
        if (m.dir !== '' && !file.startsWith(`${m.dir}/`)) continue;
        const folder = dirOf(file).slice(m.dir === '' ? 0 : m.dir.length + 1);
        const parent = this.resolveRef(facts, m.parent);
        const from = `${facts.file}:${m.line}`;
        for (const p of parent && parent !== symbol ? this.prefixesOf(parent, visiting) : root) {
          const withPrefix = m.prefix === undefined ? p : extend(p, this.evaluateIn(facts, m.prefix), from);
          out.push(m.folderNames && folder !== '' ? extend(withPrefix, { value: `/${folder}`, known: true }, from) : withPrefix);
        }
      }
    }
    return out;
  }

  /**
   * Where a router included nowhere we can see is served: at the root, unless some include we
   * cannot follow (`include_router(plugin.events, prefix="/{org}/events")`) puts a prefix on
   * what it includes — then that router's prefix is unknown, not absent.
   */
  private unmountedBase(visiting: Set<string>): Prefix {
    const { unresolved, decls } = this.link();
    for (const { facts, mount } of unresolved) {
      const parent = this.resolveRef(facts, mount.parent);
      const given = this.evaluateIn(facts, mount.prefix);
      // A parent we cannot see either (`def setup(app): app.include_router(api_router)`) is taken as the application.
      const parents = parent && decls.has(parent) ? this.prefixesOf(parent, visiting) : root;
      if (!given.known || given.value !== '' || parents.some((p) => p.unknown || p.path !== '')) {
        return { path: '', unknown: true, from: [`${facts.file}:${mount.line}`] };
      }
    }
    return root[0];
  }

  private resolveFile(facts: FileFacts): IndexedRoute[] {
    const out: IndexedRoute[] = [];
    const { classes, settings } = this.link();
    // Most routes of a file share a handful of owners and paths: resolve and normalize each once.
    const owners = new Map<string, Prefix[]>();
    // Spring: the class's prefixes (mapping, context path) are the same for all its handlers.
    const springOuter = new Map<string, ReturnType<typeof frameworkPrefix>>();
    const normalized = new Map<string, string>();
    // Router-chain frameworks: one outer prefix per chain prefix, and the full path per (prefix, local path).
    const plainOuter = new Map<Prefix, OuterPrefix[]>();
    const joinedSub = new Map<OuterPrefix, Map<string, string>>();
    const joinedPlain = new Map<OuterPrefix, Map<string, string>>();
    // Indexed loops, not for…of: this runs per route of a file (thousands), and an iterator per
    // loop is garbage the collector then spends time on.
    for (let r = 0; r < facts.routes.length; r++) {
      const route = facts.routes[r];
      let prefixes = owners.get(route.owner);
      if (!prefixes) {
        const owner = this.resolveRef(facts, route.owner) ?? keyOf(scopeOf(facts), route.owner);
        prefixes = this.prefixesOf(owner, new Set());
        owners.set(route.owner, prefixes);
      }
      const methods = route.viewClass ? this.methodsOf(facts, route) : undefined;
      const byClass = route.framework === 'spring' || route.framework === 'nestjs' || route.framework === 'routing-controllers';
      for (let pi = 0; pi < prefixes.length; pi++) {
        const p = prefixes[pi];
        let outer = route.framework === 'spring' ? springOuter.get(route.owner) : undefined;
        if (!outer && !byClass) outer = plainOuter.get(p);
        if (!outer) {
          outer = byClass ? frameworkPrefix(route, facts, classes, settings, p.path) : [{ path: p.path, unknown: false, from: noPrefixes }];
          if (route.framework === 'spring') springOuter.set(route.owner, outer);
          else if (!byClass) plainOuter.set(p, outer);
        }
        for (let oi = 0; oi < outer.length; oi++) {
          const o = outer[oi];
          const local = route.path.startsWith(jvmExpression) ? this.pathExpression(facts, route.path.slice(1), settings) : route.path;
          if (local === undefined) continue; // a handler path no constant explains: no lens rather than a wrong one
          const joined = mountsAsSubRouter(route.framework) ? joinedSub : joinedPlain;
          let byLocal = joined.get(o);
          if (!byLocal) joined.set(o, (byLocal = new Map()));
          let path = byLocal.get(local);
          if (path === undefined) {
            const full = o.path === '' ? local : (mountsAsSubRouter(route.framework) ? joinMountedPaths : joinRoutePaths)(o.path, local);
            path = normalized.get(full);
            if (path === undefined) normalized.set(full, (path = normalizeRoutePath(full === '' ? '/' : full)));
            byLocal.set(local, path);
          }
          const prefixFrom = o.from.length === 0 ? p.from : p.from.length === 0 ? o.from : [...o.from, ...p.from];
          for (let k = 0; k < (methods?.length ?? 1); k++) {
            out.push({ file: facts.file, line: route.line, column: route.column, framework: route.framework, method: methods ? methods[k] : route.method, path, localPath: local, prefixFrom, prefixUnknown: p.unknown || o.unknown });
          }
        }
      }
    }
    // Extraction order is usually source order already: sort only when it is not.
    for (let i = 1; i < out.length; i++) if (out[i - 1].line > out[i].line || (out[i - 1].line === out[i].line && out[i - 1].column > out[i].column)) return out.sort((a, b) => a.line - b.line || a.column - b.column);
    return out;
  }

  /** A handler path written as a constant expression: Java/Kotlin class constants, or JS/TS constants through imports. */
  private pathExpression(facts: FileFacts, expr: string, settings: FrameworkSettings): string | undefined {
    if (facts.language === 'java' || facts.language === 'kotlin') return settings.jvmExpression(expr);
    const v = this.evaluateIn(facts, expr);
    return v.known ? v.value : undefined;
  }

  private methodsOf(facts: FileFacts, route: LocalRoute): RouteMethod[] {
    if (!route.viewClass) return [route.method];
    const local = facts.viewClasses?.[route.viewClass];
    if (local) return local;
    const imported = this.importTarget(facts, route.viewClass);
    const methods = imported?.targets[0]?.viewClasses?.[imported.name ?? route.viewClass];
    return methods && methods.length > 0 ? methods : ['GET'];
  }
}

/** What of a file's facts decides how files link (not routes, not prefix values). */
function linkShape(f: FileFacts): string {
  return JSON.stringify([
    f.routers.map((r) => [r.name, r.parent, r.prefixes, r.supertypes, r.version, r.mountable, r.prefixParams]),
    f.mounts.map((m) => [m.parent, m.child, m.param, m.replacesOwnPrefix, m.prefix === undefined]),
    f.imports,
    f.exports,
    f.returns,
    f.params,
    f.nest,
    f.goPackage,
    f.funcLists,
    f.configTags,
  ]);
}

/**
 * The local name in `target` behind an exported name. A whole module imported
 * (`const api = require('./api')`, `import * as api`) is `module.exports`, so `api.router` asks for
 * `module.exports.router`: the `router` export (`exports.router = …`, `export const router`), else
 * the property of whatever `module.exports` is set to (`module.exports = config` → `config.api`).
 */
function exportedLocal(target: FileFacts, name: string): string {
  const direct = target.exports[name];
  if (direct !== undefined) return direct;
  if (name === 'module.exports') return target.exports.default ?? name;
  if (!name.startsWith('module.exports.')) return name;
  const rest = name.slice('module.exports.'.length);
  const whole = target.exports['module.exports'] ?? target.exports.default;
  return target.exports[rest] ?? (whole !== undefined ? `${whole}.${rest}` : rest);
}

function extend(p: Prefix, segment: { value: string; known: boolean }, from: string | undefined): Prefix {
  const fromList = from ? [...p.from, from] : p.from;
  if (!segment.known) return { path: '', unknown: true, from: fromList };
  return { path: segment.value === '' ? p.path : joinRoutePaths(p.path, segment.value), unknown: p.unknown, from: fromList };
}
