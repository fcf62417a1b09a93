// Escaping for every text that reaches a report: names, titles and details come from
// scripts, specs and pods, so nothing is trusted to be plain.

/** Characters XML 1.0 cannot hold at all (C0 controls except tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML/HTML element or a double- or single-quoted attribute. */
export function escapeXml(s: string): string {
  return s
    .replace(notXml, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const escapeHtml = (s: string): string => escapeXml(s).replace(/&apos;/g, '&#39;');

/**
 * Text for a Markdown table cell or line (GitHub-flavoured): HTML special characters become
 * entities, Markdown punctuation is backslash-escaped, line breaks become spaces, so a name
 * cannot close the table, open a link, inject HTML or mention anyone.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(notXml, '\uFFFD')
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~@])/g, '\\$1');
}
