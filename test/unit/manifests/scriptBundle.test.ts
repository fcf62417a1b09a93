import { strict as assert } from 'node:assert';
import { collectScriptBundle, resolveBundlePath, scanLocalDependencies } from '../../../src/core/manifests/scriptBundle';
import { isDns1123Label, isRunId, newRunId, runObjectNames } from '../../../src/core/manifests/runId';

const files = (m: Record<string, string>) => (p: string) => (p in m ? new TextEncoder().encode(m[p]) : undefined);

describe('script bundle', () => {
  it('finds open() files and local imports, not k6 modules or remote libraries', () => {
    const scan = scanLocalDependencies(`
      import http from 'k6/http';
      import { randomItem } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
      import { login } from './lib/auth.js';
      const users = JSON.parse(open('./data/users.json'));
      const img = open(\`logo.png\`, 'b');
      const dyn = open(__ENV.FILE);
      export default function () {}
    `);
    assert.deepEqual(scan.references.map((r) => `${r.kind} ${r.specifier}`), ['import ./lib/auth.js', 'open ./data/users.json', 'open logo.png']);
    assert.deepEqual(scan.dynamicOpens, [7]);
  });

  it('collects files transitively, relative to each module', () => {
    const b = collectScriptBundle('pets.js', files({
      'pets.js': "import { u } from './lib/users.js'; export default function () {}",
      'lib/users.js': "export const u = open('../data/u.csv'); import './helpers.js';",
      'lib/helpers.js': 'export {}',
      'data/u.csv': 'id\n1\n',
    }));
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.files.map((f) => f.path).sort(), ['data/u.csv', 'lib/helpers.js', 'lib/users.js', 'pets.js']);
  });

  it('explains missing files and paths outside the script folder', () => {
    const b = collectScriptBundle('pets.js', files({ 'pets.js': "open('./missing.json'); open('../secrets.txt'); open('/etc/passwd');" }));
    assert.match(b.problems.join('\n'), /pets\.js:1 needs "missing\.json", which does not exist/);
    assert.match(b.problems.join('\n'), /"\.\.\/secrets\.txt" is outside the script's folder/);
    assert.match(b.problems.join('\n'), /"\/etc\/passwd" is an absolute path/);
    assert.equal(resolveBundlePath('a/b.js', '../c.json').path, 'c.json');
  });

  it('warns about open() with a computed path', () => {
    const b = collectScriptBundle('s.js', files({ 's.js': 'const f = open(__ENV.DATA);' }));
    assert.match(b.warnings[0], /s\.js:1: open\(\) with a computed path/);
  });
});

describe('run ids', () => {
  const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i * 7 + 3);

  it('are sortable UTC timestamps with a random suffix, usable in every object name', () => {
    const id = newRunId(new Date(Date.UTC(2026, 10, 26, 14, 30, 12)), bytes);
    assert.equal(id, 'mv-20261126-143012-dkry');
    assert.ok(isRunId(id));
    for (const name of Object.values(runObjectNames(id))) assert.ok(isDns1123Label(name), name);
    assert.ok(isDns1123Label(`${id}-49-abcde`), 'an Indexed Job pod name still fits');
  });

  it('rejects ids that are not DNS labels', () => {
    assert.equal(isRunId('MV-1; rm -rf'), false);
    assert.equal(isDns1123Label('-a'), false);
    assert.equal(isDns1123Label('a'.repeat(64)), false);
  });
});
