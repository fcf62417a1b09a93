// A fault a real API server cannot be made to produce on demand, injected by test/support/fakeKube:
// a list answered with 500 Internal Server Error (an etcd or admission webhook failure on a real
// cluster). Every answer a real server gives on demand (403 by RBAC, 401 for a revoked token, 404
// namespace, a closed port) is checked on the real control plane: test/integration/cluster/kubeClient.
import { strict as assert } from 'node:assert';
import { KubeClient } from '../../../src/infra/kube/kubeClient';
import { type FakeKube, startFakeKube } from '../../support/fakeKube';

describe('fault: the API server answers a list with 500 (fake API server)', () => {
  let fake: FakeKube;
  afterEach(async () => fake?.close());

  it('is a server error the user is told about, and the next list works again', async () => {
    fake = await startFakeKube();
    const opened = KubeClient.open({ env: { KUBECONFIG: fake.kubeconfigPath } });
    if (!opened.ok) throw new Error(opened.error.message);
    fake.failNext({ path: /services/, status: 500 });
    const failed = await opened.value.listServices();
    assert.equal(!failed.ok && failed.error.kind, 'server');
    assert.match(!failed.ok ? failed.error.message : '', /500|Internal/i);
    assert.equal((await opened.value.listServices()).ok, true);
  });
});
