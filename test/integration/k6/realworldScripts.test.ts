// Scripts generated from real public API descriptions (test/fixtures/realworld/*, see each
// ORIGIN.md), run by the k6 stand-in against a recording loopback server. What must arrive was
// read from the documents by test/fixtures/realworld/openapi-expected.py (PyYAML, not Metric
// Vault): each sampled operation once, at its path with every parameter filled, its required
// query, header and cookie parameters, a body in a documented media type, and the status check
// of its first documented 2xx answer passing.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateK6Script, validateScript } from '../../../src/core/k6';
import { scriptBaseUrl } from '../../../src/core/openapi/baseUrl';
import { analyzeOpenApiWithStrategy, resolveAllOperations } from '../../../src/infra/openapi';
import { type Arrived, type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6Script } from '../../support/k6shim';

const realworld = path.resolve(__dirname, '../../fixtures/realworld');

interface Expected {
  method: string;
  path: string;
  operationId?: string;
  tags: string[];
  expectedStatus: number;
  hasRequestBody: boolean;
  bodyMediaTypes: string[];
  requiredParameters: string[];
}

/** Each document, and the BASE_URL a script gets from it alone (or what the user is asked to give). */
const documents: Record<string, { file: string; baseUrl: string | RegExp; warning?: RegExp }> = {
  'redocly-museum-api': { file: 'openapi.yaml', baseUrl: 'https://redocly.com/_mock/docs/openapi/museum-api' },
  'ga4gh-drs': { file: 'openapi/data_repository_service.openapi.yaml', baseUrl: 'https://drs.example.org/ga4gh/drs/v1' },
  'slack-web-api': { file: 'slack_web_openapi_v2_without_examples.json', baseUrl: 'https://slack.com/api' },
  'ory-kratos': { file: 'api.json', baseUrl: /names no server.*Pass --base-url http:\/\/host:port \(/ },
  'moby-engine-api': { file: 'swagger.yaml', baseUrl: /"\/v1\.56"\. Pass --base-url http:\/\/host:port\/v1\.56 / },
  'openfga-api': { file: 'apidocs.swagger.json', baseUrl: /names no server/ },
  // The corpus copy (test/fixtures/openapi/corpus): path-level parameters on 461 path items,
  // PATCH bodies in JSON Patch, merge-patch and strategic-merge-patch, HEAD and OPTIONS.
  'kubernetes-1.12-corpus': { file: '../../openapi/corpus/kubernetes-1.12.swagger.json', baseUrl: /names no server/, warning: /^176 operationIds are used by more than one operation/ },
};

/** At most `n` operations spread over the document, always including those `must` names. */
function sample(all: Expected[], n: number, must: string[]): Expected[] {
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((e, i) => i % step === 0 || must.includes(`${e.method} ${e.path}`)).slice(0, n + must.length);
}

function pathPattern(openApiPath: string): RegExp {
  const parts = openApiPath.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/{}]+')}$`);
}

const isToken = (name: string) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);

function missingParts(e: Expected, a: Arrived): string[] {
  const problems: string[] = [];
  const query = new URLSearchParams(a.query);
  const cookies = (a.headers.cookie ?? '').split(/;\s*/).map((c) => c.split('=')[0]);
  for (const p of e.requiredParameters) {
    const [where, name] = [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)];
    if (where === 'query' && !query.has(name)) problems.push(`query ${name}`);
    if (where === 'header' && isToken(name) && a.headers[name.toLowerCase()] === undefined) problems.push(`header ${name}`);
    if (where === 'cookie' && !cookies.includes(name)) problems.push(`cookie ${name}`);
  }
  if (e.hasRequestBody && e.bodyMediaTypes.length) {
    const type = (a.headers['content-type'] ?? '').split(';')[0]!.trim();
    const documented = e.bodyMediaTypes.map((m) => m.split(';')[0]!.trim());
    if (!documented.includes(type) && !documented.some((m) => m === '*/*' || (m.endsWith('/*') && type.startsWith(m.slice(0, -1))))) problems.push(`content-type ${type} not in ${documented.join(', ')}`);
    if (/json/.test(type)) {
      try {
        JSON.parse(a.body.toString('utf8'));
      } catch {
        problems.push('a JSON media type with a body that is not JSON');
      }
    }
  }
  return problems;
}

describe('scripts generated from real API descriptions, run against a recording server', function () {
  this.timeout(120000);

  for (const [name, { file, baseUrl, warning }] of Object.entries(documents)) {
    it(`${name}: sampled operations arrive at their paths with their required parameters, bodies and expected statuses`, async () => {
      const expected = JSON.parse(fs.readFileSync(path.join(realworld, name, 'expected-operations.json'), 'utf8')) as Expected[];
      const source = path.join(realworld, name, file);
      const listing = await analyzeOpenApiWithStrategy(source);
      assert.deepEqual(
        listing.operations.map((o) => [o.method, o.path, o.operationId, o.tags]),
        expected.map((e) => [e.method, e.path, e.operationId, e.tags]),
        'the exact operation set, in document order, with ids and tags',
      );
      if (warning) assert.match(listing.warnings.join('\n'), warning);
      else assert.deepEqual(listing.warnings, []);
      const choice = scriptBaseUrl(listing.servers);
      if (typeof baseUrl === 'string') assert.deepEqual(choice, { url: baseUrl });
      else assert.match((choice as { problem: string }).problem, baseUrl);
      const chosen = sample(expected, 8, ['PATCH /admin/identities/{id}', 'POST /build', 'POST /chat.postMessage', 'PATCH /api/v1/namespaces/{namespace}/configmaps/{name}', 'GET /api/v1/namespaces/{namespace}/pods/{name}/log']);
      const wanted = new Set(chosen.map((e) => `${e.method} ${e.path}`));
      const operations = (await resolveAllOperations(source)).filter((o) => wanted.has(`${o.method} ${o.path}`));
      assert.equal(operations.length, chosen.length);
      const matchers = chosen.map((e) => ({ e, re: pathPattern(e.path) }));
      const find = (a: Arrived) => matchers.filter((m) => m.e.method === a.method && m.re.test(decodeURIComponent(a.path))).map((m) => m.e);
      let echo: EchoServer | undefined;
      try {
        // The most literal match (the most characters outside `{…}`) answers, as a router would.
        const literal = (e: Expected) => e.path.replace(/\{[^}]+\}/g, '').length;
        echo = await startEchoServer((a) => find(a).sort((x, y) => literal(y) - literal(x))[0]?.expectedStatus ?? 404);
        const text = generateK6Script({ operations, baseUrl: 'http://127.0.0.1:1', profile: 'smoke' });
        assert.deepEqual(validateScript(text).filter((d) => d.severity === 'error'), []);
        const run = await runK6Script(text, { env: { BASE_URL: echo.url } });
        assert.deepEqual(run.errors, []);
        const problems: string[] = [];
        for (const e of chosen) {
          const arrivals = echo.arrived.filter((a) => find(a).some((x) => x === e) && find(a).sort((x, y) => literal(y) - literal(x))[0] === e);
          if (arrivals.length !== 1) problems.push(`${e.method} ${e.path}: arrived ${arrivals.length}× (${echo.arrived.map((a) => `${a.method} ${a.path}`).join(', ')})`);
          for (const a of arrivals) problems.push(...missingParts(e, a).map((p) => `${e.method} ${e.path}: ${p}`));
        }
        assert.deepEqual(problems, []);
        assert.ok(!echo.arrived.some((a) => /[{}]|%7B|%7D/i.test(a.path)), 'every path parameter filled');
        assert.deepEqual(run.checks.filter((c) => !c.passed).map((c) => `${c.name} ${JSON.stringify(c.tags)}`), [], 'every status check passes');
        assert.equal(run.checks.length, chosen.length);
        if (name === 'kubernetes-1.12-corpus') {
          // Path-level parameters reach the request; a merge patch is preferred over JSON Patch.
          const log = echo.arrived.find((a) => a.method === 'GET' && /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/log$/.test(a.path));
          assert.ok(log, echo.arrived.map((a) => a.path).join(', '));
          const patch = echo.arrived.find((a) => a.method === 'PATCH' && a.path.includes('/configmaps/'))!;
          assert.equal(patch.headers['content-type'], 'application/merge-patch+json');
          assert.ok(!Array.isArray(JSON.parse(patch.body.toString())), 'a merge patch is an object');
        }
        if (name === 'ory-kratos') {
          // A JSON Patch document (schema: an array of operations) sent as application/json.
          const patch = echo.arrived.find((a) => a.method === 'PATCH' && a.path.startsWith('/admin/identities/'))!;
          const body = JSON.parse(patch.body.toString()) as { op: string; path: string }[];
          assert.ok(Array.isArray(body) && body.every((op) => typeof op.op === 'string' && typeof op.path === 'string'), patch.body.toString());
        }
      } finally {
        await echo?.close();
      }
    });
  }
});
