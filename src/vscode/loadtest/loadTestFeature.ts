// The k6 script area: "Create Load Test…" and "Validate k6 Script". The diagnostics on save
// and the editor-title context key come from the ScriptDiagnostics service.
import type { Feature } from '../feature';
import { createLoadTest } from './createLoadTest';
import { validateCommand } from './scriptDiagnostics';

export const loadTestFeature: Feature = {
  name: 'loadtest',
  commands: {
    'metricVault.createLoadTest': (ctx, s) => (arg?: unknown) => createLoadTest(ctx, s.clusterAccess, arg),
    'metricVault.validateScript': (_ctx, { diagnostics }) => (arg?: unknown) => validateCommand(diagnostics, arg),
  },
};
