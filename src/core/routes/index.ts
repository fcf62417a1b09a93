// Route handlers in source code, for CodeLenses and `metric-vault routes`. Pure and fast:
// a handful of regular-expression passes over each file give its facts (facts.ts); the
// workspace index (routeIndex.ts) links them across files into full paths.
import type { FileFacts } from './facts';
import { extractGo } from './go';
import { extractJavaScript } from './javascript';
import { extractSpring } from './jvm';
import type { RouteMatch, SourceLanguage } from './model';
import { extractPython } from './python';
import { RouteIndex } from './routeIndex';
import { LineIndex } from './text';

export type { RouteFramework, RouteMatch, RouteMethod, SourceLanguage } from './model';
export { anyMethodOrder } from './model';
export type { FileFacts } from './facts';
export { RouteIndex, type IndexedRoute } from './routeIndex';
export { joinRoutePaths, normalizeRoutePath, routeMatchesPath, routeShape, routeSuffixMatches } from './paths';
export { formatLastResult, readFindingsFor, readSummaryNumbers, type LastResult } from './lastResult';
export { isIgnoredRoutePath, isRouteConfigFile } from './workspaceFiles';

const byExtension: Record<string, SourceLanguage> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  java: 'java',
  kt: 'kotlin',
  go: 'go',
};

/** The language of a file by its name, if routes can be found in it. */
export function languageOfFile(fileName: string): SourceLanguage | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext ? byExtension[ext] : undefined;
}

/** VS Code language ids the scanners understand. */
export const routeLanguageIds: readonly SourceLanguage[] = ['python', 'javascript', 'typescript', 'java', 'kotlin', 'go'];

/** What one file says about routes (`file`: workspace-relative path with forward slashes). */
export function extractRouteFacts(file: string, text: string, language?: SourceLanguage | string): FileFacts | undefined {
  const lang = language && (routeLanguageIds as readonly string[]).includes(language) ? (language as SourceLanguage) : languageOfFile(language ?? file);
  if (!lang) return undefined;
  const at = new LineIndex(text);
  switch (lang) {
    case 'python':
      return extractPython(text, at, file);
    case 'javascript':
    case 'typescript':
      return extractJavaScript(text, at, file, lang);
    case 'java':
    case 'kotlin':
      return extractSpring(text, at, file, lang);
    case 'go':
      return extractGo(text, at, file);
  }
}

/**
 * Route handlers declared in `text` alone (prefixes from this file only), in source order. The
 * index's own route objects are returned (they carry `localPath` and `prefixFrom` too): not
 * copied, since a big file has thousands.
 */
export function detectRoutes(text: string, language: SourceLanguage | string): RouteMatch[] {
  const lang = (routeLanguageIds as readonly string[]).includes(language) ? (language as SourceLanguage) : languageOfFile(language);
  if (!lang) return [];
  const file = `file.${Object.entries(byExtension).find(([, l]) => l === lang)?.[0] ?? 'txt'}`;
  const facts = extractRouteFacts(file, text, lang);
  if (!facts || facts.routes.length === 0) return [];
  const index = new RouteIndex();
  index.setFile(facts);
  return index.routesOf(file);
}
export { excludeGlobs, gitignoreRules, isIgnoredBy, type IgnoreRule } from './ignoreRules';
