// Text from a spec, a pod, a kubeconfig or a server's error message, placed in a tooltip's
// MarkdownString. Such text is data: `**`, `[x](https://…)`, `![](…)`, `<img>`, a bare URL,
// a line starting with `#` or `|`, or `$(icon)` must show as typed, never as markup, a link,
// an image fetch or an icon. (No vscode import, so plain-Node tests check it.)

/** Every ASCII punctuation character CommonMark lets a backslash escape. */
const markdownPunctuation = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * `s` as literal Markdown text: punctuation backslash-escaped (which also stops autolinks,
 * HTML, entities and `$(icon)` syntax) and line breaks folded into spaces, so a value can
 * neither start a block (heading, list, table row, code fence) nor end the line it is on.
 */
export function mdText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(markdownPunctuation, '\\$&');
}
