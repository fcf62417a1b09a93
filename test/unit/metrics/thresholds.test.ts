import { strict as assert } from 'node:assert';
import { judgeThresholds, overallVerdict, parseMetricKey, planThresholds } from '../../../src/core/metrics/thresholds';

describe('k6 thresholds', () => {
  it('reads metric keys with tag filters as k6 writes them', () => {
    assert.deepEqual(parseMetricKey('http_req_duration'), { metric: 'http_req_duration', tags: {} });
    assert.deepEqual(parseMetricKey('http_req_duration{name:GET /pets/{petId}}'), { metric: 'http_req_duration', tags: { name: 'GET /pets/{petId}' } });
    assert.deepEqual(parseMetricKey('http_req_failed{ scenario:smoke , expected_response:true }'), { metric: 'http_req_failed', tags: { scenario: 'smoke', expected_response: 'true' } });
  });

  it('plans the InfluxDB aggregate for each kind of metric and aggregation', () => {
    const { checks, problems } = planThresholds({
      http_req_duration: ['p(95)<500', 'avg<200', 'med<=100', 'max<2000'],
      http_req_failed: [{ threshold: 'rate<0.01' }],
      http_reqs: ['count>100', 'rate>=50'],
      checks: ['rate>0.99'],
      vus: ['value>0'],
      my_trend: ['p(99.9)<1e3'],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      checks.map((c) => [c.spec.metric, c.spec.fn, 'p' in c.spec ? c.spec.p : undefined, c.perSecond, c.op, c.bound]),
      [
        ['http_req_duration', 'percentile', 95, false, '<', 500],
        ['http_req_duration', 'mean', undefined, false, '<', 200],
        ['http_req_duration', 'median', undefined, false, '<=', 100],
        ['http_req_duration', 'max', undefined, false, '<', 2000],
        ['http_req_failed', 'mean', undefined, false, '<', 0.01],
        ['http_reqs', 'sum', undefined, false, '>', 100],
        ['http_reqs', 'sum', undefined, true, '>=', 50],
        ['checks', 'mean', undefined, false, '>', 0.99],
        ['vus', 'last', undefined, false, '>', 0],
        ['my_trend', 'percentile', 99.9, false, '<', 1000],
      ],
    );
  });

  it('reports thresholds it cannot evaluate, and they fail the run', () => {
    const { checks, problems } = planThresholds({
      'bad metric"; DROP': ['p(95)<1'],
      'http_req_duration{na me:x}': ['p(95)<1'],
      http_req_duration: ['p(95) less than 1', 'p(0)<1', 'stddev<3'],
      http_reqs: ['p(95)<1'],
    });
    assert.equal(checks.length, 0);
    assert.equal(problems.length, 6);
    const verdicts = judgeThresholds(checks, [], 10, problems);
    assert.ok(verdicts.every((v) => !v.ok && v.actual === null));
    assert.equal(overallVerdict(verdicts, 100), 'failed');
  });

  it('judges each value, turning a counter sum into a per-second rate, and fails on missing data', () => {
    const { checks } = planThresholds({ http_req_duration: ['p(95)<500'], http_reqs: ['rate>=50'], http_req_failed: ['rate<0.01'] });
    const verdicts = judgeThresholds(checks, [499.9, 6000, null], 100);
    assert.deepEqual(verdicts.map((v) => [v.actual, v.ok]), [[499.9, true], [60, true], [null, false]]);
    assert.equal(overallVerdict(verdicts.slice(0, 2), 10), 'passed');
    assert.equal(overallVerdict(verdicts, 10), 'failed');
  });

  it('passes a run without thresholds, unless k6 exited 99; a run with no requests is unknown', () => {
    assert.equal(overallVerdict(undefined, 10), 'passed');
    assert.equal(overallVerdict(undefined, 10, 99), 'failed');
    assert.equal(overallVerdict(undefined, 0), 'unknown');
  });
});
