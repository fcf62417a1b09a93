// Operations whose API description names their own server (a path item's or an operation's
// `servers`): `metric-vault generate` writes a script whose requests, run by the k6 stand-in,
// reach that server — an absolute one on its own host, a relative one under the service —
// and everything else BASE_URL; the user's API token goes to BASE_URL only.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateScript } from '../../../src/core/k6';
import { runCli } from '../../support/cli';
import { type EchoServer, startEchoServer } from '../../support/echoServer';
import { runK6Script } from '../../support/k6shim';
import { makeTempDir } from '../../support/tempDir';

describe('generate: operations served by their own servers', function () {
  this.timeout(60000);
  let service: EchoServer;
  let files: EchoServer;
  let tmp: ReturnType<typeof makeTempDir>;
  before(async () => {
    service = await startEchoServer();
    files = await startEchoServer((a) => (a.method === 'POST' ? 201 : 200));
    tmp = makeTempDir();
  });
  after(async () => {
    await service?.close();
    await files?.close();
    tmp?.cleanup();
  });

  function writeSpec(): string {
    const filesPort = new URL(files.url).port;
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Shop', version: '1' },
      servers: [{ url: '/api/v1' }],
      paths: {
        '/items': { get: { operationId: 'listItems', responses: { '200': { description: 'ok' } } } },
        // A path item's relative server: under the service, in place of /api/v1.
        '/legacy/items': { servers: [{ url: '/v0' }], get: { operationId: 'legacyItems', responses: { '200': { description: 'ok' } } } },
        // An operation's absolute server with variables: another host.
        '/uploads': {
          post: {
            operationId: 'upload',
            servers: [{ url: 'http://127.0.0.1:{port}/files', variables: { port: { default: filesPort } } }],
            security: [{ bearer: [] }],
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', example: 'a.txt' } } } } } },
            responses: { '201': { description: 'stored' } },
          },
        },
        // The document's own server again: no change.
        '/same': { get: { operationId: 'same', servers: [{ url: '/api/v1/' }], security: [{ bearer: [] }], responses: { '200': { description: 'ok' } } } },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    };
    const file = path.join(tmp.dir, 'shop.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  it('sends each request to its own server by default, relative ones follow BASE_URL, and API_TOKEN stays with BASE_URL', async () => {
    const spec = writeSpec();
    const gen = await runCli(['generate', '--spec', spec, '--all', '--base-url', `${service.url}/api/v1`]);
    assert.equal(gen.code, 0, gen.stderr);
    const script = gen.stdout;
    assert.deepEqual(validateScript(script).filter((d) => d.severity === 'error'), []);
    assert.match(script, /const BASE_URL_2 = __ENV\.BASE_URL_2 \|\| "http:\/\/127\.0\.0\.1:\d+\/files";/);
    assert.match(gen.stderr, /^note: POST \/uploads goes to its own server http:\/\/127\.0\.0\.1:\d+\/files \(BASE_URL_2 in the script\); API_TOKEN is not sent there, give it one with -e API_TOKEN_2=\.\.\.$/m);

    const run = await runK6Script(script, { env: { API_TOKEN: 'service-token' } });
    assert.deepEqual(run.errors, []);
    const at = (server: EchoServer) => server.arrived.map((a) => `${a.method} ${a.path}`).sort();
    assert.deepEqual(at(service), ['GET /api/v1/items', 'GET /api/v1/same', 'GET /v0/legacy/items']);
    assert.deepEqual(at(files), ['POST /files/uploads']);
    const upload = files.arrived[0]!;
    assert.deepEqual(JSON.parse(upload.body.toString()), { name: 'a.txt' });
    assert.equal(upload.headers.authorization, undefined, "the service's token is not sent to another host");
    assert.equal(service.arrived.find((a) => a.path === '/api/v1/same')!.headers.authorization, 'Bearer service-token');
    assert.deepEqual(run.checks.map((c) => c.passed), [true, true, true, true]);

    // Pointed elsewhere: the relative server moves with BASE_URL; the other server has its own token and override.
    service.arrived.length = 0;
    files.arrived.length = 0;
    const moved = await runK6Script(script, { env: { BASE_URL: `${files.url}/api/v1`, BASE_URL_2: `${service.url}/elsewhere`, API_TOKEN_2: 'files-token' } });
    assert.deepEqual(moved.errors, []);
    assert.deepEqual(at(files), ['GET /api/v1/items', 'GET /api/v1/same', 'GET /v0/legacy/items']);
    assert.deepEqual(at(service), ['POST /elsewhere/uploads']);
    assert.equal(service.arrived[0]!.headers.authorization, 'Bearer files-token');
  });

  it('a server URL with quotes, backticks, `*/` and `</script>` reaches the script only as a JSON string', async () => {
    // (Braces are server variables: one without a default leaves the operation on BASE_URL, tested in the unit tests.)
    const hostile = `http://127.0.0.1:${new URL(files.url).port}/q"'\`$(x)+"*/</script>`;
    const spec = { openapi: '3.0.3', info: { title: 'H', version: '1' }, servers: [{ url: service.url }], paths: { '/h': { get: { servers: [{ url: hostile }], responses: { '200': { description: 'ok' } } } } } };
    const file = path.join(tmp.dir, 'hostile.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const gen = await runCli(['generate', '--spec', file, '--endpoint', 'GET /h']);
    assert.equal(gen.code, 0, gen.stderr);
    assert.deepEqual(validateScript(gen.stdout).filter((d) => d.severity === 'error'), []);
    assert.ok(gen.stdout.includes(`const BASE_URL_2 = __ENV.BASE_URL_2 || ${JSON.stringify(hostile)};`));
    files.arrived.length = 0;
    const run = await runK6Script(gen.stdout);
    assert.deepEqual(run.errors, []);
    assert.equal(files.arrived.length, 1, 'the request went to the named host');
    assert.ok(decodeURIComponent(files.arrived[0]!.path).startsWith('/q"\''), files.arrived[0]!.path);
  });
});
