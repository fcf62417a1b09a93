import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { renderRun } from '../../../src/core/manifests/render';
import type { TestRunManifest } from '../../../src/core/manifests/testRun';
import { aBundle, aManifestSpec, petsScript } from '../../support/runs/manifestBuilders';

type Schema = Record<string, unknown>;

/**
 * The API server prunes fields a structural schema does not declare, so a misspelt field
 * would vanish silently: validate with unknown fields forbidden, except where the CRD says
 * x-kubernetes-preserve-unknown-fields.
 */
function closeSchema(s: Schema): Schema {
  const out: Schema = { ...s };
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, closeSchema(v)]));
    if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (s.items && typeof s.items === 'object') out.items = closeSchema(s.items as Schema);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = closeSchema(s.additionalProperties as Schema);
  return out;
}

function testRunValidator() {
  const crd = parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/k8s/k6-operator.testruns.crd.yaml'), 'utf8'));
  const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1');
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const f of ['int32', 'int64', 'int-or-string', 'date-time']) ajv.addFormat(f, true);
  // The CRD leaves metadata to the API server's ObjectMeta schema.
  const schema = closeSchema(version.schema.openAPIV3Schema);
  (schema.properties as Record<string, Schema>).metadata = { type: 'object' };
  return ajv.compile(schema);
}

describe('k6-operator TestRun manifests', () => {
  const validate = testRunValidator();
  const render = (over = {}) => renderRun(aManifestSpec({ engine: 'k6-operator', parallelism: 4, ...over }), aBundle({ 'pets.js': petsScript, 'users.json': '[]' }));

  it('validates against the CRD schema of k6-operator, unknown fields forbidden', () => {
    const r = render();
    assert.deepEqual(r.problems, []);
    const ok = validate(r.workload);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  it('the validator does catch a misspelt field (so the check above means something)', () => {
    const tr = render().workload as TestRunManifest;
    assert.equal(validate({ ...tr, spec: { ...tr.spec, paralelism: 2 } }), false);
  });

  it('splits the load over N runners from the run ConfigMap with the InfluxDB output and testid', () => {
    const tr = render().workload as TestRunManifest;
    assert.equal(tr.apiVersion, 'k6.io/v1alpha1');
    assert.equal(tr.kind, 'TestRun');
    assert.equal(tr.metadata.name, 'mv-20261126-143012-k3x9');
    assert.equal(tr.spec.parallelism, 4);
    assert.deepEqual(tr.spec.script, { configMap: { name: 'mv-20261126-143012-k3x9-script', file: 'pets.js' } });
    assert.equal(tr.spec.arguments, '--out influxdb=http://influxdb.monitoring.svc.cluster.local:8086/k6 --tag testid=mv-20261126-143012-k3x9');
    assert.equal(tr.spec.cleanup, 'post');
  });

  it('hardens and labels the runner pods and carries credentials by secretKeyRef', () => {
    const runner = (render().workload as TestRunManifest).spec.runner as Record<string, never>;
    assert.deepEqual(runner['resources'], { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    assert.equal((runner['securityContext'] as { runAsUser: number }).runAsUser, 12345);
    assert.deepEqual((runner['containerSecurityContext'] as { capabilities: unknown }).capabilities, { drop: ['ALL'] });
    const labels = (runner['metadata'] as { labels: Record<string, string> }).labels;
    assert.equal(labels['app.kubernetes.io/managed-by'], 'metric-vault');
    assert.equal(labels.testid, 'mv-20261126-143012-k3x9');
    const env = runner['env'] as { name: string; valueFrom?: unknown }[];
    assert.ok(env.find((e) => e.name === 'K6_INFLUXDB_PASSWORD')?.valueFrom);
  });

  it('refuses files in subfolders, which the operator cannot mount', () => {
    const r = renderRun(aManifestSpec({ engine: 'k6-operator', parallelism: 2 }), aBundle({ 'pets.js': petsScript, 'data/users.json': '[]' }));
    assert.match(r.problems.join('\n'), /"data\/users.json" is in a subfolder.*use the Job engine/);
  });
});
