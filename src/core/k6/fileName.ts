// A file name for a generated script: readable, safe on every OS, bounded in length.
import type { LoadProfileId } from './profiles';

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\{([^}]*)\}/g, 'by-$1')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** `get-pets-by-petid.smoke.js`, `tag-pets.average.js`, `petstore.stress.js`. */
export function suggestScriptFileName(scope: { method: string; path: string } | { tag: string } | { server: string }, profile: LoadProfileId): string {
  let base: string;
  if ('method' in scope) base = slug(`${scope.method} ${scope.path}`);
  else if ('tag' in scope) base = `tag-${slug(scope.tag)}`;
  else base = slug(scope.server);
  return `${base.replace(/^-+|-+$/g, '') || 'loadtest'}.${profile}.js`;
}
