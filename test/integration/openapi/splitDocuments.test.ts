// Split OpenAPI documents: real public descriptions whose path items (Redocly's starter) or
// operations (DigitalOcean's) are file `$ref`s. Expected operation sets were read from the files
// with another YAML reader (see each fixture's ORIGIN.md), not with Metric Vault.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { forgetCachedSources, resolveAllOperations } from '../../../src/infra/openapi';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';
import { startTestServer, type TestServer } from './testServer';

const realworld = path.resolve(__dirname, '../../fixtures/realworld');
const documents = {
  digitalocean: path.join(realworld, 'digitalocean-openapi/DigitalOcean-public.v2.yaml'),
  redocly: path.join(realworld, 'redocly-openapi-starter/openapi/openapi.yaml'),
};

interface Expected {
  method: string;
  path: string;
  operationId: string;
  tags: string[];
  expectedStatus: number;
  hasRequestBody: boolean;
}

function expected(name: keyof typeof documents): Expected[] {
  const folder = name === 'digitalocean' ? 'digitalocean-openapi' : 'redocly-openapi-starter';
  return JSON.parse(fs.readFileSync(path.join(realworld, folder, 'expected-operations.json'), 'utf8')) as Expected[];
}

describe('split OpenAPI documents', () => {
  for (const name of Object.keys(documents) as (keyof typeof documents)[]) {
    it(`${name}: lists every operation with its tags and operationId, without warnings`, async () => {
      const r = await runCli(['openapi', documents[name], '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { warnings: string[]; endpoints: { method: string; path: string; operationId: string; tags: string[]; warning?: string }[] };
      assert.deepEqual(out.warnings, []);
      assert.deepEqual(
        out.endpoints.map((e) => ({ method: e.method, path: e.path, operationId: e.operationId, tags: e.tags })),
        expected(name).map((e) => ({ method: e.method, path: e.path, operationId: e.operationId, tags: e.tags })),
      );
    });

    it(`${name}: resolves bodies and statuses from the referenced files`, async () => {
      forgetCachedSources();
      const ops = await resolveAllOperations(documents[name]);
      const got = ops.map((o) => ({ key: `${o.method} ${o.path}`, status: o.expectedStatus, body: o.requestBody !== undefined }));
      assert.deepEqual(got, expected(name).map((e) => ({ key: `${e.method} ${e.path}`, status: e.expectedStatus, body: e.hasRequestBody })));
      for (const o of ops) assert.deepEqual((o.warnings ?? []).filter((w) => /outside|never reads|cannot be read/.test(w)), [], `${o.method} ${o.path}`);
    });
  }

  it('DigitalOcean: generate uses the referenced body and 202 of POST /v2/droplets/autoscale', async () => {
    const r = await runCli(['generate', '--spec', documents.digitalocean, '--endpoint', 'POST /v2/droplets/autoscale', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const script = (JSON.parse(r.stdout) as { script: string }).script;
    assert.match(script, /expectedStatus: 202,/);
    assert.doesNotMatch(script, /body: null/);
    assert.match(script, /contentType: "application\/json"/);
    assert.match(script, /"droplet_template": \{/, 'the body follows models/autoscale_pool_create.yml');
    assert.equal(r.stderr, '');
  });

  describe('refs that cannot or may not be read', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    beforeEach(() => (tmp = makeTempDir()));
    afterEach(() => tmp.cleanup());

    function writeSplit(rootText: string, files: Record<string, string>): string {
      const dir = path.join(tmp.dir, 'api');
      for (const [f, text] of Object.entries({ 'openapi.yaml': rootText, ...files })) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
      }
      return path.join(dir, 'openapi.yaml');
    }

    it('an operation whose file is missing or outside the folder is listed with a mark and a warning naming the ref; internal path-item refs resolve', async () => {
      fs.writeFileSync(path.join(tmp.dir, 'outside.yaml'), 'operationId: stolen\ntags: [secret]\n');
      const root = writeSplit(
        [
          'openapi: 3.1.0',
          'info: { title: Split, version: "1" }',
          'paths:',
          '  /ok: { $ref: "paths/ok.yaml" }',
          '  /missing:',
          '    get: { $ref: "ops/missing.yaml" }',
          '  /escape:',
          '    get: { $ref: "../outside.yaml" }',
          '  /abs:',
          `    get: { $ref: ${JSON.stringify(path.join(tmp.dir, 'outside.yaml'))} }`,
          '  /internal: { $ref: "#/components/pathItems/Internal" }',
          '  /gone: { $ref: "paths/gone.yaml" }',
          'components:',
          '  pathItems:',
          '    Internal:',
          '      post: { operationId: internalPost, tags: [inside], responses: { "202": { description: accepted } } }',
        ].join('\n'),
        { 'paths/ok.yaml': 'get:\n  $ref: ../ops/ok.yaml\n', 'ops/ok.yaml': 'operationId: okGet\ntags: [fine]\nresponses:\n  "204": { description: none }\n' },
      );
      const r = await runCli(['openapi', root, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { warnings: string[]; endpoints: { method: string; path: string; operationId: string | null; tags: string[]; warning?: string }[] };
      const row = (p: string) => out.endpoints.find((e) => e.path === p);
      assert.deepEqual(row('/ok'), { method: 'GET', path: '/ok', operationId: 'okGet', tags: ['fine'], summary: null });
      assert.deepEqual(row('/internal'), { method: 'POST', path: '/internal', operationId: 'internalPost', tags: ['inside'], summary: null });
      assert.match(row('/missing')!.warning!, /ops\/missing\.yaml cannot be read: the file does not exist/);
      assert.match(row('/escape')!.warning!, /\.\.\/outside\.yaml leads outside the document's folder/);
      assert.match(row('/abs')!.warning!, /is an absolute path, which Metric Vault never reads/);
      assert.equal(row('/gone'), undefined);
      assert.ok(out.warnings.some((w) => /Path "\/gone": the \$ref paths\/gone\.yaml cannot be read/.test(w)), out.warnings.join('\n'));
      assert.ok(out.warnings.some((w) => /GET \/escape is listed without its details/.test(w)));
      assert.doesNotMatch(r.stdout, /stolen|secret/);

      const table = await runCli(['openapi', root]);
      assert.match(table.stdout, /^! GET\s+\/missing\s+-\s+-\s+\(not read: the \$ref ops\/missing\.yaml cannot be read/m);
      assert.match(table.stdout, /3 marked "!" could not be read/);

      const gen = await runCli(['generate', '--spec', root, '--endpoint', 'GET /escape', '--base-url', 'http://127.0.0.1:9']);
      assert.equal(gen.code, 0, gen.stderr);
      assert.match(gen.stderr, /warning: GET \/escape: its details could not be read \(the \$ref \.\.\/outside\.yaml leads outside/);
      const internal = await runCli(['generate', '--spec', root, '--endpoint', 'POST /internal', '--base-url', 'http://127.0.0.1:9']);
      assert.match(internal.stdout, /expectedStatus: 202,/);
    });

    it('a symbolic link inside the folder that leads out of it is not followed', async () => {
      fs.writeFileSync(path.join(tmp.dir, 'outside.yaml'), 'operationId: stolen\n');
      const root = writeSplit('openapi: 3.0.3\ninfo: { title: L, version: "1" }\npaths:\n  /l:\n    get: { $ref: "link.yaml" }\n', {});
      fs.symlinkSync(path.join(tmp.dir, 'outside.yaml'), path.join(tmp.dir, 'api', 'link.yaml'));
      const out = JSON.parse((await runCli(['openapi', root, '--json'])).stdout) as { endpoints: { operationId: string | null; warning?: string }[] };
      assert.equal(out.endpoints[0]!.operationId, null);
      assert.match(out.endpoints[0]!.warning!, /link that leads outside the document's folder/);
    });
  });

  describe('served over http', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startTestServer();
      const folder = path.dirname(documents.redocly);
      const serve = (dir: string, prefix: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) serve(full, `${prefix}/${entry.name}`);
          else srv.route(`${prefix}/${encodeURIComponent(entry.name)}`, (_req, res) => res.writeHead(200, { 'content-type': 'application/yaml' }).end(fs.readFileSync(full)));
        }
      };
      serve(folder, '/cafe');
    });
    after(() => srv.close());

    it('follows same-origin relative refs only with --allow-external-refs', async () => {
      const url = `${srv.url}/cafe/openapi.yaml`;
      const off = JSON.parse((await runCli(['openapi', url, '--json'])).stdout) as { warnings: string[]; endpoints: unknown[] };
      assert.equal(off.endpoints.length, 0);
      assert.match(off.warnings[0]!, /Path "\/menu": the \$ref paths\/menu\.yaml points at another document; external \$refs are not followed \(setting metricVault\.openapi\.allowExternalRefs\)/);
      const on = JSON.parse((await runCli(['openapi', url, '--json', '--allow-external-refs'])).stdout) as { warnings: string[]; endpoints: { method: string; path: string; operationId: string }[] };
      assert.deepEqual(on.warnings, []);
      assert.deepEqual(on.endpoints.map((e) => `${e.method} ${e.path} ${e.operationId}`), expected('redocly').map((e) => `${e.method} ${e.path} ${e.operationId}`));
      const gen = await runCli(['generate', '--spec', url, '--endpoint', 'POST /orders', '--allow-external-refs', '--json']);
      assert.equal(gen.code, 0, gen.stderr);
      assert.match((JSON.parse(gen.stdout) as { script: string }).script, /expectedStatus: 201,/);
    });
  });
});
