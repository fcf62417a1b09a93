import { strict as assert } from 'node:assert';
import { estimateDurationSeconds, generateK6Script, validateScript } from '../../../src/core/k6';
import { aKoreanPost, anOperation, anOperationWithText, hostile } from './operations';
import { codeShape, parseGenerated } from './scriptAst';

const baseUrl = 'http://127.0.0.1:8000';

describe('k6 script generator', () => {
  it('writes a valid k6 script for one operation: base URL from __ENV, tags.name, status check, handleSummary, thresholds', () => {
    const text = generateK6Script({ operations: [anOperation()], baseUrl, profile: 'smoke' });
    assert.deepEqual(validateScript(text), []);
    const s = parseGenerated(text);
    assert.match(text, /const BASE_URL = __ENV\.BASE_URL \|\| "http:\/\/127\.0\.0\.1:8000";/);
    assert.match(text, /tags: \{ name: req\.name \}/);
    assert.match(text, /export function handleSummary\(data\)/);
    assert.match(text, /http_req_failed: \['rate<0\.01'\]/);
    assert.match(text, /http_req_duration: \['p\(95\)<500'\]/);
    const request = s.constant('REQUEST') as Record<string, unknown>;
    assert.equal(request.name, 'GET /pets/{petId}');
    assert.deepEqual(request.pathParams, { petId: 1 });
    assert.equal(request.expectedStatus, 200);
    assert.equal(request.body, null);
  });

  it('builds the JSON body from the schema, keeps Korean text as written, and sends it with JSON.stringify and a Content-Type', () => {
    const text = generateK6Script({ operations: [aKoreanPost()], baseUrl, profile: 'average' });
    assert.deepEqual(validateScript(text), []);
    const request = parseGenerated(text).constant('REQUEST') as Record<string, unknown>;
    assert.deepEqual(request.body, {
      type: 'json',
      contentType: 'application/json',
      value: { name: '무선 키보드 — 한글 입력', price: 1000, tags: ['전자'] },
    });
    assert.match(text, /무선 키보드 — 한글 입력/, 'non-ASCII text stays readable in the file');
    assert.deepEqual(request.pathParams, { storeId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' });
    assert.deepEqual(request.query, { dryRun: false });
    assert.deepEqual(request.headers, { 'X-Request-Source': 'load-test' });
    assert.deepEqual(request.auth, [{ type: 'bearer' }]);
    assert.equal(request.expectedStatus, 201);
    assert.match(text, /if \(body\.type === 'json'\) return JSON\.stringify\(body\.value\);/);
    assert.match(text, /headers\['Content-Type'\] = req\.body\.contentType;/);
    assert.match(text, /encodeURIComponent\(String\(params\[m\[1\]\]\)\)/, 'path values are URL-encoded when the script runs');
  });

  it('reads the token from the environment only', () => {
    const text = generateK6Script({ operations: [aKoreanPost()], baseUrl, profile: 'smoke' });
    assert.match(text, /const API_TOKEN = __ENV\.API_TOKEN \|\| '';/);
    assert.equal(text.match(/API_TOKEN =/g)?.length, 1);
    assert.match(text, /const token = req\.token === undefined \? API_TOKEN : req\.token;/, 'a request without its own server uses API_TOKEN');
    assert.match(text, /headers\['Authorization'\] = 'Bearer ' \+ token;/);
  });

  it('uses the scheme the operation asks for: API key in a header or the query, basic auth through k6/encoding', () => {
    const apiKey = generateK6Script({
      operations: [anOperation({ security: [[{ name: 'key', type: 'apiKey', in: 'query', paramName: 'api_key' }]] })],
      baseUrl,
      profile: 'smoke',
    });
    assert.deepEqual((parseGenerated(apiKey).constant('REQUEST') as { auth: unknown }).auth, [{ type: 'apiKey', in: 'query', name: 'api_key' }]);
    assert.doesNotMatch(apiKey, /k6\/encoding/);
    const basic = generateK6Script({ operations: [anOperation({ security: [[{ name: 'b', type: 'http', scheme: 'basic' }]] })], baseUrl, profile: 'smoke' });
    assert.match(basic, /import encoding from 'k6\/encoding';/);
    assert.deepEqual(validateScript(basic), []);
  });

  it('takes the first security alternative it can satisfy and none when the operation is public', () => {
    const op = anOperation({
      security: [[{ name: 'mtls', type: 'mutualTLS' }], [{ name: 'k', type: 'apiKey', in: 'header', paramName: 'X-Api-Key' }]],
    });
    const request = parseGenerated(generateK6Script({ operations: [op], baseUrl, profile: 'smoke' })).constant('REQUEST') as { auth: unknown };
    assert.deepEqual(request.auth, [{ type: 'apiKey', in: 'header', name: 'X-Api-Key' }]);
  });

  it('a hostile spec changes nothing but the data: same code, strings round-trip exactly, nothing in comments or template literals', () => {
    const plain = generateK6Script({ operations: [anOperationWithText('plain')], baseUrl: 'http://plain', profile: 'stress' });
    const evil = generateK6Script({ operations: [anOperationWithText(hostile)], baseUrl: `http://x/${hostile}`, profile: 'stress' });
    assert.deepEqual(validateScript(evil), []);
    const p = parseGenerated(plain);
    const e = parseGenerated(evil);
    assert.deepEqual(codeShape(e.program), codeShape(p.program));
    assert.ok(!e.nodeTypes.has('TemplateLiteral'), 'no template literals at all');
    for (const c of e.comments) assert.ok(!c.includes('pwned') && !c.includes('</script>'), `comment carries spec text: ${c}`);
    assert.deepEqual(e.comments, p.comments);
    const request = e.constant('REQUEST') as Record<string, Record<string, unknown>>;
    assert.equal(request.path, `/things/{id}/x${hostile.replace(/[{}]/g, '')}`);
    assert.deepEqual(request.pathParams, { id: `${hostile}pathValue` });
    assert.deepEqual(request.query, { q: `${hostile}queryValue` });
    assert.deepEqual(request.headers, { 'X-Hostile': `${hostile}header` });
    assert.deepEqual(request.skipped, [{ in: 'header', name: `${hostile} name`, required: true }]);
    const body = request.body as { value: Record<string, unknown> };
    assert.equal(body.value[`${hostile}key`], `${hostile}value`);
    assert.ok(Object.prototype.hasOwnProperty.call(body.value, '__proto__'), '__proto__ stays an own property');
    assert.equal(Object.getOwnPropertyDescriptor(body.value, '__proto__')?.value, 'own property');
    assert.doesNotMatch(evil, /[\u2028\u2029]/, 'line separators are escaped');
  });

  it('writes one weighted scenario per endpoint for a tag or a server, each running its own exported function', () => {
    const ops = [anOperation(), anOperation({ method: 'POST', path: '/pets', parameters: [], expectedStatus: 201 }), anOperation({ path: '/pets', parameters: [] })];
    const text = generateK6Script({ operations: ops, baseUrl, profile: 'average', load: { model: 'vus', amount: 10 }, weights: [3, 1, 1] });
    assert.deepEqual(validateScript(text), []);
    const s = parseGenerated(text);
    const requests = s.constant('REQUESTS') as Record<string, { name: string }>;
    assert.deepEqual(Object.keys(requests), ['endpoint_1', 'endpoint_2', 'endpoint_3']);
    assert.deepEqual(Object.values(requests).map((r) => r.name), ['GET /pets/{petId}', 'POST /pets', 'GET /pets']);
    const options = s.constant('options') as { scenarios: Record<string, { exec: string; stages: { target: number }[] }> };
    assert.deepEqual(Object.keys(options.scenarios), ['endpoint_1', 'endpoint_2', 'endpoint_3']);
    assert.deepEqual(Object.values(options.scenarios).map((sc) => sc.stages[0].target), [6, 2, 2]);
    for (const [name, sc] of Object.entries(options.scenarios)) {
      assert.equal(sc.exec, name);
      assert.match(text, new RegExp(`export function ${name}\\(\\) \\{\\n  iteration\\(REQUESTS\\.${name}\\);`));
    }
    assert.doesNotMatch(text, /export default/);
  });

  it('every profile and load model gives a script k6 accepts, lasting as long as asked (plus the graceful stop)', () => {
    for (const profile of ['smoke', 'average', 'stress', 'spike', 'soak', 'breakpoint'] as const) {
      for (const model of ['vus', 'rate'] as const) {
        const text = generateK6Script({ operations: [anOperation()], baseUrl, profile, load: { model, amount: 7, durationSeconds: 600 } });
        assert.deepEqual(validateScript(text), [], `${profile}/${model}`);
        assert.equal(estimateDurationSeconds(text), 630, `${profile}/${model}`);
      }
    }
  });

  it('leaves out header, query and cookie names that are not HTTP tokens, saying so in a comment', () => {
    const op = anOperation({
      parameters: [
        { name: 'petId', in: 'path', required: true, example: 1 },
        { name: 'X-Trace"`${1}', in: 'header', required: true, example: 'a' },
        { name: 'X-Ok', in: 'header', required: true, example: 'b' },
        { name: 'filter[name]', in: 'query', required: true, example: 'c' },
        { name: 'a b', in: 'query', required: true, example: 'd' },
        { name: 'se;ssion', in: 'cookie', required: false, example: 'e' },
      ],
      security: [[{ name: 'key', type: 'apiKey', in: 'header', paramName: 'Bad Key' }]],
    });
    const text = generateK6Script({ operations: [op], baseUrl, profile: 'smoke' });
    assert.deepEqual(validateScript(text), []);
    const request = parseGenerated(text).constant('REQUEST') as Record<string, unknown>;
    assert.deepEqual(request.headers, { 'X-Ok': 'b' });
    assert.deepEqual(request.query, { 'filter[name]': 'c' });
    assert.deepEqual(request.cookies, {});
    assert.deepEqual(request.auth, [], 'an API key header that is not a token would make every request fail');
    assert.deepEqual(request.skipped, [
      { in: 'header', name: 'X-Trace"`${1}', required: true },
      { in: 'query', name: 'a b', required: true },
      { in: 'cookie', name: 'se;ssion', required: false },
    ]);
    assert.match(text, /\/\/ Not sent: these parameter names are not valid HTTP tokens/);
  });

  it('sends a JSON Patch as a list of operations, and a merge patch instead when the operation offers one', () => {
    const patch = (contents: { mediaType: string; schema?: Record<string, unknown>; example?: unknown }[]) =>
      (parseGenerated(generateK6Script({ operations: [anOperation({ method: 'PATCH', requestBody: { required: true, contents } })], baseUrl, profile: 'smoke' })).constant('REQUEST') as { body: unknown }).body;
    assert.deepEqual(patch([{ mediaType: 'application/json-patch+json', schema: { type: 'object' } }]), { type: 'json', contentType: 'application/json-patch+json', value: [] });
    assert.deepEqual((patch([{ mediaType: 'application/json-patch+json', example: [{ op: 'remove', path: '/tags/0' }] }]) as { value: unknown }).value, [{ op: 'remove', path: '/tags/0' }]);
    assert.deepEqual(
      patch([
        { mediaType: 'application/json-patch+json', schema: { type: 'object' } },
        { mediaType: 'application/merge-patch+json', schema: { type: 'object', properties: { name: { type: 'string', example: 'n' } } } },
      ]),
      { type: 'json', contentType: 'application/merge-patch+json', value: { name: 'n' } },
    );
  });

  it('sends a documented Accept (PagerDuty versions its API there) and a Content-Type only without a body; Authorization comes from security', () => {
    const headers = (over: Partial<Parameters<typeof anOperation>[0]>) =>
      (parseGenerated(generateK6Script({ operations: [anOperation(over)], baseUrl, profile: 'smoke' })).constant('REQUEST') as { headers: unknown }).headers;
    const documented = [
      { name: 'petId', in: 'path' as const, required: true, example: 1 },
      { name: 'Accept', in: 'header' as const, required: true, schema: { type: 'string', default: 'application/vnd.pagerduty+json;version=2' } },
      { name: 'Content-Type', in: 'header' as const, required: true, schema: { type: 'string', enum: ['application/json'] } },
      { name: 'Authorization', in: 'header' as const, required: true, example: 'Bearer from-the-document' },
    ];
    assert.deepEqual(headers({ parameters: documented }), { Accept: 'application/vnd.pagerduty+json;version=2', 'Content-Type': 'application/json' });
    const withBody = headers({ method: 'POST', parameters: documented, requestBody: { required: true, contents: [{ mediaType: 'application/json', schema: { type: 'object' } }] } });
    assert.deepEqual(withBody, { Accept: 'application/vnd.pagerduty+json;version=2' }, "the body's media type is the Content-Type");
  });

  it('refuses an empty operation list', () => {
    assert.throws(() => generateK6Script({ operations: [], baseUrl, profile: 'smoke' }), /no operation/);
  });
});
