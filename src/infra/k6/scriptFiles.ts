// Reads a script and the files it needs from disk, confined to the script's folder: a
// `../` or a symlink out of the folder is refused by the bundle rules, never followed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectScriptBundle, type ScriptBundle } from '../../core/manifests/scriptBundle';

/** Largest single file read for a bundle; anything near it is far past the ConfigMap limit anyway. */
const maxFileBytes = 8 * 1024 * 1024;

export function readScriptBundle(scriptFile: string): ScriptBundle {
  const root = fs.realpathSync(path.dirname(path.resolve(scriptFile)));
  const read = (rel: string): Uint8Array | undefined => {
    const full = path.resolve(root, ...rel.split('/'));
    try {
      const real = fs.realpathSync(full);
      if (real !== root && !real.startsWith(root + path.sep)) return undefined;
      const st = fs.statSync(real);
      if (!st.isFile()) return undefined;
      // Not worth reading: a placeholder of the same order of size makes the 1 MiB check refuse it.
      if (st.size > maxFileBytes) return new Uint8Array(maxFileBytes);
      return fs.readFileSync(real);
    } catch {
      return undefined;
    }
  };
  return collectScriptBundle(path.basename(scriptFile), read);
}
