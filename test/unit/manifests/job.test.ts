import { strict as assert } from 'node:assert';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { renderCredentialsSecret, renderRun } from '../../../src/core/manifests/render';
import { aBundle, aManifestSpec, petsScript } from '../../support/runs/manifestBuilders';

const asJob = (w: unknown) => w as IJob;

describe('Job manifests', () => {
  it('renders a ConfigMap and a Job that validate against the Kubernetes schemas', () => {
    const r = renderRun(aManifestSpec(), aBundle());
    assert.deepEqual(r.problems, []);
    new ConfigMap(r.configMap).validate();
    new Job(asJob(r.workload)).validate();
  });

  it('follows the docs/ARCHITECTURE.md Job contract: no retries, deadline, TTL, exit 99 fails the Job', () => {
    const job = asJob(renderRun(aManifestSpec({ durationSeconds: 300 }), aBundle()).workload);
    const spec = job.spec!;
    assert.equal(spec.backoffLimit, 0);
    assert.equal(spec.template.spec!.restartPolicy, 'Never');
    assert.equal(spec.activeDeadlineSeconds, 300 + 120);
    assert.equal(spec.ttlSecondsAfterFinished, 86400);
    assert.deepEqual(spec.podFailurePolicy!.rules, [{ action: 'FailJob', onExitCodes: { containerName: 'k6', operator: 'In', values: [99] } }]);
    assert.equal(spec.completionMode, undefined);
  });

  it('gives long runs at least 10 % grace and unknown durations a one-hour bound (with a warning)', () => {
    assert.equal(asJob(renderRun(aManifestSpec({ durationSeconds: 3600 }), aBundle()).workload).spec!.activeDeadlineSeconds, 3960);
    const unknown = renderRun(aManifestSpec({ durationSeconds: undefined }), aBundle());
    assert.equal(asJob(unknown.workload).spec!.activeDeadlineSeconds, 3600);
    assert.match(unknown.warnings.join('\n'), /duration could not be computed/);
  });

  it('runs k6 with the InfluxDB output and the testid tag, the script mounted under /scripts', () => {
    const job = asJob(renderRun(aManifestSpec(), aBundle()).workload);
    const c = job.spec!.template.spec!.containers[0];
    assert.equal(c.image, 'grafana/k6:1.4.2');
    assert.equal(c.command, undefined, 'the image entrypoint is k6');
    assert.deepEqual(c.args, ['run', '--out', 'influxdb=http://influxdb.monitoring.svc.cluster.local:8086/k6', '--tag', 'testid=mv-20261126-143012-k3x9', '/scripts/pets.js']);
    assert.deepEqual(c.volumeMounts, [{ name: 'scripts', mountPath: '/scripts', readOnly: true }]);
    assert.deepEqual(job.spec!.template.spec!.volumes![0].configMap, { name: 'mv-20261126-143012-k3x9-script', items: [{ key: 'pets.js', path: 'pets.js' }] });
  });

  it('uses the k6 resources from settings as requests and limits', () => {
    const c = asJob(renderRun(aManifestSpec({ resources: { cpu: '2', memory: '1Gi' } }), aBundle()).workload).spec!.template.spec!.containers[0];
    assert.deepEqual(c.resources, { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
  });

  it('runs as the k6 user under the Restricted pod security standard', () => {
    const pod = asJob(renderRun(aManifestSpec(), aBundle()).workload).spec!.template.spec!;
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 12345, runAsGroup: 12345, fsGroup: 12345, seccompProfile: { type: 'RuntimeDefault' } });
    const sc = pod.containers[0].securityContext!;
    assert.equal(sc.allowPrivilegeEscalation, false);
    assert.deepEqual(sc.capabilities, { drop: ['ALL'] });
    assert.equal(sc.runAsNonRoot, true);
    assert.equal(sc.runAsUser, 12345);
    assert.deepEqual(sc.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.automountServiceAccountToken, false);
  });

  it('labels the Job, its pods and the ConfigMap as managed by metric-vault with the testid', () => {
    const r = renderRun(aManifestSpec(), aBundle());
    const job = asJob(r.workload);
    for (const labels of [job.metadata!.labels!, job.spec!.template.metadata!.labels!, r.configMap.metadata!.labels!]) {
      assert.equal(labels['app.kubernetes.io/managed-by'], 'metric-vault');
      assert.equal(labels['app.kubernetes.io/name'], 'metric-vault');
      assert.equal(labels.testid, 'mv-20261126-143012-k3x9');
    }
    assert.equal(job.metadata!.annotations!['metric-vault.dev/script'], 'loadtests/pets.js');
    assert.deepEqual(JSON.parse(job.metadata!.annotations!['metric-vault.dev/endpoints']), ['GET /pets/{petId}']);
  });

  it('takes credentials from the run Secret through optional secretKeyRefs, never as values', () => {
    const c = asJob(renderRun(aManifestSpec(), aBundle()).workload).spec!.template.spec!.containers[0];
    const byName = new Map(c.env!.map((e) => [e.name, e]));
    for (const [name, key] of [['K6_INFLUXDB_USERNAME', 'influxdb-username'], ['K6_INFLUXDB_PASSWORD', 'influxdb-password'], ['API_TOKEN', 'api-token']]) {
      const e = byName.get(name)!;
      assert.equal(e.value, undefined);
      assert.deepEqual(e.valueFrom, { secretKeyRef: { name: 'mv-20261126-143012-k3x9-credentials', key, optional: true } });
    }
    assert.equal(byName.get('BASE_URL')!.value, 'http://pets.test.svc.cluster.local:8080');
  });

  it('renders the credentials Secret only when there is a credential, with stringData', () => {
    assert.equal(renderCredentialsSecret('mv-20261126-143012-k3x9', 'test', {}), undefined);
    const s = renderCredentialsSecret('mv-20261126-143012-k3x9', 'test', { influxPassword: 'pw', apiToken: 't' })!;
    new Secret(s).validate();
    assert.deepEqual(s.stringData, { 'influxdb-password': 'pw', 'api-token': 't' });
    assert.equal(s.metadata!.labels!['app.kubernetes.io/managed-by'], 'metric-vault');
  });

  it('ships data files in subfolders through ConfigMap items, binary files as binaryData', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]);
    const r = renderRun(aManifestSpec(), aBundle({ 'pets.js': petsScript, 'data/users.json': '[{"id":1}]', 'img/a b.png': png }));
    new ConfigMap(r.configMap).validate();
    assert.equal(r.configMap.data!['data__users.json'], '[{"id":1}]');
    assert.equal(Buffer.from(r.configMap.binaryData!['img__a_b.png'], 'base64').toString('hex'), Buffer.from(png).toString('hex'));
    const items = asJob(r.workload).spec!.template.spec!.volumes![0].configMap!.items;
    assert.deepEqual(items, [
      { key: 'pets.js', path: 'pets.js' },
      { key: 'data__users.json', path: 'data/users.json' },
      { key: 'img__a_b.png', path: 'img/a b.png' },
    ]);
  });

  it('refuses a script bundle of 1 MiB or more', () => {
    const big = 'x'.repeat(1024 * 1024);
    const r = renderRun(aManifestSpec(), aBundle({ 'pets.js': petsScript, 'data.csv': big }));
    assert.match(r.problems.join('\n'), /take 1\.00 MiB; a ConfigMap holds less than 1 MiB/);
    assert.deepEqual(renderRun(aManifestSpec(), aBundle({ 'pets.js': petsScript, 'data.csv': 'x'.repeat(1000 * 1024) })).problems, []);
  });

  it('refuses invalid namespaces and parallelism', () => {
    assert.match(renderRun(aManifestSpec({ namespace: 'Test_NS' }), aBundle()).problems.join(), /not a valid namespace/);
    assert.match(renderRun(aManifestSpec({ engine: 'indexed-job', parallelism: 0 }), aBundle()).problems.join(), /positive whole number/);
  });
});
