// Router forms beyond `router.get('/x', h)`, for the Express/Koa/Fastify scanner (javascript.ts):
// route tables mounted in a loop, Fastify plugins and autoloaded folders, and `all()` handlers
// that run before other verbs.
import type { FileFacts } from './facts';
import type { JsScan } from './jsScan';
import { argumentsAt, keywordArgument, type LineIndex, matchesAt, readStringLiteral, receiverBefore, splitArguments } from './text';

/**
 * Route tables mounted in a loop — `const routes = [{ path: '/auth', route: authRoute }, …]`
 * then `routes.forEach((r) => router.use(r.path, r.route))` (or `for (const r of routes)`):
 * one mount per entry.
 */
export function routeTables(text: string, at: LineIndex, facts: FileFacts, scan: JsScan, ownerAt: (name: string, offset: number) => string): void {
  // Anchored on `.forEach(` and `for (`: the table's name is read backwards from the dot.
  const loops = /\.forEach\(\s*(?:async\s*)?\(?\s*([A-Za-z_$][\w$]*)\s*\)?\s*=>|\bfor\s*\(\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s+of\s+([A-Za-z_$][\w$]*)\s*\)/y;
  for (const m of matchesAt(loops, text, scan.loops)) {
    const table = m[3] ?? receiverBefore(text, m.index ?? 0)?.name;
    const item = m[1] ?? m[2];
    if (!table) continue;
    const body = text.slice(m.index ?? 0, (m.index ?? 0) + 400);
    const use = new RegExp(`([A-Za-z_$][\\w$]*)\\s*\\.\\s*use\\(\\s*${item}\\.([A-Za-z_$][\\w$]*)\\s*,\\s*${item}\\.([A-Za-z_$][\\w$]*)\\s*\\)`).exec(body);
    const decl = use ? new RegExp(`\\b${table}\\s*(?::[^=]+)?=\\s*\\[`).exec(text) : null;
    const list = decl ? argumentsAt(text, decl.index + decl[0].length - 1, 20_000) : undefined;
    if (!use || !list) continue;
    const line = at.line((m.index ?? 0) + body.indexOf(use[0]));
    const parent = ownerAt(use[1], (m.index ?? 0) + body.indexOf(use[0]));
    for (const entry of splitArguments(list.inner)) {
      const item = entry.replace(/^\s*\/\/.*$/gm, '').trim();
      const fields = item.startsWith('{') ? splitArguments(item.slice(1, -1).replace(/^\s*\/\/.*$/gm, '')) : [];
      const prefix = keywordArgument(fields, [use[2]]);
      const child = keywordArgument(fields, [use[3]]);
      if (prefix !== undefined && child && /^(?:[A-Za-z_$][\w$.]*|require\(\s*['"][^'"]+['"]\s*\))$/.test(child)) facts.mounts.push({ line, parent, child, prefix });
    }
  }
}

/**
 * Fastify `register(plugin, { prefix: '/users' })`: the plugin function gets the instance as its
 * first argument (`fp(plugin)` and `import('./users')` unwrapped); `register(autoload, { dir,
 * options: { prefix } })` registers every plugin file of a folder, named after its subfolder.
 */
export function fastifyRegister(inner: string, owner: string, line: number, facts: FileFacts): void {
  const [first, second] = splitArguments(inner);
  if (!first) return;
  const options = second?.startsWith('{') ? splitArguments(second.slice(1, -1)) : [];
  const prefix = keywordArgument(options, ['prefix']);
  const plugin = /^(?:fp\s*\(\s*)?([A-Za-z_$][\w$]*)\s*\)?$/.exec(first)?.[1];
  const loader = plugin === undefined ? undefined : facts.imports.find((i) => i.local === plugin && i.module === '@fastify/autoload');
  if (loader) {
    // `dir: path.join(__dirname, 'routes')`, `join(import.meta.dirname, 'routes', 'api')`.
    const dir = keywordArgument(options, ['dir']);
    const parts = dir && /(?:__dirname|import\.meta\.dirname)\s*,([^)]*)\)/.exec(dir)?.[1];
    const segments = parts ? splitArguments(parts).map((p) => readStringLiteral(p)) : undefined;
    if (!segments || segments.some((s) => !s || s.rest.trim() !== '')) return;
    const folder = facts.file.includes('/') ? facts.file.slice(0, facts.file.lastIndexOf('/')) : '';
    const relative = segments.map((s) => s!.value.replace(/^\.\/|\/$/g, '')).filter((s) => s !== '' && s !== '.');
    const nested = keywordArgument(options, ['options']);
    const nestedPrefix = nested?.startsWith('{') ? keywordArgument(splitArguments(nested.slice(1, -1)), ['prefix']) : undefined;
    (facts.dirMounts ??= []).push({ line, parent: owner, dir: [folder, ...relative].filter((s) => s !== '').join('/'), prefix: nestedPrefix, folderNames: keywordArgument(options, ['dirNameRoutePrefix']) !== 'false' });
    return;
  }
  if (plugin !== undefined) facts.mounts.push({ line, parent: owner, child: plugin, param: 0, prefix });
}

/**
 * `router.route('/users/:id').all(loadUser).get(show)`, `app.all('/admin', auth)` next to
 * `app.get('/admin', …)`: an `all` on a path that also has routes for given methods runs before
 * them (it loads or checks, then calls `next()`), so it is no endpoint of its own. Only an `all`
 * that is the path's one handler is an "any method" route.
 */
export function dropPreHandlers(facts: FileFacts): void {
  if (!facts.routes.some((r) => r.method === 'ANY')) return;
  const specific = new Set(facts.routes.filter((r) => r.method !== 'ANY').map((r) => `${r.owner} ${r.path}`));
  facts.routes = facts.routes.filter((r) => r.method !== 'ANY' || !specific.has(`${r.owner} ${r.path}`));
}
