// The other files of a split document, for the `$ref` resolver (core/openapi/refResolver.ts):
// local files are read here, synchronously — this runs in the OpenAPI worker thread, never on
// the extension host's main thread — and only after refTargets.ts allowed the URL (inside the
// root document's folder). Symbolic links are followed only when they land inside that folder
// too. http(s) documents are never fetched here: the caller fetches the ones the resolver asked
// for (missingExternal) and hands their bytes in for the next round.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOpenApiError } from '../../core/openapi/errors';
import { parseDocumentText } from '../../core/openapi/parseDocument';
import type { DocumentLoader, LoadedDocument } from '../../core/openapi/refResolver';
import { formatBytes } from '../http/httpGet';

/** Files of one split document read at most (DigitalOcean's description has about 1,500). */
export const maxSplitFiles = 5000;

export interface SplitDocumentLimits {
  /** Largest single file, and the most read in all. */
  maxBytes: number;
}

export class SplitDocumentLoader implements DocumentLoader {
  private readonly loaded = new Map<string, LoadedDocument>();
  private readonly rootFolder: string | undefined;
  private totalBytes = 0;

  /**
   * @param rootUrl the root document's URL: its folder bounds the files read
   * @param fetched http(s) documents already fetched, by URL
   */
  constructor(
    rootUrl: string,
    private readonly fetched: ReadonlyMap<string, () => unknown>,
    private readonly limits: SplitDocumentLimits,
  ) {
    if (rootUrl.startsWith('file:')) {
      try {
        this.rootFolder = fs.realpathSync(path.dirname(fileURLToPath(rootUrl)));
      } catch {
        this.rootFolder = undefined;
      }
    }
  }

  /** How many local files were read (for the listing's note). */
  get filesRead(): number {
    return [...this.loaded.keys()].filter((u) => u.startsWith('file:')).length;
  }

  load(url: string): LoadedDocument {
    if (this.loaded.has(url)) return this.loaded.get(url);
    let result: LoadedDocument;
    if (url.startsWith('file:')) result = this.readFile(url);
    else {
      const parse = this.fetched.get(url);
      if (!parse) return undefined;
      result = guarded(parse);
    }
    this.loaded.set(url, result);
    return result;
  }

  private readFile(url: string): LoadedDocument {
    if (!this.rootFolder) return { error: 'local files are read only for a local document' };
    if (this.filesRead >= maxSplitFiles) return { error: `the document is split into more than ${maxSplitFiles} files` };
    let file: string;
    try {
      file = fs.realpathSync(fileURLToPath(url));
    } catch {
      return { error: 'the file does not exist' };
    }
    if (!(file + path.sep).startsWith(this.rootFolder + path.sep) || file === this.rootFolder) return { error: "it is a link that leads outside the document's folder" };
    let bytes: Buffer;
    try {
      const size = fs.statSync(file).size;
      if (size > this.limits.maxBytes) return { error: `the file is ${formatBytes(size)}, larger than the limit of ${formatBytes(this.limits.maxBytes)}` };
      if (this.totalBytes + size > this.limits.maxBytes) return { error: `the document's files together exceed ${formatBytes(this.limits.maxBytes)}` };
      bytes = fs.readFileSync(file);
      this.totalBytes += bytes.length;
    } catch (err) {
      return { error: `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    return guarded(() => parseDocumentText(bytes.toString('utf8'), path.basename(file), { anyValue: true }));
  }
}

function guarded(parse: () => unknown): LoadedDocument {
  try {
    return { doc: parse() };
  } catch (err) {
    return { error: (isOpenApiError(err) || err instanceof Error ? err.message : String(err)).replace(/\.$/, '') };
  }
}
