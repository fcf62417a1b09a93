import { strict as assert } from 'node:assert';
import * as jsYaml from 'js-yaml';
import { parseDocumentText, parseForListing } from '../../../src/core/openapi/parseDocument';
import { listOperations } from '../../../src/core/openapi/listOperations';
import { outlinePaths } from '../../../src/core/openapi/yamlPathsOutline';
import { yamlSections } from '../../../src/core/openapi/yamlSections';
import { fixtureText } from './fixtures';

const wanted = new Set(['openapi', 'info', 'paths']);

describe('listing a YAML document from the sections it reads', () => {
  it('parses only the wanted top-level sections, and lists exactly what the whole document lists', () => {
    for (const name of ['corpus/petstore.yaml', 'corpus/swagger-petstore-3.openapi.yaml', 'corpus/uspto.yaml', 'corpus/v2-petstore.yaml', 'corpus/link-example.yaml']) {
      const text = fixtureText(name);
      const lean = parseForListing(text, name);
      assert.deepEqual(listOperations(lean.doc), listOperations(parseDocumentText(text, name)), name);
    }
    const lean = parseForListing(fixtureText('corpus/petstore.yaml'));
    assert.equal(lean.complete, false);
    assert.equal(lean.doc.components, undefined, 'components are not parsed for a listing');
  });

  it('cuts at column-0 keys, keeping comments and a leading ---', () => {
    const text = '---\n# about\nopenapi: 3.0.3\ncomponents:\n  schemas: {}\n"paths":\n  /a: {}\ninfo: { title: t, version: "1" }\n';
    assert.equal(yamlSections(text, wanted), 'openapi: 3.0.3\n"paths":\n  /a: {}\ninfo: { title: t, version: "1" }\n');
  });

  it('gives up (whole parse) on anything unusual: flow or complex top level, directives, duplicates, a second document, aliases in a skipped section', () => {
    for (const text of [
      '{openapi: 3.0.3, paths: {}}',
      '%YAML 1.2\n---\nopenapi: 3.0.3\n',
      '? openapi\n: 3.0.3\n',
      'openapi: 3.0.3\nopenapi: 3.1.0\n',
      'openapi: 3.0.3\n---\nopenapi: 3.1.0\n',
      'openapi: 3.0.3\nx-defs: &d { description: x }\npaths: {}\n',
      'openapi: 3.0.3\nx-list:\n  - *d\npaths: {}\n',
      'openapi: 3.0.3\nx-bare:\n  &anchor\n  a: 1\n',
    ]) {
      assert.equal(yamlSections(text, wanted), undefined, text);
    }
    assert.ok(yamlSections('openapi: 3.0.3\nx-doc: |\n  *Emphasis* and **bold** in Markdown\npaths: {}\n', wanted), 'Markdown is not an alias');
  });

  it('an alias bomb in a skipped section is still refused, and an alias across sections is still read', () => {
    assert.throws(() => parseForListing(fixtureText('hostile/alias-bomb.yaml'), 'bomb.yaml'), /alias bomb/);
    const text = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\nx-ok: &ok { description: fine }\npaths:\n  /a:\n    get: { responses: { "200": *ok } }\n';
    const lean = parseForListing(text);
    assert.equal(lean.complete, true);
    assert.deepEqual((lean.doc.paths as Record<string, { get: unknown }>)['/a'].get, { responses: { '200': { description: 'fine' } } });
  });
});

describe('listing a YAML document from an outline of its paths', () => {
  const cases = ['corpus/stripe-2022-04-12.spec3.json', 'corpus/kubernetes-1.12.swagger.json'];
  for (const name of cases) {
    it(`${name} converted to YAML: the outline lists exactly what the whole document lists`, () => {
      const text = jsYaml.dump(JSON.parse(fixtureText(name)), { lineWidth: -1, noRefs: true });
      const lean = parseForListing(text, name);
      assert.equal(lean.complete, false);
      assert.deepEqual(listOperations(lean.doc), listOperations(parseDocumentText(text, name)));
      const ops = (lean.doc.paths as Record<string, Record<string, Record<string, unknown>>>)[Object.keys(lean.doc.paths as object)[0]!]!;
      for (const op of Object.values(ops)) assert.equal(op.responses, undefined, 'responses are not parsed for a listing');
    });
  }

  it('keeps the fields the list shows, their block scalars and lists, and path-item or operation $refs', () => {
    const text = [
      'paths:',
      '  /a:',
      '    $ref: paths/a.yaml',
      '  /b:',
      '    parameters:',
      '      - { name: x, in: query }',
      '    get:',
      '      tags:',
      '        - one',
      '      description: |',
      '        First line.',
      '',
      '        # not a comment, text',
      '      requestBody:',
      '        content:',
      '          application/json: { schema: { type: object } }',
      '      operationId: getB',
      '    post:',
      '        $ref: ops/post.yaml',
      '',
    ].join('\n');
    assert.equal(
      outlinePaths(text),
      ['paths:', '  /a:', '    $ref: paths/a.yaml', '  /b:', '    x-outlined: true', '    get:', '      tags:', '        - one', '      description: |', '        First line.', '', '        # not a comment, text', '      x-outlined: true', '      operationId: getB', '    post:', '        $ref: ops/post.yaml', ''].join('\n'),
    );
  });

  it('gives up on what it is not sure of: tabs, a sequence where a mapping belongs, an alias in a skipped part', () => {
    assert.equal(outlinePaths('paths:\n\t/a: {}\n'), undefined);
    assert.equal(outlinePaths('paths:\n  - /a\n'), undefined);
    assert.equal(outlinePaths('paths:\n  /a:\n    get:\n      responses: *r\n'), undefined);
  });
});
