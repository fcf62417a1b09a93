// Endpoint keys a script exercises, read from the request names the generator writes
// (`tags: { name: 'GET /pets/{petId}' }`). A hand-written script without them lists none.

const methods = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS';
const nameTag = new RegExp(`\\bname\\s*:\\s*(['"\`])((?:${methods}) /[^'"\`\\s]*)\\1`, 'g');

export function endpointsInScript(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(nameTag)) found.add(m[2]);
  return [...found];
}
