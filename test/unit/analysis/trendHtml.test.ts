import { strict as assert } from 'node:assert';
import { parse } from 'parse5';
import { runTrend } from '../../../src/core/trends/runTrend';
import { compareHtml, trendHtml } from '../../../src/core/trends/trendHtml';
import { aSeries, aSummary } from '../../support/builders';

const hostile = '<script>alert(1)</script>';

describe('Show Trend and Compare Runs pages', () => {
  it('a trend page: no script, a nonce-only style, names escaped, a row per run with changes marked', () => {
    const runs = [1, 2, 3].map((i) => ({ runId: `r${i}`, at: i * 86_400_000, summary: aSummary({ testid: `r${i}` }), commit: i < 3 ? 'a'.repeat(40) : 'b'.repeat(40) }));
    const html = trendHtml(`Trend: ${hostile}`, runTrend(runs), 'NONCE123');
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-NONCE123'"/);
    const text = JSON.stringify(parse(html), (k, v) => (k === 'parentNode' ? undefined : v));
    assert.match(text, /Trend: <script>alert\(1\)<\/script>/, 'shown as text');
    assert.equal((html.match(/<tr>/g) ?? []).length, 4, 'header + three runs');
    assert.equal((html.match(/class="changed">bbbbbbbbbb/g) ?? []).length, 1, 'the commit change is marked on the third run');
    assert.equal((html.match(/<svg/g) ?? []).length, 3);
  });

  it('a comparison page: runs overlaid from their own starts, deltas against the first', () => {
    const a = aSummary({ testid: 'mv-a', start: '2023-11-14T22:13:20.000Z' });
    const b = aSummary({ testid: 'mv-b', start: '2023-11-15T22:13:20.000Z', rps: 60 });
    const html = compareHtml([{ summary: a, series: aSeries(30, () => ({}), Date.parse(a.start)) }, { summary: b, series: aSeries(30, () => ({}), Date.parse(b.start)) }], 'N');
    assert.match(html, /<td>mv-b<\/td><td>rps<\/td><td>60\.00<\/td><td>50\.00<\/td><td><span class="better">\+20\.0 % better<\/span><\/td>/);
    // Both lines start at x = 0 (the left edge) although the runs are a day apart.
    const starts = [...html.matchAll(/<path d="M([\d.]+),/g)].map((m) => m[1]);
    assert.ok(starts.length >= 2 && starts.every((x) => x === starts[0]), starts.join());
  });
});
