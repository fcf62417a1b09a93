// The k6-operator TestRun CRD (the real one, test/fixtures/k8s, from grafana/k6-operator)
// installed in the real API server: the TestRun Metric Vault renders is accepted by the CRD's
// structural schema, and a malformed one is refused by the server's own validation (422).
import { strict as assert } from 'node:assert';
import { renderRun } from '../../../src/core/manifests/render';
import { type LocalCluster, useLocalCluster } from '../../support/localCluster';
import { installTestRunCrd } from '../../support/k6Operator/crd';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';

describe('k6-operator TestRun CRD on the real API server', function () {
  this.timeout(120_000);
  let cluster: LocalCluster;
  before(async function () {
    cluster = await useLocalCluster(this);
    await installTestRunCrd(cluster.api);
  });

  const path_ = () => `/apis/k6.io/v1alpha1/namespaces/${cluster.namespace}/testruns`;

  it('accepts the TestRun Metric Vault renders (structural schema, status subresource)', async () => {
    const runId = `mv-tr-${Date.now().toString(36)}`;
    const rendered = renderRun(aManifestSpec({ runId, namespace: cluster.namespace, engine: 'k6-operator', parallelism: 2 }), aBundle());
    assert.deepEqual(rendered.problems, []);
    const res = await cluster.api.request('POST', `${path_()}?fieldValidation=Strict`, rendered.workload);
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 800));
    const created = res.body as { spec: { parallelism: number; script: unknown }; metadata: { labels: Record<string, string> } };
    assert.equal(created.spec.parallelism, 2);
    assert.equal(created.metadata.labels.testid, runId);
    await cluster.api.request('DELETE', `${path_()}/${runId}`);
  });

  it('refuses a malformed TestRun with the schema\'s own 422', async () => {
    const runId = `mv-tr-bad-${Date.now().toString(36)}`;
    const rendered = renderRun(aManifestSpec({ runId, namespace: cluster.namespace, engine: 'k6-operator', parallelism: 2 }), aBundle());
    const bad = structuredClone(rendered.workload) as { spec: Record<string, unknown> };
    bad.spec.parallelism = 'two';
    const res = await cluster.api.request('POST', path_(), bad);
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'Invalid');
    assert.match(String(res.body.message), /spec\.parallelism: Invalid value: "string": spec\.parallelism in body must be of type integer/);
  });
});
