// `metric-vault openapi <url|file>`: the endpoint list of a document, a Swagger UI / ReDoc
// page, or a base URL. A source that cannot be read exits 2 with the reason.
import { analyzeOpenApiWithStrategy, isOpenApiError } from '../../infra/openapi/index';
import { type CliCommand, CliError, ExitCode, intOption } from '../command';
import { formatTable } from '../format';
import { countOf } from '../../core/plural';

/** Widest path, operationId or tag list shown in the table (the longest real paths, Kubernetes', are ~110). */
const longCell = 200;

export const openapiCommand: CliCommand = {
  name: 'openapi',
  summary: 'List the endpoints of an OpenAPI or Swagger UI document',
  usage: 'metric-vault openapi <url|file> [--json] [--max-mb N] [--timeout SECONDS] [--allow-external-refs]',
  options: { 'max-mb': { type: 'string' }, timeout: { type: 'string' }, 'allow-external-refs': { type: 'boolean', default: false } },
  positionals: true,
  async run(inv) {
    const [source, ...extra] = inv.positionals;
    if (!source) throw new CliError('give a URL or a file: metric-vault openapi <url|file>', ExitCode.badInput);
    if (extra.length) throw new CliError(`one source at a time (also got ${extra.join(' ')})`, ExitCode.badInput);
    const maxMb = intOption(inv, 'max-mb');
    const timeoutS = intOption(inv, 'timeout');
    let doc;
    try {
      doc = await analyzeOpenApiWithStrategy(source, {
        // Unset: the reader's own defaults (50 MB, 30 s).
        maxBytes: maxMb && maxMb * 1024 * 1024,
        timeoutMs: timeoutS && timeoutS * 1000,
        allowExternalRefs: inv.values['allow-external-refs'] === true,
      });
    } catch (err) {
      if (isOpenApiError(err)) throw new CliError(printable(err.message), ExitCode.badInput);
      throw err;
    }
    const endpoints = doc.operations.map((o) => ({ method: o.method, path: o.path, operationId: o.operationId ?? null, tags: o.tags, summary: o.summary ?? null, ...(o.warning ? { warning: o.warning } : {}) }));
    const unread = doc.operations.filter((o) => o.warning).length;
    if (inv.json) {
      inv.io.out(JSON.stringify({ title: doc.title, version: doc.version, specVersion: doc.specVersion, strategy: doc.strategy, warnings: doc.warnings, endpoints }, null, 2));
      return ExitCode.ok;
    }
    const lines = [
      `${doc.title || '(untitled)'} ${doc.version}`.trim(),
      `OpenAPI ${doc.specVersion} · read ${doc.strategy === 'swagger-ui' ? 'through a docs page' : 'directly'} from ${doc.documentUrl}`,
      doc.servers.length ? `Servers: ${doc.servers.join(', ')}` : '',
      ...doc.warnings.map((w) => `warning: ${w}`),
      '',
      endpoints.length
        ? formatTable(
            ['METHOD', 'PATH', 'OPERATION', 'TAGS', 'SUMMARY'],
            doc.operations.map((o) => [o.warning ? `! ${o.method}` : o.method, oneLine(o.path, longCell), oneLine(o.operationId ?? '-', longCell), oneLine(o.tags.join(',') || '-', longCell), o.warning ? `(not read: ${o.warning.replace(/\s+/g, ' ')})` : `${o.deprecated ? '(deprecated) ' : ''}${oneLine(o.summary ?? '')}`]),
          )
        : 'The document has no operations.',
      '',
      `${countOf(endpoints.length, 'operation')}.${unread ? ` ${unread} marked "!" could not be read (see the warnings).` : ''}`,
    ];
    inv.io.out(printable(lines.filter((l, i) => l !== '' || i > 2).join('\n')));
    return ExitCode.ok;
  },
};

/**
 * Text from a document, made safe for a terminal: control characters other than newlines
 * (ESC sequences could retitle, clear or rewrite the terminal) are shown as U+FFFD.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** One line of at most `max` characters: a megabyte-long path or summary from a document stays one readable row. */
export function oneLine(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
