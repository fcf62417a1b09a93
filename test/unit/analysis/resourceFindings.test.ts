import { strict as assert } from 'node:assert';
import { resourceFindings } from '../../../src/core/analysis/resourceFindings';
import { aSample } from '../../support/builders';

const t0 = 1_700_000_000_000;
/** A pod sampled every 5 s for a minute, `usage(i)` shaping each sample. */
function pod(name: string, usage: (i: number) => Parameters<typeof aSample>[0]) {
  return Array.from({ length: 12 }, (_, i) => aSample({ pod: name, ts: t0 + i * 5000, cpuLimitMillicores: 500, memoryLimitMb: 256, ...usage(i) }));
}

describe('findings from the pods sampled during the run', () => {
  it('a pod at ≥ 90 % of its CPU limit for a while is near its limit, from the first such sample', () => {
    const found = resourceFindings(pod('api-1', (i) => ({ cpuMillicores: i >= 6 ? 480 : 200, memoryMb: 100 })));
    assert.deepEqual(found.map((f) => [f.kind, f.pod, f.severity]), [['cpu-near-limit', 'api-1', 'warning']]);
    assert.equal(found[0].from, new Date(t0 + 30_000).toISOString());
    assert.match(found[0].title, /96 % of its CPU limit/);
  });

  it('usage well under the limits, one spike, or predicted values are not findings', () => {
    assert.deepEqual(resourceFindings(pod('api-1', () => ({ cpuMillicores: 250, memoryMb: 120 }))), []);
    assert.deepEqual(resourceFindings(pod('api-1', (i) => ({ cpuMillicores: i === 3 ? 499 : 100, memoryMb: 100 }))), []);
    assert.deepEqual(resourceFindings(pod('api-1', (i) => ({ cpuMillicores: 490, cpuIsPredicted: i > 0, memoryMb: 100 }))), []);
    // No limit: nothing to be near.
    assert.deepEqual(resourceFindings(pod('api-1', () => ({ cpuMillicores: 900, cpuLimitMillicores: null, memoryMb: 100 }))), []);
  });

  it('memory at ≥ 80 % of its limit is a warning', () => {
    const found = resourceFindings(pod('api-1', (i) => ({ cpuMillicores: 100, memoryMb: 150 + i * 10 })));
    assert.deepEqual(found.map((f) => f.kind), ['memory-near-limit']);
    assert.match(found[0].detail, /260 MiB of the 256 MiB limit|\d+ MiB of the 256 MiB limit/);
  });

  it('a container restarted during the run: OOMKilled is critical, another reason a warning', () => {
    const oom = resourceFindings(pod('api-1', (i) => ({ cpuMillicores: 100, memoryMb: 100, restarts: i >= 7 ? 1 : 0, lastTerminatedReason: i >= 7 ? 'OOMKilled' : null })));
    assert.deepEqual(oom.map((f) => [f.kind, f.severity]), [['oom-killed', 'critical']]);
    assert.equal(oom[0].from, new Date(t0 + 35_000).toISOString());
    const other = resourceFindings(pod('api-1', (i) => ({ cpuMillicores: 100, memoryMb: 100, restarts: i >= 4 ? 3 : 1, lastTerminatedReason: 'Error' })));
    assert.deepEqual(other.map((f) => [f.kind, f.severity]), [['restarts', 'warning']]);
    assert.match(other[0].title, /restarted 2 time/);
    assert.deepEqual(resourceFindings(pod('api-1', () => ({ cpuMillicores: 100, memoryMb: 100, restarts: 2, lastTerminatedReason: 'OOMKilled' }))), []);
  });

  it('a k6 pod at its CPU limit is a saturated generator, not the target near its limit', () => {
    const found = resourceFindings(pod('mv-1-k6-0', () => ({ role: 'generator', cpuMillicores: 495, memoryMb: 250 })));
    assert.deepEqual(found.map((f) => f.kind), ['generator-saturated']);
  });
});
