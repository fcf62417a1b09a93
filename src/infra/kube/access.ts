// Up-front permission checks: one SelfSubjectAccessReview per verb Metric Vault uses, so the
// user learns what will not work (and why) before clicking it.
import type { AuthorizationV1Api } from '@kubernetes/client-node';
import { type Errorable, fail, ok } from '../../core/result';
import { toKubeError } from './errors';

export type AccessFeature = 'pods' | 'logs' | 'discovery' | 'runs' | 'metrics' | 'k6-operator';

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Which part of Metric Vault needs it. */
  feature: AccessFeature;
}

const check = (feature: AccessFeature, verb: string, resource: string, group = '', subresource?: string): AccessCheck => ({ verb, group, resource, feature, ...(subresource ? { subresource } : {}) });

/** Every verb Metric Vault uses in the namespace. */
export const requiredAccess: readonly AccessCheck[] = [
  check('pods', 'list', 'pods'),
  check('pods', 'watch', 'pods'),
  check('pods', 'get', 'pods'),
  check('logs', 'get', 'pods', '', 'log'),
  check('discovery', 'list', 'services'),
  check('discovery', 'watch', 'services'),
  check('discovery', 'get', 'services', '', 'proxy'),
  check('runs', 'create', 'configmaps'),
  check('runs', 'delete', 'configmaps'),
  check('runs', 'create', 'secrets'),
  check('runs', 'get', 'secrets'),
  check('runs', 'create', 'jobs', 'batch'),
  check('runs', 'delete', 'jobs', 'batch'),
  check('runs', 'list', 'jobs', 'batch'),
  check('runs', 'watch', 'jobs', 'batch'),
  check('metrics', 'list', 'pods', 'metrics.k8s.io'),
];

/** Checked only when the k6-operator CRD is installed. */
export const testRunAccess: readonly AccessCheck[] = [check('k6-operator', 'create', 'testruns', 'k6.io'), check('k6-operator', 'delete', 'testruns', 'k6.io')];

export interface AccessReport {
  namespace: string;
  allowed: AccessCheck[];
  denied: (AccessCheck & { reason?: string })[];
}

/** `list pods`, `get services/proxy`, `create jobs.batch`. */
export function describeAccess(c: AccessCheck): string {
  const res = `${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.group ? `.${c.group}` : ''}`;
  return `${c.verb} ${res}`;
}

export function isAllowed(report: AccessReport, feature: AccessFeature): boolean {
  return !report.denied.some((d) => d.feature === feature);
}

/** Runs the reviews in parallel. A failing review call (not a denial) fails the whole check. */
export async function reviewAccess(authz: AuthorizationV1Api, namespace: string, checks: readonly AccessCheck[]): Promise<Errorable<AccessReport>> {
  try {
    const results = await Promise.all(
      checks.map(async (c) => {
        const review = await authz.createSelfSubjectAccessReview({
          body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace, verb: c.verb, group: c.group, resource: c.resource, ...(c.subresource ? { subresource: c.subresource } : {}) } } },
        });
        return { c, allowed: review.status?.allowed === true, reason: review.status?.reason };
      }),
    );
    return ok({
      namespace,
      allowed: results.filter((r) => r.allowed).map((r) => r.c),
      denied: results.filter((r) => !r.allowed).map((r) => ({ ...r.c, ...(r.reason ? { reason: r.reason } : {}) })),
    });
  } catch (err) {
    return fail(toKubeError(err, { verb: 'create', resource: 'selfsubjectaccessreviews.authorization.k8s.io' }));
  }
}
