import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocumentText } from '../../../src/core/openapi/parseDocument';

export const fixturesDir = path.resolve(__dirname, '../../fixtures/openapi');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, name), 'utf8');
}

const parsed = new Map<string, Record<string, unknown>>();

/** A parsed fixture (cached: the corpus documents are 4 MB each). */
export function fixtureDoc(name: string): Record<string, unknown> {
  let doc = parsed.get(name);
  if (!doc) parsed.set(name, (doc = parseDocumentText(fixtureText(name), name)));
  return doc;
}
