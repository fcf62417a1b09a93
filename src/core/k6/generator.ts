// Writes a k6 script a person can read and edit, for one operation, a tag or a whole server.
// Layout: settings (base URL, token, think time) → options (scenario + thresholds) → the
// requests as data → what one iteration does → handleSummary → helpers.
// Security: every value that comes from the OpenAPI document passes through jsData/jsString
// (see jsData.ts). Comments, identifiers and code are written from our own constants only.
import type { ResolvedOperation } from '../openapi/model';
import { formatDuration } from './duration';
import { jsData, jsString } from './jsData';
import { type LoadProfileId, type LoadSettings, loadProfiles, loadSettings, type ScenarioConfig, scenarioFor, splitScenario, thresholdsFor } from './profiles';
import { planRequest, type RequestPlan } from './requestPlan';
import { textSummaryBlock } from './textSummaryBlock';
import { countOf } from '../plural';

export interface GenerateScriptInput {
  operations: readonly ResolvedOperation[];
  /** The server's URL, the default for `__ENV.BASE_URL`. */
  baseUrl: string;
  profile: LoadProfileId;
  load?: Partial<LoadSettings>;
  /** Share of the load per operation (same order); equal shares by default. */
  weights?: readonly number[];
}

export class GenerateError extends Error {}

/** The script text. Throws GenerateError for an empty operation list. */
export function generateK6Script(input: GenerateScriptInput): string {
  if (input.operations.length === 0) throw new GenerateError('There is no operation to generate a script for.');
  const settings = loadSettings(input.profile, input.load);
  const plans = input.operations.map(planRequest);
  const single = plans.length === 1;
  const base = scenarioFor(input.profile, settings);
  const scenarios: [string, ScenarioConfig][] = single
    ? [[input.profile, base]]
    : splitScenario(base, plans.map((_, i) => input.weights?.[i] ?? 1)).map((s, i) => [scenarioName(i), { exec: scenarioName(i), ...s }]);
  const needsBasic = plans.some((p) => p.auth.some((a) => a.type === 'basic'));
  const constants = serverConstants(input.operations);
  const servers = (indent: string) => input.operations.map((op) => serverFields(op, constants, indent));
  const out: string[] = [];
  out.push(...header(input.profile, settings, plans.length));
  out.push("import http from 'k6/http';", "import { check, sleep } from 'k6';");
  if (needsBasic) out.push("import encoding from 'k6/encoding';");
  out.push(
    '',
    '// Where requests go. Override without editing: k6 run -e BASE_URL=https://staging.example.com',
    `const BASE_URL = __ENV.BASE_URL || ${jsString(input.baseUrl)};`,
    ...serverLines(constants),
    '// A token for the API, read from the environment only (-e API_TOKEN=...). Never write it here.',
    "const API_TOKEN = __ENV.API_TOKEN || '';",
    '// Seconds each virtual user pauses after an iteration (0: no pause).',
    `const THINK_TIME = ${settings.thinkTimeSeconds};`,
    '',
    ...optionsBlock(scenarios, input.profile, settings, single),
    '',
  );
  if (single) {
    out.push(
      '// The request, made from the API description. Change any value; `name` groups its metrics.',
      `const REQUEST = ${requestLiteral(plans[0]!, '', servers('  ')[0]!)};`,
      '',
      'export default function () {',
      '  iteration(REQUEST);',
      '}',
    );
  } else {
    out.push(
      '// The requests, made from the API description; each has a scenario of the same key above.',
      '// Change any value; `name` groups each endpoint\'s metrics.',
      'const REQUESTS = {',
      ...plans.map((p, i) => `  ${scenarioName(i)}: ${requestLiteral(p, '  ', servers('    ')[i]!)},`),
      '};',
      '',
      ...plans.flatMap((_, i) => [`export function ${scenarioName(i)}() {`, `  iteration(REQUESTS.${scenarioName(i)});`, '}', '']),
    );
    out.pop();
  }
  out.push('', ...iterationBlock, '', ...summaryBlock, '', ...helpersBlock(needsBasic, input.operations.some((op) => op.server && !constants.has(op.server.url))));
  return out.join('\n') + '\n';
}

const scenarioName = (i: number) => `endpoint_${i + 1}`;

/** The absolute servers some operations name instead of the document's: BASE_URL_2, BASE_URL_3, … in order of first use. */
export function serverConstants(ops: readonly ResolvedOperation[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const op of ops) if (op.server && /^https?:/i.test(op.server.url) && !names.has(op.server.url)) names.set(op.server.url, `BASE_URL_${names.size + 2}`);
  return names;
}

function serverLines(constants: Map<string, string>): string[] {
  if (constants.size === 0) return [];
  return [
    '// Some endpoints are served elsewhere: their API description gives them their own `servers`.',
    '// Override each the same way: k6 run -e BASE_URL_2=https://...',
    '// API_TOKEN goes to BASE_URL only: give another server its own with -e API_TOKEN_2=... (and so on).',
    ...[...constants].flatMap(([url, name]) => [`const ${name} = __ENV.${name} || ${jsString(url)};`, `const ${tokenName(name)} = __ENV.${tokenName(name)} || '';`]),
  ];
}

/** BASE_URL_2 → API_TOKEN_2. */
export function tokenName(constant: string): string {
  return constant.replace('BASE_URL', 'API_TOKEN');
}

/**
 * Where an operation's requests go when not to BASE_URL, as fields of its request: a constant
 * above with its own token, or a path under the service (underService), which keeps API_TOKEN.
 */
function serverFields(op: ResolvedOperation, constants: Map<string, string>, indent: string): string[] {
  if (!op.server) return [];
  const constant = constants.get(op.server.url);
  const where = constant ?? `underService(${jsString(op.server.url)}, ${jsString(op.server.documentBasePath)})`;
  return [`${indent}// Its own server, as the API description says (instead of BASE_URL).`, `${indent}baseUrl: ${where},`, ...(constant ? [`${indent}token: ${tokenName(constant)},`] : [])];
}

function header(profile: LoadProfileId, s: LoadSettings, count: number): string[] {
  const p = loadProfiles[profile];
  const amount = s.model === 'vus' ? countOf(s.amount, 'virtual user') : countOf(s.amount, 'iteration', 'iterations', '/s');
  const what = count === 1 ? 'one endpoint' : `${count} endpoints, one scenario each, sharing the load`;
  return [
    '// k6 load test generated by Metric Vault. It is yours to edit: the load, the data, the checks.',
    `// Profile: ${p.label}, ${amount} for ${formatDuration(s.durationSeconds)}, ${what}.`,
    `//   ${p.description}`,
    '// Run: k6 run -e BASE_URL=... -e API_TOKEN=... <this file>',
    '//   or "Run Locally" / "Run in Cluster" above `options` in VS Code.',
    '// Docs: https://grafana.com/docs/k6/latest/using-k6/scenarios/',
  ];
}

function optionsBlock(scenarios: [string, ScenarioConfig][], profile: LoadProfileId, s: LoadSettings, single: boolean): string[] {
  const lines = ['export const options = {', '  scenarios: {'];
  if (!single) lines.push("    // Each endpoint's share of the load: change vus/rate/targets below to shift traffic.");
  for (const [name, sc] of scenarios) {
    lines.push(`    ${name}: {`);
    lines.push(`      executor: '${sc.executor}',`);
    if (sc.exec) lines.push(`      exec: '${sc.exec}',`);
    const scalars: (keyof ScenarioConfig)[] = ['vus', 'startVUs', 'startRate', 'rate', 'timeUnit', 'duration'];
    for (const key of scalars) if (sc[key] !== undefined) lines.push(`      ${key}: ${typeof sc[key] === 'string' ? `'${sc[key]}'` : String(sc[key])},`);
    if (sc.stages) {
      lines.push('      stages: [');
      for (const st of sc.stages) lines.push(`        { duration: '${st.duration}', target: ${st.target} }, // ${st.note}`);
      lines.push('      ],');
    }
    for (const key of ['preAllocatedVUs', 'maxVUs', 'gracefulRampDown', 'gracefulStop'] as const) {
      if (sc[key] !== undefined) lines.push(`      ${key}: ${typeof sc[key] === 'string' ? `'${sc[key]}'` : String(sc[key])},`);
    }
    lines.push('    },');
  }
  lines.push('  },', '  thresholds: {');
  const thresholds = thresholdsFor(profile, s);
  const notes: Record<string, string> = {
    http_req_failed: 'less than 1 % of requests fail',
    http_req_duration: `95 % of requests answer within ${s.p95Ms} ms`,
  };
  for (const [metric, rules] of Object.entries(thresholds)) {
    const items = rules.map((r) =>
      typeof r === 'string' ? `'${r}'` : `{ threshold: '${r.threshold}', abortOnFail: ${String(r.abortOnFail)}, delayAbortEval: '${r.delayAbortEval}' }`,
    );
    lines.push(`    ${metric}: [${items.join(', ')}], // ${notes[metric]}`);
  }
  lines.push('  },', '};');
  return lines;
}

/** @param server the lines that send the request to its own server (serverFields), if any */
function requestLiteral(p: RequestPlan, indent: string, server: string[]): string {
  const i = indent + '  ';
  const field = (key: string, value: unknown) => `${i}${key}: ${jsData(value, i)},`;
  return [
    '{',
    field('name', p.name),
    field('method', p.method),
    ...server,
    field('path', p.path),
    field('pathParams', p.pathParams),
    field('query', p.query),
    field('headers', p.headers),
    field('cookies', p.cookies),
    `${i}body: ${bodyLiteral(p, i)},`,
    `${i}auth: ${authLiteral(p)},`,
    field('expectedStatus', p.expectedStatus),
    ...(p.skipped.length
      ? [
          `${i}// Not sent: these parameter names are not valid HTTP tokens, so no server could read them as written.`,
          `${i}// Fix the name in the API description (or add the parameter by hand) if the server needs it.`,
          field('skipped', p.skipped),
        ]
      : []),
    `${indent}}`,
  ].join('\n');
}

function bodyLiteral(p: RequestPlan, indent: string): string {
  if (!p.body) return 'null';
  const inner = indent + '  ';
  return [
    '{',
    `${inner}type: '${p.body.type}',`,
    `${inner}contentType: ${jsString(p.body.contentType)},`,
    ...(p.body.format === 'json-patch' ? [`${inner}// A JSON Patch (RFC 6902): a list of { op, path, value } operations; write the changes to make.`] : []),
    `${inner}value: ${jsData(p.body.value, inner)},`,
    `${indent}}`,
  ].join('\n');
}

function authLiteral(p: RequestPlan): string {
  const items = p.auth.map((a) => (a.type === 'apiKey' ? `{ type: 'apiKey', in: '${a.in}', name: ${jsString(a.name)} }` : `{ type: '${a.type}' }`));
  return `[${items.join(', ')}]`;
}

const underServiceBlock = [
  "// A server the API description gives as a path (`/v2`): it takes the place of the document's own",
  '// base path at the end of BASE_URL, so it follows -e BASE_URL=... to another host.',
  'function underService(path, documentBasePath) {',
  "  const base = BASE_URL.replace(/\\/+$/, '');",
  '  const root = documentBasePath && base.endsWith(documentBasePath) ? base.slice(0, base.length - documentBasePath.length) : base;',
  '  return root + path;',
  '}',
  '',
];

const iterationBlock = [
  '// One iteration: send the request, check the status, pause.',
  'function iteration(req) {',
  '  const res = send(req);',
  "  check(res, { ['status is ' + req.expectedStatus]: (r) => r.status === req.expectedStatus }, { name: req.name });",
  '  if (THINK_TIME > 0) sleep(THINK_TIME);',
  '}',
];

const summaryBlock = [
  '// At the end, k6 hands the results here: they are written as JSON (SUMMARY_PATH, default',
  "// summary.json) for Metric Vault and CI, and k6's usual text summary is printed.",
  'export function handleSummary(data) {',
  '  const files = { stdout: textSummary(data) };',
  "  files[__ENV.SUMMARY_PATH || 'summary.json'] = JSON.stringify(data, null, 2);",
  '  return files;',
  '}',
];

function helpersBlock(needsBasic: boolean, needsUnderService: boolean): string[] {
  const basic = needsBasic ? ["    else if (s.type === 'basic') headers['Authorization'] = 'Basic ' + encoding.b64encode(token);"] : [];
  return [
    '// ---------------------------------------------------------------------------------------------',
    '// Helpers: turn a request description into one HTTP call. Usually there is nothing to edit below.',
    '',
    'function send(req) {',
    '  const headers = Object.assign({}, req.headers);',
    '  const query = Object.assign({}, req.query);',
    '  const cookies = Object.assign({}, req.cookies);',
    '  const token = req.token === undefined ? API_TOKEN : req.token;',
    '  if (token) applyAuth(req.auth, token, headers, query, cookies);',
    '  const cookieHeader = Object.keys(cookies)',
    "    .map((k) => k + '=' + encodeURIComponent(String(cookies[k])))",
    "    .join('; ');",
    "  if (cookieHeader) headers['Cookie'] = cookieHeader;",
    '  let body = null;',
    '  if (req.body) {',
    "    headers['Content-Type'] = req.body.contentType;",
    '    body = encodeBody(req.body, headers);',
    '  }',
    "  const url = (req.baseUrl || BASE_URL).replace(/\\/+$/, '') + expandPath(req.path, req.pathParams) + queryString(query);",
    '  return http.request(req.method, url, body, { headers: headers, tags: { name: req.name } });',
    '}',
    '',
    ...(needsUnderService ? underServiceBlock : []),
    '// Fills {name} placeholders with URL-encoded values; the rest of the path is encoded as a path.',
    'function expandPath(template, params) {',
    '  return template',
    '    .split(/(\\{[^{}]*\\})/)',
    '    .map((part) => {',
    '      const m = /^\\{([^{}]*)\\}$/.exec(part);',
    '      if (m && Object.prototype.hasOwnProperty.call(params, m[1])) return encodeURIComponent(String(params[m[1]]));',
    "      return encodeURI(part).replace(/%25([0-9A-Fa-f]{2})/g, '%$1').replace(/\\?/g, '%3F').replace(/#/g, '%23');",
    '    })',
    "    .join('');",
    '}',
    '',
    '// ?a=1&b=2; an array value repeats its key (?tag=a&tag=b).',
    'function queryString(query) {',
    '  const parts = [];',
    '  Object.keys(query).forEach((key) => {',
    '    const values = Array.isArray(query[key]) ? query[key] : [query[key]];',
    '    values.forEach((v) => {',
    '      if (v === null || v === undefined) return;',
    "      parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v)));",
    '    });',
    '  });',
    "  return parts.length > 0 ? '?' + parts.join('&') : '';",
    '}',
    '',
    '// JSON goes out through JSON.stringify (UTF-8, so non-ASCII text arrives byte for byte).',
    'function encodeBody(body, headers) {',
    "  if (body.type === 'json') return JSON.stringify(body.value);",
    "  if (body.type === 'text') return typeof body.value === 'string' ? body.value : JSON.stringify(body.value);",
    "  if (body.type === 'multipart') {",
    "    const boundary = '----metricvault' + Math.random().toString(16).slice(2);",
    "    headers['Content-Type'] = 'multipart/form-data; boundary=' + boundary;",
    "    let text = '';",
    '    Object.keys(body.value).forEach((k) => {',
    "      const field = String(k).replace(/\"/g, '%22').replace(/\\r?\\n|\\r/g, ' ');",
    "      text += '--' + boundary + '\\r\\nContent-Disposition: form-data; name=\"' + field + '\"\\r\\n\\r\\n' + String(body.value[k]) + '\\r\\n';",
    '    });',
    "    return text + '--' + boundary + '--\\r\\n';",
    '  }',
    '  return Object.keys(body.value)',
    "    .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(String(body.value[k])))",
    "    .join('&');",
    '}',
    '',
    'function applyAuth(schemes, token, headers, query, cookies) {',
    '  schemes.forEach((s) => {',
    "    if (s.type === 'bearer') headers['Authorization'] = 'Bearer ' + token;",
    ...basic,
    "    else if (s.type === 'apiKey' && s.in === 'header') headers[s.name] = token;",
    "    else if (s.type === 'apiKey' && s.in === 'query') query[s.name] = token;",
    "    else if (s.type === 'apiKey' && s.in === 'cookie') cookies[s.name] = token;",
    '  });',
    '}',
    '',
    ...textSummaryBlock,
  ];
}
