import { strict as assert } from 'node:assert';
import { aggregatePodResources, type ContainerLike } from '../../../src/core/kube/podResources';

const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, restartPolicy?: string): ContainerLike => ({
  name,
  image: `img/${name}`,
  ...(restartPolicy ? { restartPolicy } : {}),
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});

describe('aggregatePodResources (PLOG ResourceService.get_pod_aggregated_resources + Kubernetes rules)', () => {
  it('sums the containers of a multi-container pod', () => {
    const r = aggregatePodResources({
      spec: { containers: [c('api', { cpu: '250m', memory: '256Mi' }, { cpu: '1', memory: '1Gi' }), c('proxy', { cpu: '50m', memory: '64Mi' }, { cpu: '200m', memory: '128Mi' })] },
    });
    assert.deepEqual(
      { cpuRequestMillicores: r.cpuRequestMillicores, cpuLimitMillicores: r.cpuLimitMillicores, memoryRequestMb: r.memoryRequestMb, memoryLimitMb: r.memoryLimitMb },
      { cpuRequestMillicores: 300, cpuLimitMillicores: 1200, memoryRequestMb: 320, memoryLimitMb: 1152 },
    );
    assert.deepEqual(r.containers.map((x) => [x.name, x.role, x.image]), [['api', 'app', 'img/api'], ['proxy', 'app', 'img/proxy']]);
  });

  it('gives null where nothing is set, and no pod limit when one container has none', () => {
    const none = aggregatePodResources({ spec: { containers: [c('a')] } });
    assert.deepEqual([none.cpuRequestMillicores, none.cpuLimitMillicores, none.memoryRequestMb, none.memoryLimitMb], [null, null, null, null]);
    const partial = aggregatePodResources({ spec: { containers: [c('a', { cpu: '100m' }, { cpu: '200m', memory: '128Mi' }), c('b', { cpu: '100m' })] } });
    assert.equal(partial.cpuRequestMillicores, 200);
    assert.equal(partial.cpuLimitMillicores, null, 'b has no cpu limit, so nothing caps the pod');
    assert.equal(partial.memoryLimitMb, null);
    assert.equal(partial.memoryRequestMb, 128, "a's memory request defaults to its limit; b's unset request counts 0");
  });

  it('takes the largest init container when it exceeds the app containers (effective request)', () => {
    const r = aggregatePodResources({
      spec: {
        initContainers: [c('migrate', { cpu: '2', memory: '1Gi' }, { cpu: '2', memory: '1Gi' }), c('small', { cpu: '10m' })],
        containers: [c('api', { cpu: '500m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' })],
      },
    });
    assert.equal(r.cpuRequestMillicores, 2000);
    assert.equal(r.memoryRequestMb, 1024);
    assert.equal(r.cpuLimitMillicores, 2000);
    assert.equal(r.memoryLimitMb, 1024);
    assert.deepEqual(r.containers.map((x) => x.role), ['init', 'init', 'app']);
  });

  it('adds sidecars (init containers with restartPolicy Always) to the app containers and to later init containers', () => {
    const r = aggregatePodResources({
      spec: {
        initContainers: [c('mesh', { cpu: '100m', memory: '64Mi' }, { cpu: '100m', memory: '64Mi' }, 'Always'), c('migrate', { cpu: '1', memory: '128Mi' })],
        containers: [c('api', { cpu: '500m', memory: '256Mi' }, { cpu: '500m', memory: '256Mi' })],
      },
    });
    assert.equal(r.cpuRequestMillicores, 1100, 'migrate (1000m) runs beside the mesh sidecar (100m) → 1100m > 600m');
    assert.equal(r.memoryRequestMb, 320, 'api + mesh = 320Mi > migrate + mesh = 192Mi');
    assert.equal(r.cpuLimitMillicores, 600);
    assert.equal(r.containers[0].role, 'sidecar');
  });

  it('adds the pod overhead (RuntimeClass)', () => {
    const r = aggregatePodResources({ spec: { containers: [c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' })], overhead: { cpu: '250m', memory: '120Mi' } } });
    assert.deepEqual([r.cpuRequestMillicores, r.cpuLimitMillicores, r.memoryRequestMb, r.memoryLimitMb], [350, 350, 220, 220]);
  });

  it('treats an unreadable quantity as unset and says which one', () => {
    const r = aggregatePodResources({ spec: { containers: [c('a', { cpu: 'lots', memory: '128Mi' })] } });
    assert.equal(r.cpuRequestMillicores, null);
    assert.equal(r.memoryRequestMb, 128);
    assert.match(r.warnings[0], /container a cpu request: "lots" is not a Kubernetes quantity/);
  });

  it('accepts a bare pod spec as well as a pod', () => {
    assert.equal(aggregatePodResources({ containers: [c('a', { cpu: '1' })] }).cpuRequestMillicores, 1000);
  });
});
