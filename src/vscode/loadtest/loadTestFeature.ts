// The k6 script area: "Create Load Test…" and "Validate k6 Script", script diagnostics on save,
// and the context key for the editor-title actions on k6 scripts.
import type { Ctx } from '../context';
import type { Feature } from '../feature';
import { createLoadTest } from './createLoadTest';
import { ScriptDiagnostics, validateCommand } from './scriptDiagnostics';

const diagnostics = new WeakMap<Ctx, ScriptDiagnostics>();
const diagnosticsOf = (ctx: Ctx) => {
  let d = diagnostics.get(ctx);
  if (!d) diagnostics.set(ctx, (d = new ScriptDiagnostics(ctx)));
  return d;
};

export const loadTestFeature: Feature = {
  name: 'loadtest',
  commands: {
    'metricVault.createLoadTest': (ctx) => (arg?: unknown) => createLoadTest(ctx, arg),
    'metricVault.validateScript': (ctx) => (arg?: unknown) => validateCommand(diagnosticsOf(ctx), arg),
  },
  activate(ctx) {
    diagnosticsOf(ctx);
  },
};
