// gorilla/mux forms read apart from the call scan in go.ts: subrouters
// (`api := r.PathPrefix("/api").Subrouter()`, also on a struct field) and routes built as a chain
// (`r.Path("/x").Methods("GET").HandlerFunc(h)`, `r.Methods("POST").Path("/x").Handler(h)`).
// `r.HandleFunc("/x", h).Methods(…)` is read with the other registration calls.
import type { FileFacts } from './facts';
import type { RouteMethod } from './model';
import { methodNames } from './goSyntax';
import { inLineComment, type LineIndex, readStringLiteral, stringList } from './text';

const subrouter = /([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*\.\s*PathPrefix\s*\(([^()]*)\)\s*\.\s*Subrouter\s*\(\s*\)/g;
const chain = /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)((?:\s*\.\s*(?:Path|Methods|Name|Schemes|Headers|Queries|Host)\s*\((?:[^()]|\([^()]*\))*\))+)\s*\.\s*Handler(?:Func)?\s*\(/g;

/** Adds a gorilla/mux file's subrouters and chained routes; `ownerAt` names the router at an offset. */
export function extractGorilla(text: string, at: LineIndex, facts: FileFacts, ownerAt: (name: string, offset: number) => string): void {
  for (const m of text.matchAll(subrouter)) {
    const offset = m.index ?? 0;
    facts.routers.push({ name: ownerAt(m[1], offset), line: at.line(offset), parent: ownerAt(m[2], offset), prefix: m[3] });
  }
  if (!text.includes('.Path(')) return;
  for (const m of text.matchAll(chain)) {
    const offset = m.index ?? 0;
    if (/[\w.]/.test(text[offset - 1] ?? '')) continue; // the middle of a longer name
    const path = /\.\s*Path\s*\(([^()]*)\)/.exec(m[2]);
    const literal = path ? readStringLiteral(path[1]) : undefined;
    if (!literal || !literal.value.startsWith('/') || literal.rest.trim() !== '') continue;
    const pos = at.position(offset);
    if (inLineComment(text, pos.lineStart, offset, ['//'])) continue;
    const listed = /\.\s*Methods\s*\(([^()]*)\)/.exec(m[2]);
    // No `.Methods(…)`: the route answers every method.
    const methods = (listed ? stringList(`(${methodNames(listed[1])})`) : undefined) ?? ['ANY'];
    const owner = ownerAt(m[1], offset);
    for (const method of methods) facts.routes.push({ line: pos.line, column: pos.column, framework: 'gorilla/mux', method: method.toUpperCase() as RouteMethod, path: literal.value, owner });
  }
}
