// k6 IntelliSense in a scripts folder: the types copied into .k6-types and the generated
// jsconfig.json let TypeScript's language service (what VS Code runs for JavaScript) resolve
// `k6/http` and the k6 globals — checked here with the TypeScript compiler API itself.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import projectTs from 'typescript';
import { ensureK6Types, findK6Types, freeScriptPath, ScriptExistsError, writeScript } from '../../../src/app/loadtest/scriptFiles';
import { generateK6Script } from '../../../src/core/k6';
import { makeTempDir } from '../../support/tempDir';
import { aKoreanPost } from '../../unit/k6/operations';

const repo = path.resolve(__dirname, '../../..');

type Ts = typeof projectTs;
/** The project's TypeScript, and the one VS Code (code-server) bundles when it is installed here. */
const compilers: Ts[] = [projectTs];
const bundled = path.join(repo, '.cache/code-server/node_modules/code-server/lib/vscode/extensions/node_modules/typescript/lib/typescript.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional second compiler, loaded only when present
if (fs.existsSync(bundled)) compilers.push(require(bundled) as Ts);

function program(ts: Ts, folder: string) {
  const configFile = path.join(folder, 'jsconfig.json');
  const { config } = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, folder, { allowJs: true, checkJs: true, noEmit: true }, configFile);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

describe('k6 IntelliSense in the scripts folder', function () {
  this.timeout(60000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('resolves k6 modules and globals in a generated script, and reports real type errors (every TypeScript here)', () => {
    const result = ensureK6Types(dir, findK6Types(repo));
    assert.deepEqual(result, { typesCopied: true, jsconfigWritten: true });
    const script = path.join(dir, 'post-items.smoke.js');
    writeScript(script, generateK6Script({ operations: [aKoreanPost()], baseUrl: 'http://127.0.0.1:8000', profile: 'smoke' }) + '\nhttp.get(42);\n');
    for (const ts of compilers) {
      const p = program(ts, dir);
      assert.deepEqual(p.getOptionsDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `jsconfig.json problems with TypeScript ${ts.version}`);
      const source = p.getSourceFile(script);
      assert.ok(source);
      const messages = ts.getPreEmitDiagnostics(p, source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(messages, ["Argument of type 'number' is not assignable to parameter of type 'string | HttpURL'."], `TypeScript ${ts.version}`);
      const checker = p.getTypeChecker();
      const httpImport = source.statements.find(ts.isImportDeclaration);
      const symbol = httpImport?.importClause?.name && checker.getSymbolAtLocation(httpImport.importClause.name);
      const declared = symbol && checker.getAliasedSymbol(symbol).declarations?.[0]?.getSourceFile().fileName;
      assert.match(declared ?? '', /\.k6-types\/k6\/http\/index\.d\.ts$/);
    }
  });

  it("keeps the user's jsconfig.json and copies the types only once per version", () => {
    fs.writeFileSync(path.join(dir, 'jsconfig.json'), '{ "compilerOptions": { "checkJs": true } }\n');
    assert.deepEqual(ensureK6Types(dir, findK6Types(repo)), { typesCopied: true, jsconfigWritten: false });
    assert.equal(fs.readFileSync(path.join(dir, 'jsconfig.json'), 'utf8'), '{ "compilerOptions": { "checkJs": true } }\n');
    assert.deepEqual(ensureK6Types(dir, findK6Types(repo)), { typesCopied: false, jsconfigWritten: false });
  });

  it('never overwrites a script unless asked, and finds the next free name', () => {
    const file = path.join(dir, 'get-items.smoke.js');
    writeScript(file, 'one');
    assert.throws(() => writeScript(file, 'two'), ScriptExistsError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'one');
    assert.equal(freeScriptPath(dir, 'get-items.smoke.js'), path.join(dir, 'get-items.smoke-2.js'));
    writeScript(file, '한글 two', { overwrite: true });
    assert.deepEqual(fs.readFileSync(file), Buffer.from('한글 two', 'utf8'));
  });
});
