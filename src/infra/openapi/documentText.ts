// The text of a document, for showing it in an editor ("Open Spec at Operation"): the same
// limits as analysis, and the same page-following when the URL is a Swagger UI page.
import type { AnalyzeOptions } from './options';
import { classifySource, readFileSource, readUrl } from './sourceReader';
import { OpenAPIStrategyFactory } from './strategies';
import { defaultTimeoutMs } from './options';

export interface DocumentText {
  url: string;
  text: string;
  language: 'json' | 'yaml';
  /** Set for a local file: open it in place rather than as an untitled copy. */
  file?: string;
}

export async function readDocumentText(source: string, options: AnalyzeOptions = {}): Promise<DocumentText> {
  const where = classifySource(source);
  if (where.kind === 'file') {
    const f = await readFileSource(where.file, options);
    const text = f.bytes.toString('utf8');
    return { url: f.url, text, language: languageOf(text), file: where.file };
  }
  const totalMs = options.timeoutMs ?? defaultTimeoutMs;
  const deadline = { at: Date.now() + totalMs, totalMs };
  const reader = { read: (url: string) => readUrl(url, options, deadline) };
  const fetched = await reader.read(where.url.toString());
  const located = await OpenAPIStrategyFactory.forResponse(where.url.toString(), fetched).locate(fetched, reader);
  const text = located.document.bytes.toString('utf8');
  return { url: located.document.url, text, language: languageOf(text) };
}

function languageOf(text: string): 'json' | 'yaml' {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}
