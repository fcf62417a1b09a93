// Faults a real API server cannot be made to produce on demand, injected by test/support/fakeKube:
// the Job create answered with a 500 after the ConfigMap and Secret were created. (The run
// lifecycle itself is checked on the real control plane: test/integration/cluster/jobLifecycle.)
import { strict as assert } from 'node:assert';
import { RunHarness } from '../../support/runs/runHarness';

describe('fault: the API server answers the Job create with 500', () => {
  let h: RunHarness;
  afterEach(async () => h?.close());

  it('leaves neither the ConfigMap nor the Secret behind', async () => {
    h = await RunHarness.start();
    h.kube.failNext({ method: 'POST', path: /\/apis\/batch\/v1\/namespaces\/test\/jobs/, status: 500 });
    const r = await h.service({ credentials: async () => ({ apiToken: 'tok-1' }) }).startInCluster({ scriptFile: h.script() });
    assert.ok(!r.ok);
    assert.deepEqual([h.kube.objects.list('configmaps'), h.kube.objects.list('secrets')], [[], []]);
  });
});
