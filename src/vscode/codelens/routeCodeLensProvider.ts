// `Load test GET /api/v1/items/{id}` above each route handler — the full path, with prefixes
// declared in other files, from the workspace route index (a worker thread) — and beside it the
// endpoint's last result (`p95 182 ms · 0.4 % errors · 2 h ago`). Where part of the prefix is
// computed at run time the lens says so (`Load test GET …/items`) and matches by suffix.
// provideCodeLenses only places lenses; titles and commands are filled in resolveCodeLens.
import * as vscode from 'vscode';
import { detectRoutes, formatLastResult, isIgnoredRoutePath, readFindingsFor, readSummaryNumbers, type RouteFramework, type RouteMethod, type SourceLanguage } from '../../core/routes';
import { Disposable } from '../common/lifecycle';
import type { Ctx } from '../context';
import type { LensIndex } from './lensIndex';
import type { RouteIndexSync } from './routeIndexSync';

export interface LensRoute {
  line: number;
  column: number;
  framework: RouteFramework;
  method: RouteMethod;
  path: string;
  prefixUnknown: boolean;
  /** The handler answers every method (`app.all`, `@All()`); `method` is the documented one this lens is for. */
  anyMethod?: boolean;
}

class RouteLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly kind: 'loadtest' | 'result',
    readonly route: LensRoute,
    readonly file: string,
  ) {
    super(range);
  }
}

/** VS Code language ids → the scanner's language. */
const languageOf: Record<string, SourceLanguage> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  java: 'java',
  kotlin: 'kotlin',
  go: 'go',
};

export const routeLensSelector: vscode.DocumentSelector = Object.keys(languageOf).flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

export class RouteCodeLensProvider extends Disposable implements vscode.CodeLensProvider<RouteLens> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, { version: number; routes: LensRoute[] }>();

  constructor(
    private readonly ctx: Ctx,
    private readonly index: LensIndex,
    private readonly routeIndex: RouteIndexSync | undefined,
  ) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.cache.delete(doc.uri.toString())));
    if (routeIndex) {
      this._register(
        routeIndex.onDidChange(() => {
          // A prefix declared in another file may have changed: every open file's paths are stale.
          this.cache.clear();
          this.changed.fire();
        }),
      );
    }
  }

  refresh(): void {
    this.changed.fire();
  }

  private async routesOf(doc: vscode.TextDocument, language: SourceLanguage): Promise<LensRoute[]> {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === doc.version) return cached.routes;
    const indexed = await this.routeIndex?.routesOf(doc);
    let routes: LensRoute[];
    if (indexed) routes = indexed;
    else if (doc.uri.scheme === 'file' && isIgnoredRoutePath(vscode.workspace.asRelativePath(doc.uri, false).replace(/\\/g, '/'))) routes = [];
    else routes = detectRoutes(doc.getText(), language).map((r) => ({ ...r, prefixUnknown: false }));
    this.cache.set(key, { version: doc.version, routes });
    return routes;
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<RouteLens[]> {
    const language = languageOf[doc.languageId];
    if (!language) return [];
    const routes = await this.routesOf(doc, language);
    const lenses: RouteLens[] = [];
    for (const found of routes) {
      if (token.isCancellationRequested) return [];
      const at = new vscode.Range(found.line - 1, found.column - 1, found.line - 1, found.column - 1);
      // A handler for any method: one lens per operation documented on its path (or one that asks).
      for (const method of this.index.lensMethods(found.method, found.path, found.prefixUnknown)) {
        const route: LensRoute = method === found.method ? found : { ...found, method: method as RouteMethod, anyMethod: true };
        lenses.push(new RouteLens(at, 'loadtest', route, doc.uri.fsPath));
        if (route.method !== 'ANY' && this.index.lastRunFor(route.method, route.path, route.prefixUnknown)) lenses.push(new RouteLens(at, 'result', route, doc.uri.fsPath));
      }
    }
    return lenses;
  }

  resolveCodeLens(lens: RouteLens, token: vscode.CancellationToken): RouteLens {
    if (token.isCancellationRequested) return lens;
    const { route } = lens;
    if (lens.kind === 'loadtest') {
      const known = route.method === 'ANY' ? [] : this.index.endpointsFor(route.method, route.path, route.prefixUnknown);
      const path = known[0]?.path ?? route.path;
      const shown = known.length === 0 && route.prefixUnknown ? `…${route.path}` : path;
      const any = route.method === 'ANY' ? 'This handler answers every HTTP method and no registered server documents an operation on its path: you pick the method when the script is created. ' : route.anyMethod ? 'This handler answers every HTTP method; this lens is for the documented ' + route.method + '. ' : '';
      lens.command = {
        title: `$(beaker) Load test ${route.method} ${shown}`,
        tooltip:
          any +
          (known.length
            ? `Generate a k6 script for ${route.method} ${path} from its OpenAPI description`
            : route.prefixUnknown
              ? `Part of this route's prefix is computed at run time, so its full path is not known here; no registered server has an endpoint ending in ${route.path} yet`
              : `Generate a k6 script for ${route.method === 'ANY' ? '' : `${route.method} `}${path} (no registered server describes it yet: the script will have paths only)`),
        command: 'metricVault.createLoadTest',
        arguments: [{ method: route.method, path, file: lens.file, framework: route.framework }],
      };
      return lens;
    }
    const last = this.index.lastRunFor(route.method, route.path, route.prefixUnknown);
    if (!last) {
      lens.command = { title: '', command: '' };
      return lens;
    }
    const summary = this.ctx.store.summaries.get(last.run.id)?.summary;
    const numbers = readSummaryNumbers(summary, last.endpoint);
    const findings = readFindingsFor(summary, last.endpoint);
    const title = formatLastResult({ ...numbers, findings, at: last.run.finishedAt ?? last.run.startedAt ?? last.run.createdAt, failed: last.run.state === 'failed' }, Date.now());
    const tooltip = [`Last run ${last.run.id} (${last.run.state}): open its results`, ...findings.map((f) => `${f.severity}: ${f.title}`)].join('\n');
    lens.command = { title, tooltip, command: 'metricVault.openResults', arguments: [last.run.id] };
    return lens;
  }
}
