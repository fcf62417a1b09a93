// A strict XML parser for tests (sax in strict mode: any well-formedness error throws), giving
// a small element tree to inspect reports with.
import { createRequire } from 'node:module';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

interface SaxParser {
  onerror: (e: Error) => void;
  onopentag: (t: { name: string; attributes: Record<string, string> }) => void;
  onclosetag: () => void;
  ontext: (t: string) => void;
  oncdata: (t: string) => void;
  write(s: string): SaxParser;
  close(): void;
}

const sax = createRequire(__filename)('sax') as { parser(strict: boolean, opts: object): SaxParser };

export function parseXml(text: string): XmlElement {
  const p = sax.parser(true, {});
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  p.onerror = (e) => {
    throw e;
  };
  p.onopentag = (t) => {
    const el: XmlElement = { name: t.name, attrs: t.attributes, children: [], text: '' };
    stack[stack.length - 1].children.push(el);
    stack.push(el);
  };
  p.onclosetag = () => void stack.pop();
  p.ontext = (t) => (stack[stack.length - 1].text += t);
  p.oncdata = p.ontext;
  p.write(text).close();
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`);
  return root.children[0];
}

/** Every descendant element named `name`, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
