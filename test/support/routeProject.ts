// A small multi-file project run through the route index, for tests: files by workspace path
// (go.mod, application.properties/.yml are settings), routes back as `METHOD /full/path`.
import { extractRouteFacts, RouteIndex } from '../../src/core/routes';

/** Every route of a project as `METHOD /full/path` (`…/x` when the prefix is computed at run time). */
export function projectRoutes(files: Record<string, string>): string[] {
  const index = new RouteIndex();
  for (const [file, text] of Object.entries(files)) {
    if (/(?:go\.mod|\.properties|\.ya?ml)$/.test(file)) index.setConfigFile(file, text);
    else {
      const facts = extractRouteFacts(file, text);
      if (facts) index.setFile(facts);
    }
  }
  return index.allRoutes().map((r) => `${r.method} ${r.prefixUnknown ? '…' : ''}${r.path}`);
}
