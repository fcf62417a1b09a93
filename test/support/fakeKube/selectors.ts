// Label and field selectors as the API server parses them from `labelSelector` and
// `fieldSelector` query parameters.
import type { KubeObject } from './resources';

export type Matcher = (obj: KubeObject) => boolean;

/** Thrown for a selector the API server would reject with 400 BadRequest. */
export class SelectorError extends Error {}

/** `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`, comma-separated. */
export function parseLabelSelector(selector: string | null): Matcher {
  if (!selector?.trim()) return () => true;
  const terms: ((labels: Record<string, string>) => boolean)[] = [];
  for (const raw of splitTopLevel(selector)) {
    const term = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim()).filter(Boolean);
      terms.push(op === 'in' ? (l) => key in l && values.includes(l[key]) : (l) => !(key in l) || !values.includes(l[key]));
    } else if ((m = term.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/))) {
      const [, key, op, value] = m;
      terms.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = term.match(/^!([\w./-]+)$/))) {
      const key = m[1];
      terms.push((l) => !(key in l));
    } else if ((m = term.match(/^([\w./-]+)$/))) {
      const key = m[1];
      terms.push((l) => key in l);
    } else {
      throw new SelectorError(`unable to parse requirement: found '${term}', expected: '=', '!=', '==', 'in', notin'`);
    }
  }
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return terms.every((t) => t(labels));
  };
}

/** `metadata.name=x`, `metadata.namespace!=y`, `status.phase=Running`, `spec.nodeName=n`. */
export function parseFieldSelector(selector: string | null): Matcher {
  if (!selector?.trim()) return () => true;
  const terms: Matcher[] = [];
  for (const raw of selector.split(',')) {
    const m = raw.trim().match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new SelectorError(`invalid selector: '${raw}'; can't understand '${raw}'`);
    const [, field, op, value] = m;
    if (!['metadata.name', 'metadata.namespace', 'status.phase', 'spec.nodeName', 'type'].includes(field)) {
      throw new SelectorError(`field label not supported: ${field}`);
    }
    const read = (obj: KubeObject): string => {
      let cur: unknown = obj;
      for (const part of field.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
      return cur === undefined || cur === null ? '' : String(cur);
    };
    terms.push(op === '!=' ? (o) => read(o) !== value : (o) => read(o) === value);
  }
  return (obj) => terms.every((t) => t(obj));
}

/** Splits on commas that are not inside `( ... )`. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
