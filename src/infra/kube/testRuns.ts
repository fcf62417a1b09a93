// k6-operator TestRuns (k6.io/v1alpha1) over the shared KubeClient: whether the CRD is
// installed (API discovery), and create/read/list/delete through the custom-objects API.
import { testRunGroup, type TestRunManifest, testRunPlural } from '../../core/manifests/testRun';
import type { TestRunLike } from '../../core/runs/kubeShapes';
import { type Errorable, fail, ok } from '../../core/result';
import { toKubeError } from './errors';
import { isStatus, type ObjectRef, ref } from './jobs';
import type { KubeClient } from './kubeClient';

const version = 'v1alpha1';
const resource = `${testRunPlural}.${testRunGroup}`;

export const testRunsPath = (namespace: string) => `/apis/${testRunGroup}/${version}/namespaces/${namespace}/${testRunPlural}`;

export class KubeTestRuns {
  constructor(private readonly client: KubeClient) {}

  private ctx(verb: string, namespace: string) {
    return { ...this.client.ctx(verb, resource), namespace };
  }

  /** True when the API server serves k6.io/v1alpha1 TestRuns (k6-operator's CRD is installed). */
  available(): Promise<Errorable<boolean>> {
    return this.client.hasK6Operator();
  }

  async create(namespace: string, body: TestRunManifest): Promise<Errorable<ObjectRef>> {
    try {
      const created = (await this.client.custom.createNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, body })) as { metadata?: { name?: string; uid?: string } };
      return ok(ref(created, `${testRunGroup}/${version}`, 'TestRun'));
    } catch (err) {
      return fail(toKubeError(err, this.ctx('create', namespace)));
    }
  }

  async get(namespace: string, name: string): Promise<Errorable<TestRunLike | undefined>> {
    try {
      return ok((await this.client.custom.getNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, name })) as TestRunLike);
    } catch (err) {
      if (isStatus(err, 404)) return ok(undefined);
      return fail(toKubeError(err, this.ctx('get', namespace)));
    }
  }

  async list(namespace: string, labelSelector: string): Promise<Errorable<TestRunLike[]>> {
    try {
      const list = (await this.client.custom.listNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, labelSelector })) as { items?: TestRunLike[] };
      return ok(list.items ?? []);
    } catch (err) {
      // No CRD (404), or not allowed to see TestRuns: there are none to adopt.
      if (isStatus(err, 404) || isStatus(err, 403)) return ok([]);
      return fail(toKubeError(err, this.ctx('list', namespace)));
    }
  }

  /** Deletes the TestRun; the operator's Jobs and pods go with it. False when already gone. */
  async delete(namespace: string, name: string): Promise<Errorable<boolean>> {
    try {
      await this.client.custom.deleteNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, name, propagationPolicy: 'Background' });
      return ok(true);
    } catch (err) {
      if (isStatus(err, 404)) return ok(false);
      return fail(toKubeError(err, this.ctx('delete', namespace)));
    }
  }
}
