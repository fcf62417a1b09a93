// NestJS facts: controllers (`@Controller('p')`, `@Controller({ path, version })`) and their
// handlers (`@Get(…)`, `@Version('2')`), and application-wide settings: `setGlobalPrefix` with
// `exclude`, URI versioning, `RouterModule.register` trees and `@Module({ controllers })`.
// routing-controllers has the same shape (`@JsonController('/users')`, `@Get('/:id')`, a
// `routePrefix` given to `createExpressServer` / `useExpressServer`): read here too.
import type { RouteMethod } from './model';
import { evaluate } from './expressions';
import type { FileFacts, NestFacts } from './facts';
import { flattenObject } from './jsModules';
import { jvmExpression as pathExpression } from './jvm';
import { argumentsAt, inSpans, keywordArgument, lastBefore, type LineIndex, readStringLiteral, splitArguments, stringList } from './text';

const controllers = /@(?:Json)?Controller\s*\(/g;
const handlers = /@(Get|Post|Put|Delete|Patch|Head|Options|All)\s*\(/g;
const classAfter = /^[\s\S]{0,600}?\bclass\s+([A-Za-z_$][\w$]*)/;
/** `config.get('key')`, `configService.getOrThrow<string>('key', 'default')`. */
const configRead = /\.\s*(?:get|getOrThrow)\s*(?:<[^>]*>)?\s*\(\s*['"]([\w.-]+)['"]\s*(?:,\s*(['"][^'"]*['"]))?/;

/**
 * The paths a decorator argument gives: literals, or a constant expression (`routesV1.user.root`,
 * `` `${BASE}/x` ``) kept for the index to evaluate with the file's imports.
 */
function pathsOf(arg: string): string[] | undefined {
  const list = stringList(arg);
  if (list) return list;
  const expr = arg.trim();
  return /^(?:[A-Za-z_$`]|['"][^'"]*['"]\s*\+)[\w$.`${}/:+ '"-]*$/.test(expr) ? [`${pathExpression}${expr}`] : undefined;
}

const literal = (v: string | undefined) => {
  const s = v === undefined ? undefined : readStringLiteral(v);
  return s && s.rest.trim() === '' ? s.value : undefined;
};

function objectArgs(inner: string): string[] {
  const t = inner.trim();
  return t.startsWith('{') ? splitArguments(t.slice(1, -1)) : [];
}

/** RouterModule.register([{ path, module, children }]) → module → joined path. */
function routerTree(inner: string, base: string, out: Record<string, string>): void {
  const t = inner.trim();
  if (!t.startsWith('[')) return;
  for (const item of splitArguments(t.slice(1, -1))) {
    const args = objectArgs(item);
    const path = [base, literal(keywordArgument(args, ['path'])) ?? ''].filter((p) => p !== '').join('/');
    const module = keywordArgument(args, ['module']);
    if (module && /^[A-Za-z_$][\w$]*$/.test(module)) out[module] = path;
    const children = keywordArgument(args, ['children']);
    if (children) routerTree(children, path, out);
  }
}

/** The first call matching `re` that is code (`// app.setGlobalPrefix('/api');` is not). */
function firstCall(text: string, notCode: (offset: number) => boolean, re: RegExp): RegExpExecArray | null {
  for (let m = re.exec(text); m; m = re.exec(text)) if (!notCode(m.index)) return m;
  return null;
}

function readAppSettings(text: string, at: LineIndex, facts: FileFacts, notCode: (offset: number) => boolean): void {
  const nest: NestFacts = {};
  // In a monorepo an app that sets no global prefix must not take another app's.
  if (firstCall(text, notCode, /\bNestFactory\s*\.\s*create\w*\s*[(<]/g)) nest.bootstrap = true;
  const global = firstCall(text, notCode, /\.setGlobalPrefix\s*\(|\b(?:create|use)(?:Express|Koa)Server\s*\(/g);
  const args = global ? argumentsAt(text, global.index + global[0].length - 1) : undefined;
  let list = args ? splitArguments(args.inner) : [];
  if (global && !global[0].startsWith('.')) {
    // routing-controllers: `createExpressServer({ routePrefix })`, `useExpressServer(app, { routePrefix })`.
    const prefix = keywordArgument(objectArgs(list[global[0].startsWith('use') ? 1 : 0] ?? ''), ['routePrefix']);
    list = prefix === undefined ? [] : [prefix];
  }
  if (global && list.length > 0) {
    // `process.env.PREFIX || 'api'`, a constant of this file: the literal default is the prefix.
    // A local of bootstrap() (`const globalPrefix = 'api';`, Nx's default) or of the file.
    const local = list[0] !== undefined && /^[A-Za-z_$][\w$]*$/.test(list[0]) ? new RegExp(`\\b(?:const|let|var)\\s+${list[0]}\\s*(?::[^=]+)?=\\s*([^;\\n]+)`).exec(text)?.[1] : undefined;
    const fileValue = (name: string) => (facts.values[name] !== undefined ? evaluate(facts.values[name], () => undefined) : undefined);
    const prefix = list[0] === undefined ? undefined : (evaluate(list[0], fileValue) ?? (local === undefined ? undefined : evaluate(local, fileValue)));
    if (prefix === undefined && list[0] !== undefined) {
      // `configService.get('app.apiPrefix')`, directly or through a local: resolved across files
      // with `registerAs` defaults; anything else is known only at run time.
      const config = configRead.exec(local ?? list[0]);
      if (config) nest.globalPrefixConfig = { key: config[1], fallback: config[2] === undefined ? undefined : literal(config[2]) };
      else nest.globalPrefixUnknown = true;
    }
    if (prefix !== undefined || nest.globalPrefixConfig || nest.globalPrefixUnknown) {
      if (prefix !== undefined) nest.globalPrefix = prefix;
      nest.globalPrefixLine = at.line(global.index);
      const exclude = keywordArgument(objectArgs(list[1] ?? ''), ['exclude']);
      if (exclude?.trim().startsWith('[')) {
        nest.exclude = splitArguments(exclude.trim().slice(1, -1)).map((e) => literal(e) ?? literal(keywordArgument(objectArgs(e), ['path']))).filter((e): e is string => e !== undefined);
      }
    }
  }
  const versioning = firstCall(text, notCode, /\.enableVersioning\s*\(/g);
  if (versioning) {
    const args = argumentsAt(text, versioning.index + versioning[0].length - 1);
    const options = objectArgs(args?.inner ?? '');
    const type = keywordArgument(options, ['type']);
    if (!type || /URI/.test(type)) {
      const prefix = keywordArgument(options, ['prefix']);
      const dflt = keywordArgument(options, ['defaultVersion']);
      nest.uriVersioning = { prefix: prefix === 'false' ? '' : (literal(prefix) ?? 'v'), defaultVersion: literal(dflt) ?? stringList(dflt)?.[0] };
    }
  }
  const register = firstCall(text, notCode, /RouterModule\.(?:register|forRoutes)\s*\(/g);
  if (register) {
    const args = argumentsAt(text, register.index + register[0].length - 1);
    nest.modulePaths = {};
    if (args) routerTree(args.inner, '', nest.modulePaths);
    // `const routes: Routes = [...]; RouterModule.register(routes)`
    const named = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(args?.inner ?? '');
    const decl = named ? new RegExp(`\\b${named[1]}\\s*(?::[^=]+)?=\\s*\\[`).exec(text) : null;
    if (decl) {
      const list = argumentsAt(text, decl.index + decl[0].length - 1, text.length);
      if (list) routerTree(`[${list.inner}]`, '', nest.modulePaths);
    }
  }
  for (const m of text.matchAll(/\bregisterAs\s*(?:<[^>]*>)?\s*\(\s*['"]([\w.-]+)['"]\s*,/g)) {
    // The object the factory returns: `() => ({ … })` or `() => { …; return { … }; }`.
    const from = (m.index ?? 0) + m[0].length;
    const body = /=>\s*\(\s*\{|\breturn\s*\{/.exec(text.slice(from, from + 8000));
    if (body) flattenObject(text, from + body.index + body[0].length - 1, m[1], (nest.configValues ??= {}));
  }
  for (const m of text.matchAll(/@Module\s*\(/g)) {
    const args = argumentsAt(text, (m.index ?? 0) + m[0].length - 1, text.length);
    const list = keywordArgument(objectArgs(args?.inner ?? ''), ['controllers']);
    const cls = args ? classAfter.exec(text.slice(args.end))?.[1] : undefined;
    if (list && cls) (nest.moduleControllers ??= {})[cls] = splitArguments(list.trim().slice(1, -1));
  }
  if (Object.keys(nest).length > 0) facts.nest = nest;
}

/** `nonCode`: the file's comments and strings (a decorator or call shown there is not code). */
export function readNest(text: string, at: LineIndex, facts: FileFacts, nonCode: readonly number[]): void {
  const notCode = (offset: number) => inSpans(nonCode, offset);
  readAppSettings(text, at, facts, notCode);
  const framework = text.includes('@nestjs/') ? 'nestjs' : 'routing-controllers';
  const owners: { offset: number; name: string }[] = [];
  for (const m of text.matchAll(controllers)) {
    const offset = m.index ?? 0;
    if (notCode(offset)) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    const inner = args?.inner.trim() ?? '';
    let prefixes = inner === '' ? [''] : pathsOf(inner);
    let version: string | undefined;
    if (inner.startsWith('{')) {
      const options = objectArgs(inner);
      const path = keywordArgument(options, ['path']);
      prefixes = path === undefined ? [''] : pathsOf(path);
      version = literal(keywordArgument(options, ['version'])) ?? stringList(keywordArgument(options, ['version']))?.[0];
    }
    const name = args ? classAfter.exec(text.slice(args.end))?.[1] : undefined;
    if (!name) continue;
    owners.push({ offset, name });
    facts.routers.push({ name, line: at.line(offset), prefixes: prefixes ?? [''], version });
  }
  for (const m of text.matchAll(handlers)) {
    const offset = m.index ?? 0;
    if (notCode(offset)) continue;
    const controller = lastBefore(owners, offset);
    if (!controller) continue;
    const args = argumentsAt(text, offset + m[0].length - 1);
    const inner = args?.inner.trim() ?? '';
    const paths = inner === '' ? [''] : inner.startsWith('{') ? pathsOf(keywordArgument(objectArgs(inner), ['path']) ?? "''") : pathsOf(inner);
    if (!paths) continue;
    // `@All('*')`: a catch-all, not an endpoint.
    if (m[1] === 'All' && paths.some((p) => p.includes('*'))) continue;
    // @Version('2') among the handler's decorators (before the method name).
    const tail = text.slice(args?.end ?? offset, (args?.end ?? offset) + 400);
    const upTo = tail.search(/\)\s*[:{]/);
    const version = /@Version\s*\(\s*['"]([^'"]+)['"]/.exec(upTo === -1 ? tail : tail.slice(0, upTo))?.[1] ?? /@Version\s*\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[1];
    // `@All()` answers every method.
    const method = m[1] === 'All' ? 'ANY' : (m[1].toUpperCase() as RouteMethod);
    const pos = at.position(offset);
    for (const p of paths) facts.routes.push({ line: pos.line, column: pos.column, framework, method, path: p, owner: controller.name, version });
  }
}
