// Writing a generated script into the workspace: a free file name, never overwriting unless
// asked, UTF-8 always (the PLOG guide's fix for k6's "Invalid UTF-8 character"), and the k6
// type definitions with a jsconfig.json so the editor offers k6 IntelliSense in the folder.
// Everything stays inside the workspace: the scripts folder comes from a setting a workspace
// can set (even in Restricted Mode), so an absolute path, a `..` or a symlink out of the
// workspace is refused rather than followed — nothing is written or deleted outside it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const defaultScriptsFolder = 'loadtests';

/** The scripts folder (or a file in it) would lie outside the workspace. */
export class OutsideWorkspaceError extends Error {
  override readonly name = 'OutsideWorkspaceError';
}

/**
 * The scripts folder for `workspaceRoot` from the `metricVault.scriptsFolder` setting: a path
 * relative to the workspace folder (an absolute one only when it lies inside it). Refused with
 * OutsideWorkspaceError when it leads out, lexically (`..`, another drive or root) or through
 * a symlink already on disk. The folder need not exist yet.
 */
export function confinedScriptsFolder(workspaceRoot: string, configured: string): string {
  const setting = configured.trim() || defaultScriptsFolder;
  const folder = path.resolve(workspaceRoot, setting);
  if (!isInside(workspaceRoot, folder) || !isInside(realRoot(workspaceRoot), realPathOfNearest(folder))) {
    throw new OutsideWorkspaceError(
      `The scripts folder "${setting}" (setting metricVault.scriptsFolder) leads outside the workspace folder ${workspaceRoot}. Metric Vault writes load-test scripts only inside the workspace: set it to a folder in it, such as "${defaultScriptsFolder}".`,
    );
  }
  return folder;
}

/** Throws OutsideWorkspaceError unless `target` (existing or not, symlinks resolved) lies inside `root`. */
export function assertInside(root: string, target: string): void {
  if (isInside(root, target) && isInside(realRoot(root), realPathOfNearest(target))) return;
  throw new OutsideWorkspaceError(`${target} lies outside ${root} (through a symlink or ".."); Metric Vault did not write or delete it.`);
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (a symlink on the way is followed). */
function realPathOfNearest(p: string): string {
  const rest: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...rest);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

export class ScriptExistsError extends Error {
  override readonly name = 'ScriptExistsError';
  constructor(readonly file: string) {
    super(`${file} already exists.`);
  }
}

/** `name.smoke.js`, or `name.smoke-2.js`, `-3`, … when taken. */
export function freeScriptPath(folder: string, fileName: string): string {
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  let candidate = path.join(folder, fileName);
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(folder, `${stem}-${n}${ext}`);
  return candidate;
}

/** Writes the script; throws ScriptExistsError instead of overwriting unless `overwrite`. */
export function writeScript(file: string, text: string, options: { overwrite?: boolean; within?: string } = {}): void {
  // A script replaced in place must not be a symlink leading out of the workspace.
  if (options.within) assertInside(options.within, file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, text, { encoding: 'utf8', flag: options.overwrite ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ScriptExistsError(file);
    throw err;
  }
}

export const k6TypesFolder = '.k6-types';

/**
 * The jsconfig.json that makes VS Code's JavaScript service read k6's types from the copy in
 * `.k6-types/k6` (module imports through `paths`, globals such as __ENV through `types`).
 */
export function k6JsConfig(): Record<string, unknown> {
  // No baseUrl / node10 resolution: TypeScript 6 (in current VS Code) reports both as deprecated.
  return {
    compilerOptions: {
      target: 'ES2020',
      module: 'ESNext',
      moduleResolution: 'bundler',
      checkJs: false,
      strict: false,
      typeRoots: [`./${k6TypesFolder}`],
      types: ['k6'],
      paths: { k6: [`./${k6TypesFolder}/k6`], 'k6/*': [`./${k6TypesFolder}/k6/*`] },
    },
    include: ['**/*.js', `${k6TypesFolder}/k6/**/*.d.ts`],
    exclude: ['node_modules'],
  };
}

function versionOf(typesDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(typesDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export interface K6TypesResult {
  /** The types were copied (missing or another version before). */
  typesCopied: boolean;
  /** A jsconfig.json was written (an existing one is the user's and stays). */
  jsconfigWritten: boolean;
}

/** Puts @types/k6 (from `typesSource`, a folder with index.d.ts) and a jsconfig.json into the scripts folder. */
export function ensureK6Types(folder: string, typesSource: string | undefined): K6TypesResult {
  fs.mkdirSync(folder, { recursive: true });
  let typesCopied = false;
  const target = path.join(folder, k6TypesFolder, 'k6');
  // The copy is deleted and rewritten: a `.k6-types` symlinked out of the folder is never followed.
  assertInside(folder, target);
  if (typesSource && fs.existsSync(path.join(typesSource, 'index.d.ts')) && versionOf(typesSource) !== versionOf(target)) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(typesSource, target, { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || /\.(d\.ts|json|md)$|LICENSE$/.test(src) });
    typesCopied = true;
  }
  const jsconfig = path.join(folder, 'jsconfig.json');
  let jsconfigWritten = false;
  if (!fs.existsSync(jsconfig)) {
    try {
      // 'wx' creates a new file only: a dangling symlink named jsconfig.json is not written through.
      fs.writeFileSync(jsconfig, JSON.stringify(k6JsConfig(), null, 2) + '\n', { encoding: 'utf8', flag: 'wx' });
      jsconfigWritten = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { typesCopied, jsconfigWritten };
}

/** Where the extension (or the CLI) finds @types/k6: dist/k6-types when packaged, node_modules in development. */
export function findK6Types(extensionRoot: string): string | undefined {
  for (const candidate of [path.join(extensionRoot, 'dist', 'k6-types'), path.join(extensionRoot, 'node_modules', '@types', 'k6')]) {
    if (fs.existsSync(path.join(candidate, 'index.d.ts'))) return candidate;
  }
  return undefined;
}
