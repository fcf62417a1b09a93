// Full route paths on real public applications (test/fixtures/realworld, each with its licence
// and origin). The expected routes were written by reading each project's code; the index must
// find them (recall ≥ 98 %), with the full path right (≥ 95 %), and nothing in tests, comments
// or strings (every route it reports must be an expected one).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanRoutesInDirectory } from '../../../src/app/routes/workspaceRoutes';

const root = path.resolve(__dirname, '../../fixtures/realworld');
const projects = fs.readdirSync(root).filter((p) => fs.existsSync(path.join(root, p, 'expected.json')));

describe('route index on real applications (full paths across files)', () => {
  const table: string[] = [];
  after(() => console.log(`      project                      routes  recall  full path\n${table.join('\n')}`));

  for (const project of projects) {
    it(`${project}: finds every handler with its full path, and nothing else`, async () => {
      const expected: string[] = JSON.parse(fs.readFileSync(path.join(root, project, 'expected.json'), 'utf8'));
      const found = await scanRoutesInDirectory(path.join(root, project));
      const at = (method: string, fileLine: string) => `${method} ${fileLine}`;
      const foundPaths = new Map<string, string[]>();
      for (const r of found) {
        const key = at(r.method, `${r.file}:${r.line}`);
        foundPaths.set(key, [...(foundPaths.get(key) ?? []), r.prefixUnknown ? `…${r.path}` : r.path]);
      }
      let recalled = 0;
      let right = 0;
      const wrong: string[] = [];
      for (const e of expected) {
        const [method, want, fileLine] = e.split(' ');
        const paths = foundPaths.get(at(method, fileLine));
        if (!paths) {
          wrong.push(`missing: ${e}`);
          continue;
        }
        recalled++;
        if (paths.includes(want)) right++;
        else wrong.push(`${e} — got ${paths.join(', ')}`);
      }
      const expectedKeys = new Set(expected.map((e) => at(e.split(' ')[0], e.split(' ')[2])));
      const extra = found.filter((r) => !expectedKeys.has(at(r.method, `${r.file}:${r.line}`)));
      const recall = recalled / expected.length;
      const accuracy = right / expected.length;
      table.push(`      ${project.padEnd(28)} ${String(expected.length).padStart(6)}  ${(recall * 100).toFixed(1).padStart(5)} %  ${(accuracy * 100).toFixed(1).padStart(5)} %`);
      assert.deepEqual(extra.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`), [], 'routes that are not handlers (tests, comments, strings, duplicates)');
      assert.ok(recall >= 0.98, `recall ${recall}: ${wrong.join('\n')}`);
      assert.ok(accuracy >= 0.95, `full path right ${accuracy}: ${wrong.join('\n')}`);
    });
  }

  it('gives each route its path as written and where each prefix comes from', async () => {
    const found = await scanRoutesInDirectory(path.join(root, 'fastapi-full-stack-template'));
    const item = found.find((r) => r.method === 'DELETE' && r.file.endsWith('routes/items.py'));
    assert.deepEqual(
      { path: item?.path, localPath: item?.localPath, prefixFrom: item?.prefixFrom, prefixUnknown: item?.prefixUnknown },
      { path: '/api/v1/items/{id}', localPath: '/{id}', prefixFrom: ['backend/app/main.py:35', 'backend/app/api/main.py:9'], prefixUnknown: false },
    );
  });
});
