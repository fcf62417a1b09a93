import { strict as assert } from 'node:assert';
import { loadSettings, parseK6Duration, parseLoadSize, scenarioFor, thresholdsFor } from '../../../src/core/k6';
import { apportion } from '../../../src/core/k6/profiles';

const stageSeconds = (stages: { duration: string }[] = []) => stages.map((s) => (parseK6Duration(s.duration) ?? NaN) / 1000);

describe('load profiles (Grafana test types)', () => {
  it('smoke: constant-vus, or constant-arrival-rate when a rate is chosen', () => {
    assert.deepEqual(scenarioFor('smoke', loadSettings('smoke')), { executor: 'constant-vus', vus: 1, duration: '30s' });
    assert.deepEqual(scenarioFor('smoke', loadSettings('smoke', { model: 'rate', amount: 5, durationSeconds: 60 })), {
      executor: 'constant-arrival-rate', rate: 5, timeUnit: '1s', duration: '1m', preAllocatedVUs: 3, maxVUs: 10,
    });
  });

  it('average and stress ramp up, hold and ramp down within the chosen duration', () => {
    const avg = scenarioFor('average', loadSettings('average', { amount: 40, durationSeconds: 600 }));
    assert.equal(avg.executor, 'ramping-vus');
    assert.deepEqual(stageSeconds(avg.stages), [60, 480, 60]);
    assert.deepEqual(avg.stages?.map((s) => s.target), [40, 40, 0]);
    const stress = scenarioFor('stress', loadSettings('stress', { model: 'rate', amount: 100, durationSeconds: 600 }));
    assert.equal(stress.executor, 'ramping-arrival-rate');
    assert.deepEqual(stageSeconds(stress.stages), [120, 420, 60]);
  });

  it('spike has no plateau; soak holds for most of its hours; breakpoint ramps the rate for the whole test', () => {
    assert.deepEqual(stageSeconds(scenarioFor('spike', loadSettings('spike')).stages), [120, 60]);
    const soak = scenarioFor('soak', loadSettings('soak'));
    assert.deepEqual(stageSeconds(soak.stages), [360, 6480, 360]);
    const bp = scenarioFor('breakpoint', loadSettings('breakpoint'));
    assert.equal(bp.executor, 'ramping-arrival-rate');
    assert.deepEqual(bp.stages?.map((s) => [s.duration, s.target]), [['20m', 500]]);
  });

  it('default thresholds: <1 % failures and a p95 limit; breakpoint aborts on failure', () => {
    assert.deepEqual(thresholdsFor('average', loadSettings('average', { p95Ms: 300 })), { http_req_failed: ['rate<0.01'], http_req_duration: ['p(95)<300'] });
    const bp = thresholdsFor('breakpoint', loadSettings('breakpoint'));
    assert.deepEqual(bp.http_req_failed, [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }]);
  });

  it('splits a load by weight without losing or inventing much of it', () => {
    assert.deepEqual(apportion(10, [3, 1, 1], 1), [6, 2, 2]);
    assert.deepEqual(apportion(10, [1, 1, 1], 1), [4, 3, 3]);
    assert.deepEqual(apportion(2, [1, 1, 1, 1], 1), [1, 1, 1, 1], 'every endpoint gets at least one');
    assert.deepEqual(apportion(0, [1, 2], 0), [0, 0]);
  });

  it('reads a load size typed by a person', () => {
    assert.deepEqual(parseLoadSize('20', 'vus'), { model: 'vus', amount: 20 });
    assert.deepEqual(parseLoadSize('20', 'rate'), { model: 'rate', amount: 20 });
    assert.deepEqual(parseLoadSize(' 50/s ', 'vus'), { model: 'rate', amount: 50 });
    assert.deepEqual(parseLoadSize('50 rps', 'vus'), { model: 'rate', amount: 50 });
    assert.deepEqual(parseLoadSize('7 VUs', 'rate'), { model: 'vus', amount: 7 });
    for (const bad of ['', '0', '-3', '2.5', 'ten', '10 parsecs']) assert.equal(parseLoadSize(bad, 'vus'), undefined, bad);
  });
});
