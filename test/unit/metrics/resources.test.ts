import { strict as assert } from 'node:assert';
import { ResourceSampler } from '../../../src/app/metrics/resources';
import { type PodReading, ResourceGapFiller, toResourceMessage } from '../../../src/core/metrics/resources';
import { aSample } from '../../support/builders';

const specs = { cpuRequestMillicores: 500, cpuLimitMillicores: 1000, memoryRequestMb: 512, memoryLimitMb: 1024 };
const reading = (pod: string, ts: number, cpu: number | null, mem: number | null): PodReading => ({ pod, ts, cpuMillicores: cpu, memoryMb: mem, specs });

describe('pod resources against their specs', () => {
  it('keeps the PLOG guide grouped shape: usage %, actual usage, specs', () => {
    const m = toResourceMessage(aSample({ pod: 'api-1', ts: 5, cpuMillicores: 452.5, memoryMb: 678.3, cpuRequestMillicores: 500, cpuLimitMillicores: 1000, memoryRequestMb: 512, memoryLimitMb: 1024 }));
    assert.deepEqual(m, {
      pod: 'api-1',
      ts: 5,
      usage: { cpu_percent: 45.25, memory_percent: (678.3 / 1024) * 100, cpu_is_predicted: false, memory_is_predicted: false },
      actual_usage: { cpu_millicores: 452.5, memory_mb: 678.3 },
      specs: { cpu_request_millicores: 500, cpu_limit_millicores: 1000, memory_request_mb: 512, memory_limit_mb: 1024 },
    });
  });

  it('measures against the request when there is no limit, and gives no percentage with neither', () => {
    const noLimit = toResourceMessage(aSample({ cpuMillicores: 150, cpuRequestMillicores: 100, cpuLimitMillicores: null }));
    assert.equal(noLimit.usage.cpu_percent, 150);
    const none = toResourceMessage(aSample({ memoryMb: 80, memoryRequestMb: null, memoryLimitMb: null }));
    assert.equal(none.usage.memory_percent, null);
  });

  it('fills a missing sample from the last real one and marks it predicted', () => {
    const f = new ResourceGapFiller();
    const first = f.fill('run', [reading('a', 1, 100, 200), reading('b', 1, 50, 60)], 1);
    assert.ok(first.every((s) => !s.cpuIsPredicted && !s.memoryIsPredicted));
    // Pod b is missing this tick; pod a lost only its CPU value.
    const second = f.fill('run', [reading('a', 2, null, 210)], 2);
    assert.deepEqual(
      second.map((s) => [s.pod, s.ts, s.cpuMillicores, s.memoryMb, s.cpuIsPredicted, s.memoryIsPredicted, s.cpuLimitMillicores]),
      [
        ['a', 2, 100, 210, true, false, 1000],
        ['b', 2, 50, 60, true, true, 1000],
      ],
    );
    const third = f.fill('run', [reading('a', 3, 120, 220), reading('b', 3, 55, 61)], 3);
    assert.ok(third.every((s) => !s.cpuIsPredicted && !s.memoryIsPredicted), 'real values again');
  });

  it('stops predicting a pod that stays away, and never invents a pod it never saw', () => {
    const f = new ResourceGapFiller(2);
    f.fill('run', [reading('gone', 1, 10, 10)], 1);
    assert.equal(f.fill('run', [], 2).length, 1);
    assert.equal(f.fill('run', [], 3).length, 1);
    assert.equal(f.fill('run', [], 4).length, 0);
    assert.equal(f.fill('run', [reading('new', 5, null, null)], 5).length, 0);
  });

  it('still shows a tick\'s pod samples when storing them fails, and says they were not stored', async () => {
    const source = { sample: () => Promise.resolve({ ok: true as const, value: [reading('api-1', 1, 100, 200)] }) };
    const sink = {
      add: () => {
        throw new Error('database disk image is malformed');
      },
    };
    const tick = await new ResourceSampler(source, { namespace: 'test', selector: 'app=api' }, 'run', sink).sample(1);
    assert.deepEqual(tick.messages.map((m) => [m.pod, m.actual_usage.cpu_millicores]), [['api-1', 100]]);
    assert.match(tick.problem?.message ?? '', /could not be stored: database disk image is malformed/);
  });
});
