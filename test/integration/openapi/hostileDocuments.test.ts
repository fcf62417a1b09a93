// Hostile documents through the CLI, as a user meets them: each ends with a clear message or a
// listing with warnings — never a stack trace, a crash or a hang (the mocha timeout bounds each).
// Written at run time: deep nesting, huge strings, $ref cycles of path items and across files,
// a billion-laughs YAML, prototype-pollution keys through a YAML merge key.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const head = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\n';
const ok = '{ "200": { description: ok } }';

function noStack(r: { stderr: string }): void {
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(r.stderr), `no stack trace: ${r.stderr.slice(0, 500)}`);
}

describe('hostile OpenAPI documents through the CLI', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  before(() => {
    tmp = makeTempDir();
    dir = tmp.dir;
  });
  after(() => tmp.cleanup());
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('a schema nested 100,000 deep in JSON lists; generating says it nests too deeply', async () => {
    const n = 100_000;
    const schema = '{"type":"array","items":'.repeat(n) + '{"type":"string"}' + '}'.repeat(n);
    const file = write('deep.json', `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"post":{"requestBody":{"content":{"application/json":{"schema":${schema}}}},"responses":{"200":{"description":"ok"}}}}}}`);
    const list = await runCli(['openapi', file, '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as { endpoints: { path: string }[] }).endpoints.map((e) => e.path), ['/a']);
    const gen = await runCli(['generate', '--spec', file, '--all', '--base-url', 'http://127.0.0.1:9']);
    assert.equal(gen.code, 1);
    assert.match(gen.stderr, /^metric-vault generate: cannot read .*deep\.json: POST \/a nests its schemas too deeply to be resolved\.$/m);
    noStack(gen);
  });

  it('half a million nested JSON arrays, and YAML nested past the depth limit: clear errors', async () => {
    const arrays = await runCli(['openapi', write('arrays.json', '['.repeat(500_000) + ']'.repeat(500_000))]);
    assert.equal(arrays.code, 2);
    assert.match(arrays.stderr, /arrays\.json is a list, not an OpenAPI object\./);
    const yaml = write('deep.yaml', `${head}paths:\n  /a:\n    get:\n      responses: ${ok}\n      x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const gen = await runCli(['generate', '--spec', yaml, '--all', '--base-url', 'http://127.0.0.1:9']);
    assert.equal(gen.code, 1);
    assert.match(gen.stderr, /deep\.yaml is not valid YAML: nesting exceeded maxDepth \(200\) at line 7, column \d+$/m);
    noStack(arrays);
    noStack(gen);
  });

  it('a megabyte-long path and 5 MB summary: the path listed in full as JSON, the summary cut at 1,000 characters, both clipped to one line in the table and messages', async () => {
    const longPath = `/${'p'.repeat(1_000_000)}`;
    const file = write('huge.json', JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { [longPath]: { get: { summary: 's'.repeat(5_000_000), responses: { '200': { description: 'ok' } } } } } }));
    const json = await runCli(['openapi', file, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const [op] = (JSON.parse(json.stdout) as { endpoints: { path: string; summary: string }[] }).endpoints;
    assert.equal(op!.path, longPath);
    assert.equal(op!.summary, `${'s'.repeat(999)}…`, 'a summary is kept up to 1,000 characters');
    const table = await runCli(['openapi', file]);
    assert.ok(table.stdout.length < 2000, `the table stays small (${table.stdout.length} characters)`);
    assert.match(table.stdout, /^GET\s+\/p{198}…\s+-\s+-\s+s{79}…$/m);
    const gen = await runCli(['generate', '--spec', file, '--all', '--base-url', 'http://127.0.0.1:9', '--out', path.join(dir, 'huge.js')]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.ok(gen.stdout.length < 400, gen.stdout.slice(0, 400));
  });

  it('path items that $ref each other or themselves, and operations whose files $ref each other: warnings, the rest listed', async () => {
    const cycle = write('cycle.yaml', `${head}paths:\n  /a: { $ref: "#/paths/~1b" }\n  /b: { $ref: "#/paths/~1a" }\n  /c: { $ref: "#/paths/~1c" }\n  /ok: { get: { responses: ${ok} } }\n`);
    const r = await runCli(['openapi', cycle, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { warnings: string[]; endpoints: { path: string }[] };
    assert.deepEqual(out.endpoints.map((e) => e.path), ['/ok']);
    assert.deepEqual(out.warnings, ['/a', '/b', '/c'].map((p) => `Path "${p}": a chain of $refs that never ends; its operations are not listed.`));
    write('one.yaml', '$ref: two.yaml\n');
    write('two.yaml', '$ref: one.yaml\n');
    write('self.yaml', 'get: { $ref: "#/get" }\n');
    const across = write('across.yaml', `${head}paths:\n  /x:\n    get: { $ref: one.yaml }\n  /y: { $ref: self.yaml }\n`);
    const listed = JSON.parse((await runCli(['openapi', across, '--json'])).stdout) as { endpoints: { method: string; path: string; warning?: string }[] };
    assert.deepEqual(listed.endpoints.map((e) => `${e.method} ${e.path} ${e.warning}`), ['GET /x a chain of $refs that never ends', 'GET /y a chain of $refs that never ends']);
    const gen = await runCli(['generate', '--spec', across, '--all', '--base-url', 'http://127.0.0.1:9', '--out', path.join(dir, 'across.js')]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stderr, /^warning: GET \/x: its details could not be read \(a chain of \$refs that never ends\); the script has its path only\.$/m);
  });

  it('a billion-laughs YAML stops as an alias bomb', async () => {
    let text = `${head}x-0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n`;
    for (let i = 1; i < 10; i++) text += `x-${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const r = await runCli(['openapi', write('laughs.yaml', `${text}paths: {}\n`)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /laughs\.yaml expands too many YAML aliases \(more than 100000 nodes\); it looks like an alias bomb and was not read\./);
  });

  it('__proto__ and constructor keys merged in with `<<` stay data: listed by name, nothing polluted in the generated script', async () => {
    const file = write('proto.yaml', `${head}x-base: &b { __proto__: { polluted: "yes" }, constructor: { prototype: { polluted: "yes" } } }\npaths:\n  /__proto__:\n    <<: *b\n    get: { operationId: __proto__, tags: [__proto__, constructor], responses: ${ok} }\n`);
    const r = await runCli(['openapi', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { endpoints: unknown[] }).endpoints, [{ method: 'GET', path: '/__proto__', operationId: '__proto__', tags: ['__proto__', 'constructor'], summary: null }]);
    const gen = await runCli(['generate', '--spec', file, '--all', '--base-url', 'http://127.0.0.1:9', '--json']);
    assert.equal(gen.code, 0, gen.stderr);
    assert.ok(!(JSON.parse(gen.stdout) as { script: string }).script.includes('polluted'));
  });
});
