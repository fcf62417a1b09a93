// Bad input that must become a clear message or plain data — never a crash, a hang, or code.
import { strict as assert } from 'node:assert';
import { curlCommand } from '../../../src/core/openapi/curl';
import { OpenApiError } from '../../../src/core/openapi/errors';
import { listOperations } from '../../../src/core/openapi/listOperations';
import { parseDocumentText } from '../../../src/core/openapi/parseDocument';
import { resolveOperationIn } from '../../../src/core/openapi/resolveOperation';
import { sampleFromSchema } from '../../../src/core/openapi/sample';
import { fixtureText } from './fixtures';

const isKind = (kind: string, re: RegExp) => (e: unknown) => e instanceof OpenApiError && e.kind === kind && re.test(e.message);

describe('hostile and malformed documents', () => {
  afterEach(() => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  });

  it('invalid JSON: says it is not valid JSON and where', () => {
    assert.throws(() => parseDocumentText(fixtureText('hostile/invalid.json'), 'spec.json'), isKind('invalid', /^spec\.json is not valid JSON: .+/));
  });

  it('invalid YAML: says it is not valid YAML with the line', () => {
    assert.throws(() => parseDocumentText(fixtureText('hostile/invalid.yaml'), 'spec.yaml'), isKind('invalid', /^spec\.yaml is not valid YAML: .*at line \d+, column \d+/));
  });

  it('a YAML alias bomb stops with a message instead of expanding', () => {
    assert.throws(() => parseDocumentText(fixtureText('hostile/alias-bomb.yaml'), 'bomb.yaml'), isKind('invalid', /too many YAML aliases.*alias bomb/));
  });

  it('YAML anchors, aliases and merge keys in moderation are read; dates and yes/no stay strings (YAML 1.2 core, like JSON)', () => {
    const doc = parseDocumentText(
      ['openapi: 3.0.3', 'info: { title: t, version: "1" }', 'x-ok: &ok { description: fine }', 'paths:', '  /a:', '    get:', '      responses:', '        "200": *ok', '        "201": { <<: *ok, x-more: 1 }', 'x-when: 2024-01-01', 'x-flag: no'].join('\n'),
    ) as { paths: { '/a': { get: { responses: Record<string, unknown> } } }; 'x-when': unknown; 'x-flag': unknown };
    assert.deepEqual(doc.paths['/a'].get.responses, { '200': { description: 'fine' }, '201': { description: 'fine', 'x-more': 1 } });
    assert.equal(doc['x-when'], '2024-01-01');
    assert.equal(doc['x-flag'], 'no');
    assert.throws(() => parseDocumentText('a: 1\n---\nb: 2\n', 'two.yaml'), isKind('invalid', /single document/));
    assert.throws(() => parseDocumentText(`${'['.repeat(500)}${']'.repeat(500)}`.replace(/^/, 'a: '), 'deep.yaml'), isKind('invalid', /nesting exceeded/));
  });

  it('an HTML page given as a document says so', () => {
    assert.throws(() => parseDocumentText(fixtureText('hostile/not-swagger.html'), 'page'), isKind('not-openapi', /HTML or XML page/));
  });

  it('empty text and scalars are refused', () => {
    assert.throws(() => parseDocumentText('   ', 'x'), isKind('invalid', /empty/));
    assert.throws(() => parseDocumentText('just some words', 'x'), isKind('not-openapi', /single string value/));
  });

  it('__proto__ and constructor keys stay data: no prototype pollution, listed and resolved as plain names', () => {
    const doc = parseDocumentText(fixtureText('hostile/proto.json'), 'proto.json');
    assert.equal(Object.getPrototypeOf(doc), Object.prototype);
    const listing = listOperations(doc);
    assert.deepEqual(listing.operations.map((o) => `${o.method} ${o.path}`).sort(), ['GET /hasOwnProperty', 'GET __proto__', 'POST /constructor']);
    assert.deepEqual(listing.operations.find((o) => o.path === '/constructor')!.tags, ['__proto__', 'constructor']);
    const op = resolveOperationIn(doc, 'POST', '/constructor');
    const param = op.parameters[0]!;
    assert.equal(param.name, '__proto__');
    assert.deepEqual(Object.keys(param.schema!.properties as object), ['polluted']);
    const body = op.requestBody!.contents[0]!;
    const properties = body.schema!.properties as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(properties, '__proto__'));
    assert.equal(Object.getPrototypeOf(properties), Object.prototype);
    assert.match(String((properties.constructor as unknown as Record<string, unknown>)['x-unresolved']), /points at nothing/);
    const sample = sampleFromSchema(body.schema) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(sample), Object.prototype);
    assert.throws(() => resolveOperationIn(doc, 'GET', '/toString'), isKind('operation-not-found', /toString/));
  });

  it('a schema nested thousands deep: a clear error, not a stack overflow', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 50_000; i++) schema = { type: 'object', properties: { a: schema } };
    const doc = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema } } } } } } };
    assert.throws(() => resolveOperationIn(doc, 'POST', '/a'), isKind('invalid', /POST \/a nests its schemas too deeply/));
  });

  it('strings with quotes, backticks, ${, */, newlines and </script> survive as data', () => {
    const doc = parseDocumentText(fixtureText('hostile/hostile-strings.yaml'), 'hostile.yaml');
    const listing = listOperations(doc);
    assert.equal(listing.title, 'Quotes \' " ` ${process.exit(1)} */ </script><script>alert(1)</script>');
    assert.equal(listing.version, "1.0'; DROP TABLE servers; --");
    const get = listing.operations.find((o) => o.method === 'GET')!;
    assert.equal(get.path, "/items/{id}'\"`");
    assert.equal(get.summary, 'line one\nline two */ /* </script> ${x} `cmd` \'single\' "double"');
    assert.equal(get.operationId, 'get`${globalThis.pwned = 1}`');
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
    const post = resolveOperationIn(doc, 'POST', "/items/{id}'\"`");
    assert.deepEqual(post.requestBody!.contents[0]!.example, { text: 'it\'s "quoted" `tick` ${x} */ </script>\n', 한글: '안녕하세요' });
  });

  it('hostile values reach a curl command only inside single quotes', () => {
    const doc = parseDocumentText(fixtureText('hostile/hostile-strings.yaml'), 'hostile.yaml');
    const get = resolveOperationIn(doc, 'GET', "/items/{id}'\"`");
    const cmd = curlCommand(get, 'http://127.0.0.1:1/base');
    // Every argument after `curl` is either a flag or a single-quoted word; no $( or ` outside quotes.
    const outsideQuotes = cmd.replace(/'(?:[^']|'\\'')*'/g, "''");
    assert.doesNotMatch(outsideQuotes, /[`$;|&<>]/);
    assert.match(cmd, /q=%24\(touch%20%2Ftmp%2Fpwned\)/);
    const post = resolveOperationIn(doc, 'POST', "/items/{id}'\"`");
    const postCmd = curlCommand(post, 'http://127.0.0.1:1/base');
    assert.doesNotMatch(postCmd.replace(/'(?:[^']|'\\'')*'/g, "''"), /[`$;|&<>]/);
    assert.match(postCmd, /안녕하세요/);
  });
});
