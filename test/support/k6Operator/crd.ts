// k6-operator's real TestRun CRD (test/fixtures/k8s, from grafana/k6-operator) in and out of
// the local control plane. Installing waits until the API server serves k6.io/v1alpha1;
// removing waits until discovery no longer lists it — what the product's preflight reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { KubeApi } from '../podRunner/kubeApi';
import { waitUntilAsync } from '../waitUntilAsync';

const crdFile = path.resolve(__dirname, '../../fixtures/k8s/k6-operator.testruns.crd.yaml');
const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const crdName = 'testruns.k6.io';

const served = async (api: KubeApi) => (await api.get('/apis/k6.io/v1alpha1')).status === 200;

export async function installTestRunCrd(api: KubeApi): Promise<void> {
  const crd = parse(fs.readFileSync(crdFile, 'utf8')) as Record<string, unknown>;
  const res = await api.request('POST', crdPath, crd);
  if (res.status !== 201 && res.status !== 409) throw new Error(`installing the TestRun CRD: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  await waitUntilAsync(async () => {
    const got = await api.get(`${crdPath}/${crdName}`);
    const conditions = (got.body.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    return conditions.some((c) => c.type === 'Established' && c.status === 'True') && (await served(api));
  }, 'the TestRun CRD is established and served', 60_000);
}

export async function uninstallTestRunCrd(api: KubeApi): Promise<void> {
  await api.request('DELETE', `${crdPath}/${crdName}`);
  await waitUntilAsync(async () => (await api.get(`${crdPath}/${crdName}`)).status === 404 && !(await served(api)), 'the TestRun CRD is gone', 60_000);
}
