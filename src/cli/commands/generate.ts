import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScriptExistsError, writeScript } from '../../app/loadtest/scriptFiles';
import { TargetError, targetFromSpec } from '../../app/loadtest/operations';
import { generateK6Script, isProfileId, serverConstants, tokenName, type LoadSettings, parseK6Duration, profileIds, validateScript } from '../../core/k6';
import { isOpenApiError } from '../../infra/openapi/index';
import type { ResolvedOperation } from '../../core/openapi/model';
import { type CliCommand, CliError, type CliInvocation, ExitCode, intOption, stringOption } from '../command';
import { oneLine, printable } from './openapi';

function durationSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseK6Duration(text);
  if (ms === undefined || ms < 1000) throw new CliError(`--duration must be a k6 duration of at least 1s, like 30s, 5m or 1h30m; got "${text}"`, ExitCode.badInput);
  return Math.round(ms / 1000);
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`--${name} must be a number ≥ 0, got "${value}"`, ExitCode.badInput);
  return n;
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Generate a k6 script for an endpoint, a tag or a whole API from its OpenAPI document',
  usage:
    'metric-vault generate --spec <url|file> (--endpoint "GET /pets/{petId}" | --tag TAG | --all) [--profile smoke|average|stress|spike|soak|breakpoint] [--vus N | --rate N] [--duration 30s] [--think-time S] [--p95 MS] [--base-url URL] [--allow-external-refs] [--out FILE [--force]] [--json]',
  options: {
    spec: { type: 'string' },
    endpoint: { type: 'string' },
    tag: { type: 'string' },
    all: { type: 'boolean' },
    profile: { type: 'string' },
    vus: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    'think-time': { type: 'string' },
    p95: { type: 'string' },
    'base-url': { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'allow-external-refs': { type: 'boolean', default: false },
  },
  async run(inv) {
    const spec = stringOption(inv, 'spec', true);
    const endpoint = stringOption(inv, 'endpoint');
    const tag = stringOption(inv, 'tag');
    const all = inv.values.all === true;
    if ([endpoint !== undefined, tag !== undefined, all].filter(Boolean).length !== 1) {
      throw new CliError('say what to test: --endpoint "GET /path", --tag TAG or --all (exactly one)', ExitCode.badInput);
    }
    const profile = stringOption(inv, 'profile') ?? 'smoke';
    if (!isProfileId(profile)) throw new CliError(`unknown --profile "${profile}"; use one of ${profileIds.join(', ')}`, ExitCode.badInput);
    const vus = intOption(inv, 'vus');
    const rate = intOption(inv, 'rate');
    if (vus !== undefined && rate !== undefined) throw new CliError('give --vus or --rate, not both', ExitCode.badInput);
    const load: Partial<LoadSettings> = {
      ...(vus !== undefined ? { model: 'vus', amount: vus } : rate !== undefined ? { model: 'rate', amount: rate } : {}),
      durationSeconds: durationSeconds(stringOption(inv, 'duration')),
      thinkTimeSeconds: numberOption(stringOption(inv, 'think-time'), 'think-time'),
      p95Ms: numberOption(stringOption(inv, 'p95'), 'p95'),
    };
    const baseUrlOption = stringOption(inv, 'base-url');
    if (baseUrlOption !== undefined && !/^https?:\/\/[^/\s]+/i.test(baseUrlOption)) throw new CliError(`--base-url must be an http(s) URL, got "${baseUrlOption}"`, ExitCode.badInput);
    const source = /^https?:\/\//i.test(spec) ? spec : path.resolve(inv.io.cwd, spec);
    let target;
    try {
      target = await targetFromSpec(source, { endpoint, tag, all, baseUrl: baseUrlOption }, { timeoutMs: 30_000, allowExternalRefs: inv.values['allow-external-refs'] === true });
    } catch (err) {
      if (err instanceof TargetError) throw new CliError(err.message, ExitCode.badInput);
      if (isOpenApiError(err)) throw new CliError(`cannot read ${spec}: ${err.message}`, ExitCode.failed);
      throw err;
    }
    reportUnreadParts(inv, target.operations);
    reportOwnServers(inv, target.operations);
    const baseUrl = target.baseUrl;
    const text = generateK6Script({ operations: target.operations, baseUrl, profile, load: Object.fromEntries(Object.entries(load).filter(([, v]) => v !== undefined)) });
    const problems = validateScript(text).filter((d) => d.severity === 'error');
    if (problems.length > 0) throw new CliError(`the generated script does not validate (please report this): ${problems.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`, ExitCode.failed);
    const endpoints = target.operations.map((o) => `${o.method} ${o.path}`);
    const outOption = stringOption(inv, 'out');
    if (!outOption) {
      if (inv.json) inv.io.out(JSON.stringify({ profile, baseUrl, endpoints, script: text }, null, 2));
      else inv.io.out(text.replace(/\n$/, ''));
      return ExitCode.ok;
    }
    const out = path.resolve(inv.io.cwd, outOption);
    if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new CliError(`--out ${outOption} is a folder; give a file name`, ExitCode.badInput);
    try {
      writeScript(out, text, { overwrite: inv.values.force === true });
    } catch (err) {
      if (err instanceof ScriptExistsError) throw new CliError(`${outOption} already exists; pass --force to overwrite it`, ExitCode.badInput);
      throw err;
    }
    if (inv.json) inv.io.out(JSON.stringify({ file: out, profile, baseUrl, endpoints }, null, 2));
    else inv.io.out(printable(`Wrote ${outOption}: ${profile} profile, ${endpoints.length === 1 ? oneLine(endpoints[0]!, 200) : `${endpoints.length} endpoints`}, BASE_URL default ${baseUrl}`));
    return ExitCode.ok;
  },
};

/** Operations (or parts of them) whose `$ref`s could not be read are said so on stderr, never silently thinned. */
function reportUnreadParts(inv: CliInvocation, operations: readonly ResolvedOperation[]): void {
  const lines = operations.flatMap((o) => (o.warning ? [`${o.method} ${o.path}: its details could not be read (${o.warning}); the script has its path only.`] : (o.warnings ?? []).map((w) => `${o.method} ${o.path}: ${w}.`)));
  for (const line of lines.slice(0, 20)) inv.io.err(`warning: ${printable(line)}`);
  if (lines.length > 20) inv.io.err(`warning: …and ${lines.length - 20} more.`);
}

/** Endpoints the script sends to a server of their own (another host): which constant, and that API_TOKEN does not go there. */
function reportOwnServers(inv: CliInvocation, operations: readonly ResolvedOperation[]): void {
  const constants = serverConstants(operations);
  const lines = operations.flatMap((o) => {
    const name = o.server ? constants.get(o.server.url) : undefined;
    return name ? [`${o.method} ${o.path} goes to its own server ${o.server!.url} (${name} in the script); API_TOKEN is not sent there, give it one with -e ${tokenName(name)}=...`] : [];
  });
  for (const line of lines.slice(0, 10)) inv.io.err(`note: ${printable(oneLine(line, 400))}`);
  if (lines.length > 10) inv.io.err(`note: …and ${lines.length - 10} more endpoints with their own servers.`);
}
