// Route handlers in source code, for CodeLenses and `metric-vault routes`. Pure and fast:
// a handful of regular-expression passes over the text, no parsing of the language.
import type { RouteMatch, SourceLanguage } from './model';
import { scanGo } from './go';
import { scanJavaScript } from './javascript';
import { scanSpring } from './jvm';
import { scanPython } from './python';
import { LineIndex } from './text';

export type { RouteFramework, RouteMatch, SourceLanguage } from './model';
export { joinRoutePaths, normalizeRoutePath, routeMatchesPath, routeShape } from './paths';
export { formatLastResult, readSummaryNumbers, type LastResult } from './lastResult';

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

/** Route handlers declared in `text`, in source order. */
export function detectRoutes(text: string, language: SourceLanguage | string): RouteMatch[] {
  const lang = (routeLanguageIds as readonly string[]).includes(language) ? (language as SourceLanguage) : languageOfFile(language);
  if (!lang) return [];
  const at = new LineIndex(text);
  let found: RouteMatch[];
  switch (lang) {
    case 'python':
      found = scanPython(text, at);
      break;
    case 'javascript':
    case 'typescript':
      found = scanJavaScript(text, at);
      break;
    case 'java':
    case 'kotlin':
      found = scanSpring(text, at);
      break;
    case 'go':
      found = scanGo(text, at);
      break;
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
