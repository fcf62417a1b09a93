import { strict as assert } from 'node:assert';
import { analyzeRun } from '../../../src/core/analysis/analyzeRun';
import { parseFindings, severityAtLeast, worstSeverity } from '../../../src/core/analysis/finding';
import { aSeries, aSummary } from '../../support/builders';

describe('the analysis step over a run', () => {
  it('failed thresholds are one critical finding listing each with its actual value', () => {
    const summary = aSummary({
      thresholds: [
        { metric: 'http_req_duration', expression: 'p(95)<50', actual: 100, ok: false },
        { metric: 'http_req_failed', expression: 'rate<0.01', actual: 0, ok: true },
      ],
      verdict: 'failed',
    });
    const [f] = analyzeRun({ summary, series: aSeries(30), windowMs: 1000 });
    assert.equal(f.kind, 'thresholds-failed');
    assert.equal(f.severity, 'critical');
    assert.equal(f.title, '1 of 2 thresholds failed');
    assert.equal(f.detail, 'http_req_duration: p(95)<50 (actual 100)');
    // Alone, it does not send the user to other findings that do not exist.
    assert.match(f.nextStep, /^No other rule found a pattern over time: the endpoints table/);
  });

  it('failed thresholds beside other findings point at them', () => {
    const endpoints = Array.from({ length: 150 }, (_, i) => ({ name: `GET /pets/${i}`, count: 10, rps: 1, p95: 10, errorRate: 0 }));
    const summary = aSummary({ endpoints, thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<50', actual: 100, ok: false }], verdict: 'failed' });
    const found = analyzeRun({ summary, series: aSeries(30), windowMs: 1000 });
    assert.deepEqual(found.map((f) => f.kind), ['thresholds-failed', 'high-cardinality']);
    assert.match(found[0].nextStep, /^The other findings say where the run went wrong/);
  });

  it('more than 100 distinct request names is high cardinality', () => {
    const endpoints = Array.from({ length: 150 }, (_, i) => ({ name: `GET /pets/${i}`, count: 10, rps: 1, p95: 10, errorRate: 0 }));
    const found = analyzeRun({ summary: aSummary({ endpoints }), series: aSeries(30), windowMs: 1000 });
    assert.deepEqual(found.map((f) => f.kind), ['high-cardinality']);
    assert.match(found[0].title, /150 distinct request names/);
    assert.deepEqual(analyzeRun({ summary: aSummary({ endpoints: endpoints.slice(0, 100) }), series: aSeries(30), windowMs: 1000 }), []);
  });

  it('severities order and compare; stored findings are read back, junk dropped', () => {
    assert.equal(worstSeverity([{ severity: 'info' }, { severity: 'critical' }, { severity: 'warning' }] as never), 'critical');
    assert.equal(worstSeverity([]), undefined);
    assert.ok(severityAtLeast('critical', 'warning') && !severityAtLeast('info', 'warning'));
    const good = { kind: 'restarts', severity: 'warning', title: 't', detail: 'd', nextStep: 'n' };
    assert.deepEqual(parseFindings([good, { ...good, kind: 'nope' }, { ...good, severity: 'fatal' }, null, 'x']), [good]);
    assert.deepEqual(parseFindings({}), []);
  });
});
