import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { baselineComparisonFor, clearBaseline, isBaseline, type RunSummary, saveSummary, setBaseline } from '../../../src/app/metrics/index';
import { Store } from '../../../src/infra/store/store';
import { aRun } from '../../support/builders';
import { makeTempDir } from '../../support/tempDir';

function summary(testid: string, p95: number, rps: number): RunSummary {
  return {
    testid,
    start: '2026-01-01T12:00:00.000Z',
    end: '2026-01-01T12:01:40.000Z',
    durationSeconds: 100,
    requests: rps * 100,
    rps,
    latency: { p50: 20, p90: 80, p95, p99: 300, max: 400, avg: 30 },
    errorRate: 0,
    vusMax: 10,
    iterations: rps * 100,
    dataSent: 1,
    dataReceived: 1,
    endpoints: [{ name: 'GET /pets/{petId}', count: rps * 100, rps, p95, errorRate: 0 }],
    verdict: 'passed',
  };
}

describe('baselines over a real SQLite store', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'metric-vault.db')).store;
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const finished = (id: string, over: Parameters<typeof aRun>[0] = {}) => {
    const run = aRun({ id, state: 'finished', finishedAt: 2, ...over });
    store.runs.insert(run);
    return run;
  };

  it('a later run of the same script is compared with the baseline run', () => {
    const base = finished('mv-base');
    const next = finished('mv-next');
    saveSummary(store.summaries, base.id, summary(base.id, 162.5, 50));
    saveSummary(store.summaries, next.id, summary(next.id, 182, 50));
    assert.equal(baselineComparisonFor(store, next), undefined, 'no baseline yet');

    assert.deepEqual(setBaseline(store, base), ['script:loadtests/pets.js', 'GET /pets/{petId}']);
    assert.equal(isBaseline(store, base), true);
    assert.equal(isBaseline(store, next), false);
    assert.equal(baselineComparisonFor(store, base), undefined, 'the baseline is not compared with itself');

    const c = baselineComparisonFor(store, next);
    assert.equal(c?.baselineRunId, 'mv-base');
    const p95 = c?.overall.find((d) => d.metric === 'p95');
    assert.deepEqual([p95?.current, p95?.baseline, p95?.absolute, p95?.relative, p95?.direction], [182, 162.5, 19.5, 0.12, 'worse']);
    assert.equal(c?.overall.find((d) => d.metric === 'rps')?.direction, 'same');
    assert.deepEqual(c?.endpoints.map((e) => e.name), ['GET /pets/{petId}']);
  });

  it('falls back to the first endpoint\'s baseline when another script set it', () => {
    const base = finished('mv-other', { scriptPath: 'loadtests/other.js' });
    const next = finished('mv-next');
    saveSummary(store.summaries, base.id, summary(base.id, 200, 40));
    saveSummary(store.summaries, next.id, summary(next.id, 100, 50));
    setBaseline(store, base);
    const c = baselineComparisonFor(store, next);
    assert.equal(c?.baselineRunId, 'mv-other');
    assert.equal(c?.overall.find((d) => d.metric === 'p95')?.direction, 'better');
    assert.equal(c?.overall.find((d) => d.metric === 'rps')?.direction, 'better');
  });

  it('no comparison without summaries; clearing removes only this run\'s baselines; deleting the run removes them', () => {
    const base = finished('mv-base');
    const next = finished('mv-next');
    setBaseline(store, base);
    saveSummary(store.summaries, next.id, summary(next.id, 100, 50));
    assert.equal(baselineComparisonFor(store, next), undefined, 'the baseline has no summary');

    const other = finished('mv-other', { scriptPath: 'loadtests/other.js' });
    setBaseline(store, other);
    assert.deepEqual(clearBaseline(store, base), ['script:loadtests/pets.js'], 'the endpoint key now belongs to mv-other');
    assert.equal(store.baselines.get('GET /pets/{petId}')?.runId, 'mv-other');
    assert.equal(isBaseline(store, base), false);

    store.runs.delete(other.id);
    assert.equal(store.baselines.get('GET /pets/{petId}'), undefined);
  });
});
