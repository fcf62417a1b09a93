import { strict as assert } from 'node:assert';
import { runTrend } from '../../../src/core/trends/runTrend';
import { aSummary } from '../../support/builders';

const specs = (cpuLimit: number) => ({ cpuRequestMillicores: 100, cpuLimitMillicores: cpuLimit, memoryRequestMb: 128, memoryLimitMb: 256 });

describe('trend of a script over its runs', () => {
  const runs = [
    { runId: 'r3', at: 3, summary: aSummary({ rps: 52, latency: { ...aSummary().latency, p95: 140 } }), commit: 'bbb', specs: specs(500) },
    { runId: 'r1', at: 1, summary: aSummary({ rps: 50 }), commit: 'aaa', specs: specs(500) },
    { runId: 'r2', at: 2, summary: aSummary({ rps: 51 }), commit: 'aaa', specs: specs(1000) },
    { runId: 'r4', at: 4, summary: aSummary({ endpoints: [{ name: 'POST /pets', count: 1, rps: 1, p95: 9, errorRate: 0 }] }), commit: 'bbb', specs: specs(1000) },
  ];

  it('orders runs oldest first and marks where the commit or the target\'s limits changed', () => {
    const t = runTrend(runs);
    assert.deepEqual(t.map((p) => [p.runId, p.rps, p.p95, p.changed]), [
      ['r1', 50, 100, []],
      ['r2', 51, 100, ['specs']],
      ['r3', 52, 140, ['commit', 'specs']],
      ['r4', 50, 100, ['specs']],
    ]);
  });

  it('for one endpoint: its own numbers, runs without it left out', () => {
    const t = runTrend(runs, 'GET /pets');
    assert.deepEqual(t.map((p) => [p.runId, p.p95, p.rps]), [['r1', 90, 33.3], ['r2', 90, 33.3], ['r3', 90, 33.3]]);
  });
});
