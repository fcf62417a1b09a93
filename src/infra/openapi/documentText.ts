// The text of a document, for showing it in an editor ("Open Spec at Operation"): read the
// same way as for analysis (limits, page-following, probing a base URL), not parsed.
import { fileURLToPath } from 'node:url';
import { readOpenApiSource } from './analyze';
import type { AnalyzeOptions } from './options';

export interface DocumentText {
  url: string;
  text: string;
  language: 'json' | 'yaml';
  /** Set for a local file: open it in place rather than as an untitled copy. */
  file?: string;
}

export async function readDocumentText(source: string, options: AnalyzeOptions = {}): Promise<DocumentText> {
  const { document } = await readOpenApiSource(source, options);
  const text = document.bytes.toString('utf8');
  const read: DocumentText = { url: document.url, text, language: languageOf(text) };
  if (document.isFile) read.file = fileURLToPath(document.url);
  return read;
}

function languageOf(text: string): 'json' | 'yaml' {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}
