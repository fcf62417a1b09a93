import { strict as assert } from 'node:assert';
import { type Diagnostic, validateScript } from '../../../src/core/k6';

const script = (options: string, rest = 'export default function () {}\n') => `import http from 'k6/http';\n\nexport const options = ${options};\n\n${rest}`;
const brief = (d: Diagnostic[]) => d.map((x) => `${x.severity} ${x.line}:${x.column} ${x.message}`);

describe('validateScript', () => {
  it('accepts a well-formed script', () => {
    const text = script(`{
  scenarios: {
    read: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1m', preAllocatedVUs: 5, maxVUs: 20 },
    ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '30s', target: 5 }, { duration: '1d2h', target: 0 }], exec: 'other' },
  },
  thresholds: { http_req_failed: ['rate<0.01'], 'http_req_duration{name:GET /x}': [{ threshold: 'p(99.9) < 800', abortOnFail: true, delayAbortEval: '10s' }], checks: ['rate>0.99'] },
}`, 'export default function () {}\nexport function other() {}\n');
    assert.deepEqual(validateScript(text), []);
  });

  it('reports a syntax error at its line and column', () => {
    const d = validateScript("import http from 'k6/http';\nexport default function () {\n  http.get('x'\n}\n");
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 'error');
    assert.equal(d[0].line, 4);
    assert.equal(d[0].column, 1);
    assert.match(d[0].message, /^Syntax error: Unexpected token$/);
  });

  it('points at an unknown executor, naming the ones k6 knows', () => {
    const d = validateScript(script(`{\n  scenarios: {\n    s: { executor: 'constant-vu', vus: 1, duration: '1m' },\n  },\n}`));
    assert.deepEqual(brief(d), ["error 5:20 Unknown executor \"constant-vu\". Use one of: shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, externally-controlled."]);
    assert.equal(d[0].endColumn, 33);
  });

  it('reports bad durations, missing required fields and fields the executor does not have', () => {
    const d = validateScript(
      script(`{
  scenarios: {
    a: { executor: 'constant-arrival-rate', rate: 10, duration: '5 minutes' },
    b: { executor: 'ramping-vus', stages: [{ duration: '10x', target: 5 }, { target: 1 }], vus: 3 },
    c: { executor: 'constant-vus', vus: 0, duration: 500 },
  },
}`),
    );
    assert.deepEqual(brief(d), [
      'error 5:5 Scenario "a" (constant-arrival-rate) needs "preAllocatedVUs".',
      'error 5:65 duration: "5 minutes" is not a duration. Write it like \'30s\', \'5m\', \'1h30m\' or \'500ms\'.',
      'error 6:56 Stage 1 duration: "10x" is not a duration. Write it like \'30s\', \'5m\', \'1h30m\' or \'500ms\'.',
      "error 6:76 Stage 2 doesn't have a duration.",
      'error 6:92 "vus" is not a field of the ramping-vus executor (k6 refuses unknown fields). Its fields: startVUs, stages, gracefulRampDown.',
      'error 7:41 vus must be more than 0.',
      'error 7:54 duration must be at least 1s (a bare number is read as milliseconds).',
    ]);
  });

  it('checks thresholds: expression syntax and aggregations that fit the metric type', () => {
    const d = validateScript(script(`{\n  vus: 1,\n  duration: '10s',\n  thresholds: {\n    http_req_failed: ['p(95)<0.01'],\n    http_req_duration: ['p95 < 500', 'avg<200'],\n  },\n}`));
    assert.deepEqual(brief(d), [
      'error 7:23 http_req_failed is a rate metric: "p(95)" does not apply. Use rate.',
      'error 8:25 "p95 < 500" is not a threshold expression. Write aggregation, operator, number: \'p(95)<500\', \'rate<0.01\', \'count>100\'.',
    ]);
  });

  it('catches an exec function that is not exported and a missing default function', () => {
    const d = validateScript(script(`{ scenarios: { a: { executor: 'constant-vus', duration: '1m', exec: 'browse' }, b: { executor: 'constant-vus', duration: '1m' } } }`, 'function browse() {}\n'));
    assert.deepEqual(
      brief(d).map((x) => x.replace(/ \d+:\d+ /, ' ')),
      [
        'error The script has no default function: add `export default function () { ... }` or give every scenario an `exec`.',
        'error The scenario\'s exec function "browse" is not exported by this script (export function browse() {...}).',
      ],
    );
  });

  it('reads values through top-level constants and skips what only exists at run time', () => {
    const text = `const VUS = 10;\nconst DURATION = '2m';\nexport const options = {\n  scenarios: { s: { executor: 'constant-vus', vus: VUS, duration: DURATION } },\n  thresholds: { http_req_duration: [__ENV.P95 || 'p(95)<500'] },\n};\nexport default function () {}\n`;
    assert.deepEqual(validateScript(text), []);
    const bad = `const DURATION = '2 min';\nexport const options = { scenarios: { s: { executor: 'constant-vus', duration: DURATION } } };\nexport default function () {}\n`;
    assert.deepEqual(brief(validateScript(bad)), [`error 2:80 duration: "2 min" is not a duration. Write it like '30s', '5m', '1h30m' or '500ms'.`]);
    const dynamic = `export const options = { scenarios: JSON.parse(open('./s.json')) };\nexport default function () {}\n`;
    assert.deepEqual(validateScript(dynamic), []);
  });

  it('warns when shortcuts override scenarios and refuses two shortcuts at once', () => {
    const d = validateScript(script(`{ duration: '1m', stages: [{ duration: '1m', target: 1 }] }`));
    assert.deepEqual(brief(d), ["error 3:42 Using duration and stages together is not allowed: k6 accepts only one of duration, iterations and stages."]);
    const w = validateScript(script(`{ vus: 2, duration: '1m', scenarios: { s: { executor: 'constant-vus', duration: '1m' } } }`));
    assert.deepEqual(brief(w), ['warning 3:34 "duration" overrides `scenarios`: k6 then ignores the scenarios. Remove one of them.']);
  });

  it('accepts a script with no options at all (k6 runs one iteration)', () => {
    assert.deepEqual(validateScript("import http from 'k6/http';\nexport default function () { http.get('http://x'); }\n"), []);
  });
});
