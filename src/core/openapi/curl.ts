// "Copy as curl": a shell command for one resolved operation. Every value from the document
// goes through shellQuote, so quotes, backticks, `$(`, `${` and newlines stay literal text;
// credentials are left as environment-variable references the user fills in.
import type { ApiMediaType, ApiParameter, ResolvedOperation } from './model';
import { isRecord } from './safeObject';
import { sampleFromSchema } from './sample';

/** POSIX single-quoting: the only character that needs care inside '…' is ' itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function valueOf(p: ApiParameter): string | undefined {
  const v = p.example !== undefined ? p.example : p.schema ? sampleFromSchema(p.schema) : undefined;
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function envName(name: string): string {
  const n = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^[A-Z_]/.test(n) ? n : `V_${n}`;
}

export function buildUrl(baseUrl: string, op: ResolvedOperation): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const p = op.parameters.find((x) => x.in === 'path' && x.name === name);
    const v = p && p.example !== undefined ? valueOf(p) : undefined;
    return v === undefined ? whole : encodeURIComponent(v);
  });
  const query = op.parameters
    .filter((p) => p.in === 'query' && (p.required || p.example !== undefined))
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(valueOf(p) ?? '')}`);
  return `${baseUrl.replace(/\/+$/, '')}${path}${query.length ? `?${query.join('&')}` : ''}`;
}

function pickMedia(contents: ApiMediaType[]): ApiMediaType | undefined {
  return contents.find((c) => /[/+]json\b/i.test(c.mediaType)) ?? contents[0];
}

function bodyText(media: ApiMediaType): string {
  const value = media.example !== undefined ? media.example : sampleFromSchema(media.schema);
  if (typeof value === 'string') return value;
  if (/x-www-form-urlencoded/i.test(media.mediaType) && isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
      .join('&');
  }
  return JSON.stringify(value ?? {}, null, 2);
}

export function curlCommand(op: ResolvedOperation, baseUrl: string): string {
  const parts = ['curl', '--globoff', '-sS', '-X', op.method, shellQuote(buildUrl(baseUrl, op))];
  for (const p of op.parameters.filter((x) => x.in === 'header' && x.required)) parts.push('-H', shellQuote(`${p.name}: ${valueOf(p) ?? ''}`));
  for (const scheme of op.security[0] ?? []) {
    if (scheme.type === 'http' && scheme.scheme === 'basic') parts.push('-u', `"$${envName(scheme.name)}_USER:$${envName(scheme.name)}_PASSWORD"`);
    else if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.paramName) parts.push('-H', `${shellQuote(`${scheme.paramName}: `)}"$${envName(scheme.name)}"`);
    else if (scheme.type === 'apiKey' && scheme.in === 'cookie' && scheme.paramName) parts.push('-b', `${shellQuote(`${scheme.paramName}=`)}"$${envName(scheme.name)}"`);
    else if (scheme.type !== 'apiKey') parts.push('-H', `"Authorization: Bearer $${envName(scheme.name)}"`);
  }
  const media = op.requestBody ? pickMedia(op.requestBody.contents) : undefined;
  if (media) {
    if (/multipart\/form-data/i.test(media.mediaType)) {
      parts.push('-F', shellQuote('file=@path/to/file'));
    } else {
      parts.push('-H', shellQuote(`Content-Type: ${media.mediaType}`), '--data-raw', shellQuote(bodyText(media)));
    }
  }
  return parts.join(' ');
}
