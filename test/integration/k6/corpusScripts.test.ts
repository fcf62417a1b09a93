// Every operation of every corpus document (test/fixtures/openapi/corpus, copied from
// shared/corpus with its README) turned into a script: each parses as JavaScript and passes
// the k6 option checks; so does one whole-server script per document.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as acorn from 'acorn';
import { generateK6Script, profileIds, validateScript } from '../../../src/core/k6';
import { analyzeOpenApiWithStrategy, resolveAllOperations } from '../../../src/infra/openapi';

const corpus = path.resolve(__dirname, '../../fixtures/openapi/corpus');
const parse = (text: string) => acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module' });

describe('scripts generated from the OpenAPI corpus', function () {
  this.timeout(120000);
  const files = fs.readdirSync(corpus).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();

  it('covers the whole corpus', () => {
    assert.equal(files.length, 11);
  });

  for (const file of files) {
    it(`${file}: one script per operation parses and validates, and so does the whole-server script`, async () => {
      const source = path.join(corpus, file);
      const doc = await analyzeOpenApiWithStrategy(source);
      const ops = await resolveAllOperations(source);
      assert.equal(ops.length, doc.operations.length);
      const baseUrl = doc.servers[0] ?? 'http://localhost:8080';
      const failures: string[] = [];
      ops.forEach((op, i) => {
        const text = generateK6Script({ operations: [op], baseUrl, profile: profileIds[i % profileIds.length] });
        try {
          parse(text);
        } catch (err) {
          failures.push(`${op.method} ${op.path}: ${String(err)}`);
          return;
        }
        const errors = validateScript(text).filter((d) => d.severity === 'error');
        if (errors.length) failures.push(`${op.method} ${op.path}: ${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
        if (!text.includes(`name: ${JSON.stringify(`${op.method} ${op.path}`).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}`)) failures.push(`${op.method} ${op.path}: no name tag`);
      });
      assert.deepEqual(failures, []);
      const whole = generateK6Script({ operations: ops, baseUrl, profile: 'average' });
      parse(whole);
      assert.deepEqual(validateScript(whole), []);
    });
  }
});
