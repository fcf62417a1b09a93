import { strict as assert } from 'node:assert';
import { parse } from 'parse5';
import { compareSummaries } from '../../../src/core/metrics/compare';
import { renderReport, type ReportData } from '../../../src/core/reports/index';
import { escapeMarkdown } from '../../../src/core/reports/escape';
import { aSeries, aSummary } from '../../support/builders';
import { findAll, parseXml } from '../../support/xml';

const hostile = 'GET /x|y</td><script>alert(1)</script>]]>&\u0007 @team [link](http://evil)';

function data(): ReportData {
  const summary = aSummary({
    endpoints: [
      { name: hostile, count: 10, rps: 1, p95: 250, errorRate: 0.5 },
      { name: 'GET /pets', count: 2000, rps: 33.3, p95: 90, errorRate: 0 },
    ],
    thresholds: [
      { metric: 'http_req_duration', expression: 'p(95)<200', actual: 250, ok: false },
      { metric: `http_req_failed{name:${hostile}}`, expression: 'rate<0.6', actual: 0.5, ok: true },
    ],
    verdict: 'failed',
  });
  const findings = [
    { kind: 'regression' as const, severity: 'warning' as const, title: `${hostile} is slower`, detail: 'p95 90 → 250 ms', endpoint: hostile, from: summary.start, to: summary.end, nextStep: 'Diff <the> handler' },
    { kind: 'improvement' as const, severity: 'info' as const, title: 'GET /pets is faster', detail: 'd', nextStep: 'n' },
  ];
  const base = aSummary({ testid: 'mv-base', endpoints: [{ name: 'GET /pets', count: 2000, rps: 33.3, p95: 100, errorRate: 0 }] });
  return { summary, findings, baseline: { summary: base, comparison: compareSummaries(summary, base, 'mv-base') }, series: aSeries(60, (i) => ({ p95: 100 + i })), windowMs: 1000, generatedAt: '2026-01-01T00:00:00.000Z' };
}

/** The rows of the Markdown table under `heading`, split on unescaped pipes. */
function mdTable(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  let i = lines.indexOf(heading) + 1;
  while (lines[i] === '') i++;
  const rows: string[][] = [];
  for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  return rows;
}

describe('run reports', () => {
  it('Markdown: hostile names cannot break a table, inject HTML, mention or link', () => {
    const md = renderReport('md', data());
    assert.doesNotMatch(md, /<script|<\/td>|\]\(http/);
    assert.doesNotMatch(md, /(?<!\\)@team/);
    const rows = mdTable(md, '### Endpoints');
    assert.deepEqual(rows[0], ['endpoint', 'requests', 'req/s', 'p95', 'errors', 'p95 vs baseline', 'errors vs baseline']);
    assert.equal(rows.length, 4, 'header, separator and two endpoints');
    assert.equal(rows[2].length, 7, 'the hostile name stays in one cell');
    assert.deepEqual(rows[3].slice(0, 4), ['GET /pets', '2000', '33.30', '90.0 ms']);
    assert.equal(rows[3][5], '-10.0 % better');
    assert.equal(escapeMarkdown('a|b'), 'a\\|b');
    assert.match(md, /### Findings \(2\)/);
    assert.match(md, /\*\*warning\*\* `regression`/);
    assert.deepEqual(mdTable(md, '### Thresholds')[2], ['http\\_req\\_duration: p\\(95\\)&lt;200', '250.000', '❌ failed']);
  });

  it('JUnit: well-formed XML, one case per threshold and per warning/critical finding, failures for failed ones', () => {
    const xml = renderReport('junit', data());
    const root = parseXml(xml);
    assert.equal(root.name, 'testsuites');
    const cases = findAll(root, 'testcase');
    // run verdict + 2 thresholds + 1 warning finding (the info finding is not a test case)
    assert.equal(cases.length, 4);
    assert.equal(root.attrs.tests, '4');
    const failed = cases.filter((c) => findAll(c, 'failure').length > 0).map((c) => c.attrs.classname);
    assert.deepEqual(failed, ['metric-vault.run', 'metric-vault.thresholds', 'metric-vault.findings.regression']);
    assert.equal(root.attrs.failures, '3');
    const finding = cases[3];
    assert.equal(finding.attrs.name, `${hostile.replace('\u0007', '\uFFFD')} is slower`, 'names survive escaping exactly (control characters replaced)');
    assert.equal(findAll(finding, 'failure')[0].attrs.type, 'warning');
  });

  it('HTML: one self-contained page, no script, nothing from the network, text escaped, charts inline with findings shaded', () => {
    const html = renderReport('html', data());
    const doc = parse(html);
    type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };
    const all: Node[] = [];
    const walk = (n: Node) => {
      all.push(n);
      for (const c of n.childNodes ?? []) walk(c);
      if ((n as { content?: Node }).content) walk((n as { content?: Node }).content as Node);
    };
    walk(doc as unknown as Node);
    const tags = all.filter((n) => n.tagName).map((n) => n.tagName);
    assert.ok(!tags.includes('script') && !tags.includes('iframe') && !tags.includes('link') && !tags.includes('img'));
    for (const n of all) for (const a of n.attrs ?? []) assert.doesNotMatch(`${a.name}=${a.value}`, /^on|^(src|href)=(?!#)/i, `attribute ${a.name}`);
    const csp = all.find((n) => n.tagName === 'meta' && n.attrs?.some((a) => a.value === 'Content-Security-Policy'));
    assert.match(csp?.attrs?.find((a) => a.name === 'content')?.value ?? '', /default-src 'none'/);
    assert.equal(tags.filter((t) => t === 'svg').length, 4, 'four charts');
    assert.ok(tags.filter((t) => t === 'rect').length >= 4, 'the finding range is shaded on each chart');
    const text = all.filter((n) => n.nodeName === '#text').map((n) => n.value).join('');
    assert.ok(text.includes('GET /x|y</td><script>alert(1)</script>'), 'the hostile name shows as text');
    const urls = all.flatMap((n) => (n.attrs ?? []).filter((a) => /https?:/i.test(a.value)).map((a) => a.name));
    assert.deepEqual([...new Set(urls)], ['xmlns'], 'no URL in any attribute but the SVG namespace');
  });

  it('JSON: the whole report data', () => {
    const d = data();
    assert.deepEqual(JSON.parse(renderReport('json', d)), JSON.parse(JSON.stringify(d)));
  });
});
