import { strict as assert } from 'node:assert';
import { parseDocumentText, parseForListing } from '../../../src/core/openapi/parseDocument';
import { listOperations } from '../../../src/core/openapi/listOperations';
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
