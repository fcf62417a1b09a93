// k6-operator TestRuns (k6.io/v1alpha1): whether the CRD is installed (API discovery), and
// create/read/list/delete through the custom-objects API.
import { ApisApi, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { testRunGroup, type TestRunManifest, testRunPlural } from '../../core/manifests/testRun';
import type { TestRunLike } from '../../core/runs/kubeShapes';
import { type Errorable, fail, ok } from '../../core/result';
import { kubeErrorFrom, type ObjectRef } from './jobs';

const version = 'v1alpha1';

export class KubeTestRuns {
  private readonly custom: CustomObjectsApi;
  private readonly apis: ApisApi;

  constructor(kc: KubeConfig) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.apis = kc.makeApiClient(ApisApi);
  }

  /** True when the API server serves k6.io/v1alpha1 (k6-operator's CRD is installed). */
  async available(): Promise<Errorable<boolean>> {
    try {
      const groups = await this.apis.getAPIVersions();
      return ok(groups.groups.some((g) => g.name === testRunGroup && g.versions.some((v) => v.version === version)));
    } catch (err) {
      return fail(kubeErrorFrom(err, 'discovering API groups'));
    }
  }

  async create(namespace: string, body: TestRunManifest): Promise<Errorable<ObjectRef>> {
    try {
      const created = (await this.custom.createNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, body })) as { metadata?: { name?: string; uid?: string } };
      return ok({ apiVersion: `${testRunGroup}/${version}`, kind: 'TestRun', name: created.metadata?.name ?? '', uid: created.metadata?.uid ?? '' });
    } catch (err) {
      return fail(kubeErrorFrom(err, `creating TestRun "${body.metadata.name}" in "${namespace}"`));
    }
  }

  async get(namespace: string, name: string): Promise<Errorable<TestRunLike | undefined>> {
    try {
      return ok((await this.custom.getNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, name })) as TestRunLike);
    } catch (err) {
      if ((err as { code?: number }).code === 404) return ok(undefined);
      return fail(kubeErrorFrom(err, `reading TestRun "${name}"`));
    }
  }

  async list(namespace: string, labelSelector: string): Promise<Errorable<TestRunLike[]>> {
    try {
      const list = (await this.custom.listNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, labelSelector })) as { items?: TestRunLike[] };
      return ok(list.items ?? []);
    } catch (err) {
      // No CRD: nothing to list.
      if ((err as { code?: number }).code === 404) return ok([]);
      return fail(kubeErrorFrom(err, `listing TestRuns in "${namespace}"`));
    }
  }

  /** Deletes the TestRun; the operator's Jobs and pods go with it. False when already gone. */
  async delete(namespace: string, name: string): Promise<Errorable<boolean>> {
    try {
      await this.custom.deleteNamespacedCustomObject({ group: testRunGroup, version, namespace, plural: testRunPlural, name, propagationPolicy: 'Background' });
      return ok(true);
    } catch (err) {
      if ((err as { code?: number }).code === 404) return ok(false);
      return fail(kubeErrorFrom(err, `deleting TestRun "${name}"`));
    }
  }
}

export const testRunsPath = (namespace: string) => `/apis/${testRunGroup}/${version}/namespaces/${namespace}/${testRunPlural}`;
