// What `import { textSummary, jUnit } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js'`
// gives a script (k6 downloads that module; the stand-in has no network, so it answers with
// its own): k6's text summary of handleSummary's data, and thresholds as JUnit XML.
import { textSummary as text } from '../../k6Text.mjs';

export function textSummary(data, options = {}) {
  const indent = options.indent ?? ' ';
  return text(data)
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function jUnit(data, options = {}) {
  const cases = [];
  let failures = 0;
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      const name = xml(`${metric} - ${expr}`);
      if (t.ok) cases.push(`<testcase name="${name}" />`);
      else {
        failures++;
        cases.push(`<testcase name="${name}"><failure message="failed" /></testcase>`);
      }
    }
  }
  const suite = xml(options.name ?? 'k6 thresholds');
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">${cases.join('\n')}\n</testsuite>\n</testsuites>`;
}

export default { textSummary, jUnit };
