import { strict as assert } from 'node:assert';
import { buildExplainPrompt, redactSecrets, runContextText } from '../../../src/core/analysis/explainPrompt';
import { compareSummaries } from '../../../src/core/metrics/compare';
import { aSummary } from '../../support/builders';

describe('what a language model is told about a run', () => {
  it('never passes on credentials: URL user info, token parameters, Authorization values, JWTs, API keys', () => {
    const cases: [string, string][] = [
      ['http://admin:s3cret@api.test.svc:8080/pets', 'http://api.test.svc:8080/pets'],
      ['https://bob@influx.example.com/query', 'https://influx.example.com/query'],
      ['GET /pets?api_key=abcd1234&page=2', 'GET /pets?api_key=[redacted]&page=2'],
      ['/x?access_token=zzz&X-Amz-Signature=f00d', '/x?access_token=[redacted]&X-Amz-Signature=[redacted]'],
      ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [redacted]'],
      ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c here', 'token [redacted] here'],
      ['key ghp_0123456789abcdefABCDEF012345', 'key [redacted]'],
      ['sha 0123456789abcdef0123456789abcdef01', 'sha [redacted]'],
    ];
    for (const [input, want] of cases) assert.equal(redactSecrets(input), want, input);
    // Ordinary numbers, ids and paths are kept.
    assert.equal(redactSecrets('GET /pets/{petId} p95 182.4 ms run mv-20261126-0001'), 'GET /pets/{petId} p95 182.4 ms run mv-20261126-0001');
  });

  it('gives the summary, endpoints, thresholds, findings and baseline deltas, redacted', () => {
    const summary = aSummary({
      endpoints: [{ name: 'GET /pets?api_key=topsecret', count: 10, rps: 1, p95: 250, errorRate: 0.5 }],
      thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<200', actual: 250, ok: false }],
      verdict: 'failed',
    });
    const findings = [{ kind: 'regression' as const, severity: 'warning' as const, title: 'GET /pets is slower', detail: 'p95 90 → 250 ms', endpoint: 'GET /pets', nextStep: 'Diff the handler' }];
    const comparison = compareSummaries(summary, aSummary({ testid: 'mv-base' }), 'mv-base');
    const text = runContextText({ summary, findings, comparison, run: { scriptPath: 'loadtests/pets.js', engine: 'job', target: 'http://user:hunter2@api.test.svc:8080' } });
    assert.doesNotMatch(text, /topsecret|hunter2|user:/);
    assert.match(text, /verdict failed/);
    assert.match(text, /target http:\/\/api\.test\.svc:8080/);
    assert.match(text, /- http_req_duration: p\(95\)<200 → FAILED \(actual 250\)/);
    assert.match(text, /- \[warning\] regression \(GET \/pets\): GET \/pets is slower\. p95 90 → 250 ms Suggested next step: Diff the handler/);
    assert.match(text, /Against baseline run mv-base: rps/);
    const prompt = buildExplainPrompt({ summary, findings });
    assert.match(prompt, /^You are a performance engineer/);
    assert.match(prompt, /Do not invent numbers/);
    assert.ok(prompt.endsWith(runContextText({ summary, findings })));
  });
});
