// Which documents a `$ref` may bring in. A split document is a folder: for a local document,
// relative file refs are read when they stay inside the document's own folder tree; an
// absolute path, a `file:` URL or a `..` that climbs out of that folder is refused (a document
// must not be able to read ~/.ssh through a `$ref`). Over http(s), other documents are read
// only when the user allows external refs.

export interface RefPolicy {
  /** The root document's URL (file: or http(s)); relative refs resolve against the referring document. */
  rootUrl: string | undefined;
  /** The user allows `$ref`s to other http(s) documents (setting metricVault.openapi.allowExternalRefs). */
  allowRemote: boolean;
}

export type RefTarget = { url: string } | { refused: string };

const externalRefsSetting = 'external $refs are not followed (setting metricVault.openapi.allowExternalRefs)';

/** The absolute URL (no fragment) a `$ref`'s address part names from `baseUrl`, or why it may not be read. */
export function refTarget(ref: string, address: string, baseUrl: string | undefined, policy: RefPolicy): RefTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1]?.toLowerCase();
  const base = baseUrl && /^(https?|file):/i.test(baseUrl) ? baseUrl : undefined;
  if (scheme === 'file') return { refused: `the $ref ${ref} is a file: URL, which Metric Vault never reads` };
  if (scheme && scheme.length === 1) return { refused: `the $ref ${ref} is an absolute path, which Metric Vault never reads` };
  if (scheme && scheme !== 'http' && scheme !== 'https') return { refused: `the $ref ${ref} uses "${scheme}:", which Metric Vault does not read` };
  const local = base?.startsWith('file:') ?? true;
  if (local && !scheme && /^[/\\]/.test(address)) return { refused: `the $ref ${ref} is an absolute path, which Metric Vault never reads` };
  let url: URL;
  try {
    url = new URL(address, base ?? 'file:///');
  } catch {
    return { refused: `the $ref ${ref} is not a valid reference` };
  }
  url.hash = '';
  if (url.protocol === 'file:') {
    const root = policy.rootUrl?.startsWith('file:') ? new URL('.', policy.rootUrl) : undefined;
    if (!root || !base) return { refused: `the $ref ${ref} points at a local file, which Metric Vault never reads for a document that is not a local file` };
    if (!isInside(url, root)) return { refused: `the $ref ${ref} leads outside the document's folder, which Metric Vault never reads` };
    return { url: url.toString() };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: `the $ref ${ref} is not an http(s) or relative reference` };
  if (!policy.allowRemote) return { refused: `the $ref ${ref} points at another document; ${externalRefsSetting}` };
  return { url: url.toString() };
}

/** `url` lies in the folder `folder` (a URL ending in `/`) or below it; both already normalized by URL. */
export function isInside(url: URL, folder: URL): boolean {
  return url.protocol === folder.protocol && url.host === folder.host && decodeURIComponent(url.pathname).startsWith(decodeURIComponent(folder.pathname));
}
