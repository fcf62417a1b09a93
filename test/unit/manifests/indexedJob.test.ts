import { strict as assert } from 'node:assert';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { renderRun } from '../../../src/core/manifests/render';
import { executionSegment } from '../../../src/core/manifests/runSpec';
import { aBundle, aManifestSpec } from '../../support/runs/manifestBuilders';

describe('Indexed Job manifests (distributed runs)', () => {
  const job = renderRun(aManifestSpec({ engine: 'indexed-job', parallelism: 3 }), aBundle()).workload as IJob;

  it('validates and runs N pods at once, one per completion index, never retrying', () => {
    new Job(job).validate();
    assert.equal(job.spec!.completionMode, 'Indexed');
    assert.equal(job.spec!.completions, 3);
    assert.equal(job.spec!.parallelism, 3);
    assert.equal(job.spec!.backoffLimit, 0);
  });

  it('wraps k6 in /bin/sh so each index picks its execution segment', () => {
    const c = job.spec!.template.spec!.containers[0];
    assert.deepEqual(c.command!.slice(0, 2), ['/bin/sh', '-c']);
    assert.equal(c.command![3], 'k6', '$0 of the wrapper');
    assert.match(c.command![2], /1\) seg='1\/3:2\/3' ;;/);
    assert.match(c.command![2], /exec k6 run --execution-segment "\$seg" --execution-segment-sequence '0,1\/3,2\/3,1' --tag "runner=\$JOB_COMPLETION_INDEX" "\$@"/);
    assert.deepEqual(c.args!.at(-1), '/scripts/pets.js');
  });

  it('computes segments that tile 0..1 like k6-operator does', () => {
    assert.deepEqual(executionSegment(0, 1), { segment: '0:1', sequence: '0,1' });
    assert.deepEqual(executionSegment(0, 4), { segment: '0:1/4', sequence: '0,1/4,2/4,3/4,1' });
    assert.deepEqual(executionSegment(3, 4).segment, '3/4:1');
    assert.throws(() => executionSegment(4, 4), RangeError);
  });

  it('a plain Job engine ignores parallelism (one pod, no wrapper)', () => {
    const single = renderRun(aManifestSpec({ engine: 'job', parallelism: 5 }), aBundle()).workload as IJob;
    assert.equal(single.spec!.completionMode, undefined);
    assert.equal(single.spec!.template.spec!.containers[0].command, undefined);
  });
});
