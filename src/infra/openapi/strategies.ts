// The PLOG guide's Strategy + Factory: a source is either a document itself (DirectOpenAPIStrategy)
// or a page that points at one (SwaggerUIStrategy: Swagger UI, ReDoc, Scalar). The factory
// decides from the URL and, when that is ambiguous, from the response; strategy instances hold
// no state, so one of each is shared.
import { type DocumentLink, scanDocsPage, scanScript } from '../../core/openapi/docsPage';
import { OpenApiError } from '../../core/openapi/errors';
import type { ApiDocument } from '../../core/openapi/model';
import { looksLikeHtml } from '../../core/openapi/parseDocument';
import type { Fetched } from './sourceReader';

export type StrategyType = ApiDocument['strategy'];

/** What a strategy may read while locating the document (bounded by the analysis' limits). */
export interface Reader {
  read(url: string): Promise<Fetched>;
}

export interface Located {
  document: Fetched;
  warnings: string[];
}

export interface OpenApiStrategy {
  readonly type: StrategyType;
  /** Given what the source URL returned, the document itself and any notes for the user. */
  locate(fetched: Fetched, reader: Reader): Promise<Located>;
}

export class DirectOpenAPIStrategy implements OpenApiStrategy {
  readonly type = 'direct' as const;
  async locate(fetched: Fetched): Promise<Located> {
    return { document: fetched, warnings: [] };
  }
}

/** Scripts of a page read at most, looking for Swagger UI's configuration. */
const maxScripts = 4;

export class SwaggerUIStrategy implements OpenApiStrategy {
  readonly type = 'swagger-ui' as const;

  async locate(page: Fetched, reader: Reader): Promise<Located> {
    const html = page.bytes.toString('utf8');
    const findings = scanDocsPage(html);
    const links = [...findings.links];
    const configUrls = [...findings.configUrls];
    if (links.length === 0 && configUrls.length === 0) {
      for (const src of findings.scripts.slice(0, maxScripts)) {
        const script = await this.tryRead(reader, new URL(src, page.url).toString());
        if (!script) continue;
        const found = scanScript(script.bytes.toString('utf8'));
        links.push(...found.links.map((l) => ({ ...l, url: new URL(l.url, script.url).toString() })));
        configUrls.push(...found.configUrls.map((u) => new URL(u, script.url).toString()));
        if (links.length || configUrls.length) break;
      }
    }
    for (const configUrl of configUrls) {
      if (links.length) break;
      const config = await this.tryRead(reader, new URL(configUrl, page.url).toString());
      if (config) links.push(...scanScript(config.bytes.toString('utf8')).links.map((l) => ({ ...l, url: new URL(l.url, config.url).toString() })));
    }
    if (links.length === 0) {
      const what = findings.kind ? `a ${findings.kind === 'swagger-ui' ? 'Swagger UI' : findings.kind === 'redoc' ? 'ReDoc' : 'Scalar'} page, but no OpenAPI document URL was found in it or its scripts` : 'an HTML page that is not a Swagger UI or ReDoc page';
      throw new OpenApiError('not-openapi', `${page.url} is ${what}. Give the URL of the OpenAPI document itself (for example …/openapi.json).`);
    }
    const [first, ...others] = links.map((l): DocumentLink => ({ ...l, url: new URL(l.url, page.url).toString() }));
    const document = await reader.read(first!.url);
    const warnings = others.length
      ? [`The page lists ${links.length} documents; showing ${first!.name ? `"${first!.name}" (${first!.url})` : first!.url}. Register the others by their URLs: ${others.map((o) => o.url).join(', ')}.`]
      : [];
    return { document, warnings };
  }

  private async tryRead(reader: Reader, url: string): Promise<Fetched | undefined> {
    try {
      return await reader.read(url);
    } catch (err) {
      if (err instanceof OpenApiError && (err.kind === 'timeout' || err.kind === 'aborted')) throw err;
      return undefined;
    }
  }
}

export class OpenAPIStrategyFactory {
  private static readonly direct = new DirectOpenAPIStrategy();
  private static readonly swaggerUi = new SwaggerUIStrategy();

  /** From the URL alone: a document, a docs page, or undefined when it cannot tell. */
  static detectStrategyType(url: string): StrategyType | undefined {
    let pathname: string;
    try {
      pathname = new URL(url).pathname.toLowerCase();
    } catch {
      return 'direct';
    }
    if (/\.(json|ya?ml)$/.test(pathname) || /\/(v\d+\/)?api-docs(\/[^/]*)?$/.test(pathname) || /\/openapi$/.test(pathname)) return 'direct';
    if (/\.html?$/.test(pathname) || /\/(docs|redoc|swagger-ui|swagger|scalar|reference)\/?$/.test(pathname)) return 'swagger-ui';
    return undefined;
  }

  /** From the response, when the URL was ambiguous (or said otherwise but the body disagrees). */
  static detectFromResponse(fetched: Fetched): StrategyType {
    if (/text\/html|application\/xhtml/i.test(fetched.contentType)) return 'swagger-ui';
    if (/json|yaml|yml/i.test(fetched.contentType)) return 'direct';
    return looksLikeHtml(fetched.bytes.subarray(0, 2048).toString('utf8')) ? 'swagger-ui' : 'direct';
  }

  static createStrategy(type: StrategyType): OpenApiStrategy {
    return type === 'swagger-ui' ? this.swaggerUi : this.direct;
  }

  /**
   * The strategy for a fetched source. The URL's verdict stands when the response agrees or
   * says nothing clear; an HTML body always goes to the page strategy (swagger-ui-express
   * serves its page at `/api-docs/`, a URL that usually names a document) and a JSON/YAML body
   * to the direct one.
   */
  static forResponse(url: string, fetched: Fetched): OpenApiStrategy {
    const byUrl = this.detectStrategyType(url);
    const byBody = this.detectFromResponse(fetched);
    const clear = fetched.contentType !== '' || byBody === 'swagger-ui';
    return this.createStrategy(clear || !byUrl ? byBody : byUrl);
  }
}
