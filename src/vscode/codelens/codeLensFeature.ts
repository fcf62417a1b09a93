// CodeLenses: route handlers (load test + last result) and k6 scripts (run/validate). Both are
// registered only while `metricVault.codeLens.enabled` is on, following the setting live.
import * as vscode from 'vscode';
import { DisposableStore } from '../common/lifecycle';
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { K6ScriptCodeLensProvider, k6ScriptSelector } from './k6ScriptCodeLensProvider';
import { LensIndex } from './lensIndex';
import { RouteCodeLensProvider, routeLensSelector } from './routeCodeLensProvider';
import { RouteIndexSync } from './routeIndexSync';

export const codeLensFeature: Feature = {
  name: 'codelens',
  activate(ctx: Ctx) {
    const index = new LensIndex(ctx.store);
    let registration: DisposableStore | undefined;
    let routes: RouteCodeLensProvider | undefined;
    const apply = (enabled: boolean) => {
      if (enabled && !registration) {
        registration = new DisposableStore();
        // The workspace route index lives as long as the lenses: built in a worker thread when they turn on.
        const routeIndex = registration.add(new RouteIndexSync(ctx.output));
        routes = registration.add(new RouteCodeLensProvider(ctx, index, routeIndex));
        registration.add(vscode.languages.registerCodeLensProvider(routeLensSelector, routes));
        registration.add(vscode.languages.registerCodeLensProvider(k6ScriptSelector, new K6ScriptCodeLensProvider()));
      } else if (!enabled && registration) {
        registration.dispose();
        registration = undefined;
        routes = undefined;
      }
    };
    apply(ctx.config.codeLensEnabled);
    ctx.register(ctx.onDidChangeConfig((c) => apply(c.codeLensEnabled)));
    ctx.register(
      ctx.onDidChangeEndpoints(() => {
        index.endpointsChanged();
        routes?.refresh();
      }),
    );
    ctx.register(
      ctx.onDidChangeRuns(() => {
        index.runsChanged();
        routes?.refresh();
      }),
    );
    ctx.register({ dispose: () => registration?.dispose() });
  },
};
