import { strict as assert } from 'node:assert';
import { isK6Script } from '../../../src/core/k6';
import { formatLastResult, readFindingsFor, readSummaryNumbers } from '../../../src/core/routes';

const now = 1_700_000_000_000;
const hour = 3_600_000;

describe('last result beside a route lens', () => {
  it('reads as "p95 182 ms · 0.4 % errors · 2 h ago"', () => {
    assert.equal(formatLastResult({ p95Ms: 182.4, errorRate: 0.004, at: now - 2 * hour, failed: false }, now), 'p95 182 ms · 0.4 % errors · 2 h ago');
    assert.equal(formatLastResult({ p95Ms: 1540, errorRate: 0, at: now - 30_000, failed: false }, now), 'p95 1.5 s · 0 % errors · just now');
    assert.equal(formatLastResult({ p95Ms: 3.25, errorRate: 0.00001, at: now - 5 * 60_000, failed: false }, now), 'p95 3.3 ms · <0.1 % errors · 5 min ago');
    assert.equal(formatLastResult({ errorRate: 0.25, at: now - 3 * 24 * hour, failed: false }, now), '25 % errors · 3 d ago');
    assert.equal(formatLastResult({ at: now - hour, failed: true }, now), 'last run failed · 1 h ago');
  });

  it("takes the endpoint's own row of a run summary, else the run's totals, else k6's summary JSON", () => {
    const summary = { latency: { p95: 300 }, errorRate: 0.02, endpoints: [{ name: 'GET /items/{id}', p95: 182, errorRate: 0.004 }] };
    assert.deepEqual(readSummaryNumbers(summary, 'GET /items/{id}'), { p95Ms: 182, errorRate: 0.004 });
    assert.deepEqual(readSummaryNumbers(summary, 'POST /items'), { p95Ms: 300, errorRate: 0.02 });
    assert.deepEqual(readSummaryNumbers({ metrics: { http_req_duration: { values: { 'p(95)': 12 } }, http_req_failed: { values: { rate: 0 } } } }, 'x'), { p95Ms: 12, errorRate: 0 });
    assert.deepEqual(readSummaryNumbers('garbage', 'x'), {});
    assert.deepEqual(readSummaryNumbers({ latency: { p95: 'slow' }, errorRate: null }, 'x'), { p95Ms: undefined, errorRate: undefined });
  });
});

describe('findings beside a route lens', () => {
  const f = (kind: string, severity: string, endpoint?: string) => ({ kind, severity, title: `${kind} title`, detail: 'd', nextStep: 'n', ...(endpoint ? { endpoint } : {}) });
  const summary = {
    findings: [f('improvement', 'info', 'GET /items/{id}'), f('regression', 'warning', 'POST /items'), f('regression', 'critical', 'GET /items/{id}'), f('throughput-plateau', 'warning'), { kind: 'bogus' }],
  };

  it('shows the warning/critical findings of the endpoint and of the whole run, worst first', () => {
    assert.deepEqual(readFindingsFor(summary, 'GET /items/{id}').map((x) => [x.kind, x.severity]), [['regression', 'critical'], ['throughput-plateau', 'warning']]);
    assert.deepEqual(readFindingsFor(summary, 'DELETE /items/{id}').map((x) => x.kind), ['throughput-plateau']);
    assert.deepEqual(readFindingsFor('garbage', 'x'), []);
    const one = readFindingsFor({ findings: [f('regression', 'warning', 'GET /a')] }, 'GET /a');
    assert.equal(formatLastResult({ p95Ms: 182, errorRate: 0, findings: one, at: now - hour, failed: false }, now), 'p95 182 ms · 0 % errors · $(warning) regression · 1 h ago');
    assert.equal(formatLastResult({ p95Ms: 182, findings: readFindingsFor(summary, 'GET /items/{id}'), at: now - hour, failed: false }, now), 'p95 182 ms · $(error) 2 findings · 1 h ago');
  });
});

describe('isK6Script', () => {
  it('recognizes scripts that import k6 modules', () => {
    assert.ok(isK6Script("import http from 'k6/http';"));
    assert.ok(isK6Script('import { check } from "k6";'));
    assert.ok(isK6Script("const http = require('k6/http');"));
    assert.ok(!isK6Script("import express from 'express';\n// k6 is great"));
    assert.ok(!isK6Script("import x from 'k6-utils';"));
  });
});
