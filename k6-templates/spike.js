// Spike test (Grafana test type "spike testing").
// A sudden, very high surge with no plateau, then back to zero: does the system
// survive a flash crowd, and recover after it?
//
// Run: k6 run -e BASE_URL=https://api.example.com k6-templates/spike.js
// Values marked EDIT are the ones to change; the thresholds fail the run (exit code 99).
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const VUS = 100; // EDIT: the peak
const RAMP_UP = '2m'; // EDIT: how fast the crowd arrives
const RAMP_DOWN = '1m'; // EDIT
const THINK_TIME = 1; // EDIT: seconds each user pauses between iterations
const P95_MS = 1500; // EDIT

export const options = {
  scenarios: {
    spike: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: RAMP_UP, target: VUS }, // ramp up
        { duration: RAMP_DOWN, target: 0 }, // ramp down
      ],
      gracefulRampDown: '30s',
    },
    // Open model instead (requests per second, however slow the answers):
    // spike: {
    //   executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 100, maxVUs: 400,
    //   stages: [{ duration: RAMP_UP, target: 200 }, { duration: RAMP_DOWN, target: 0 }],
    // },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'], // EDIT: at most 1 % failed requests
    http_req_duration: ['p(95)<' + P95_MS], // 95 % of requests answer within P95_MS
  },
};

export default function () {
  // EDIT: the request to load test. Keep `tags.name`: results are grouped per endpoint by it.
  const res = http.get(BASE_URL + '/health', { tags: { name: 'GET /health' } });
  check(res, { 'status is 200': (r) => r.status === 200 }, { name: 'GET /health' });
  if (THINK_TIME > 0) sleep(THINK_TIME);
}

// The results as JSON (SUMMARY_PATH, default summary.json) and k6's usual text summary.
export function handleSummary(data) {
  const files = { stdout: textSummary(data) };
  files[__ENV.SUMMARY_PATH || 'summary.json'] = JSON.stringify(data, null, 2);
  return files;
}

// k6's end-of-test summary (its default "compact" layout), written out here so that no remote module is needed.
function textSummary(data) {
  const metrics = data.metrics;
  const out = [''];
  const shown = (n) => metrics[n] && n.indexOf('{') < 0;
  const thresholded = Object.keys(metrics).filter((n) => metrics[n].thresholds).sort();
  if (thresholded.length > 0) {
    out.push('  █ THRESHOLDS', '');
    thresholded.forEach((n) => {
      out.push('    ' + n);
      Object.keys(metrics[n].thresholds).forEach((expr) => {
        const stat = (/^\s*([a-z]+(\([\d.]+\))?)/.exec(expr) || [])[1];
        const v = metrics[n].values[stat];
        out.push('    ' + (metrics[n].thresholds[expr].ok ? '✓' : '✗') + " '" + expr + "'" + (v === undefined ? '' : ' ' + stat + '=' + statText(metrics[n], stat, v)));
      });
      out.push('');
    });
    out.push('');
  }
  out.push('  █ TOTAL RESULTS', '');
  const rows = [];
  const checks = metrics.checks;
  if (checks) {
    const total = checks.values.passes + checks.values.fails;
    const perSecond = data.state && data.state.testRunDurationMs ? total / (data.state.testRunDurationMs / 1000) : 0;
    rows.push({ label: 'checks_total', columns: [String(total), trimmed(perSecond, 6) + '/s'] });
    rows.push({ label: 'checks_succeeded', columns: [percent(checks.values.rate), checks.values.passes + ' out of ' + total] });
    rows.push({ label: 'checks_failed', columns: [percent(total ? checks.values.fails / total : 0), checks.values.fails + ' out of ' + total] });
    rows.push({ text: '' });
    (data.root_group.checks || []).forEach((c) => {
      rows.push({ text: '    ' + (c.fails ? '✗' : '✓') + ' ' + c.name });
      if (c.fails) rows.push({ text: '      ↳  ' + Math.floor((c.passes / (c.passes + c.fails)) * 100) + '% — ✓ ' + c.passes + ' / ✗ ' + c.fails });
    });
    rows.push({ text: '' });
  }
  const builtIn = /^(checks|data_|dropped_iterations|group_duration|http_req|iteration|vus)/;
  const sections = [
    { title: 'CUSTOM', names: Object.keys(metrics).filter((n) => shown(n) && !builtIn.test(n)).sort() },
    { title: 'HTTP', names: ['http_req_duration', 'http_req_failed', 'http_reqs'].filter(shown) },
    { title: 'EXECUTION', names: ['dropped_iterations', 'iteration_duration', 'iterations', 'vus', 'vus_max'].filter(shown) },
    { title: 'NETWORK', names: ['data_received', 'data_sent'].filter(shown) },
  ];
  sections.forEach((s) => {
    if (s.names.length === 0) return;
    rows.push({ text: '    ' + s.title });
    s.names.forEach((n) => {
      rows.push({ label: n, columns: metricColumns(metrics[n]) });
      const expected = metrics[n + '{expected_response:true}'];
      if (n === 'http_req_duration' && expected) rows.push({ label: '  { expected_response:true }', columns: metricColumns(expected) });
    });
    rows.push({ text: '' });
  });
  // Columns line up across metrics, trends apart from the rest, as in k6's own summary.
  const widths = { trend: [], other: [] };
  const kind = (r) => (/=/.test(r.columns[0]) ? 'trend' : 'other');
  rows.forEach((r) => (r.columns || []).forEach((c, i) => (widths[kind(r)][i] = Math.max(widths[kind(r)][i] || 0, c.length))));
  rows.forEach((r) => {
    if (!r.columns) return out.push(r.text);
    const w = widths[kind(r)];
    const label = '    ' + r.label + '.'.repeat(Math.max(1, 35 - r.label.length));
    out.push((label + ': ' + r.columns.map((c, i) => (i === r.columns.length - 1 ? c : c.padEnd(w[i]))).join(' ')).trimEnd());
  });
  return out.join('\n') + '\n';
}

function metricColumns(m) {
  const v = m.values;
  if (m.type === 'trend') return Object.keys(v).map((k) => k + '=' + statText(m, k, v[k]));
  if (m.type === 'rate') return [percent(v.rate), v.passes + ' out of ' + (v.passes + v.fails)];
  if (m.type === 'gauge') return [trimmed(v.value, 6), 'min=' + trimmed(v.min, 6), 'max=' + trimmed(v.max, 6)];
  if (m.contains === 'data') return [bytes(v.count), bytes(v.rate) + '/s'];
  return [trimmed(v.count, 6), trimmed(v.rate, 6) + '/s'];
}

function statText(m, stat, v) {
  if (m.type === 'rate' && stat === 'rate') return percent(v);
  if (m.contains === 'time') return duration(v);
  if (m.contains === 'data') return bytes(v);
  return trimmed(v, 6);
}

function trimmed(v, digits) {
  return String(Number(Number(v).toFixed(digits)));
}

function percent(rate) {
  return (rate * 100).toFixed(2) + '%';
}

// Milliseconds as k6 prints durations: 0s, 512µs, 140.36ms, 1.2s, 1m5s.
function duration(ms) {
  if (ms === 0) return '0s';
  if (ms < 1) return trimmed(ms * 1000, 2) + 'µs';
  if (ms < 1000) return trimmed(ms, 2) + 'ms';
  if (ms < 60000) return trimmed(ms / 1000, 2) + 's';
  const minutes = Math.floor(ms / 60000);
  return minutes + 'm' + trimmed((ms - minutes * 60000) / 1000, 1) + 's';
}

// Bytes as k6 prints data: 857 B, 4.9 kB, 519 kB, 7.1 MB.
function bytes(b) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) {
    b /= 1000;
    i++;
  }
  return (i === 0 ? String(Math.round(b)) : b < 10 ? b.toFixed(1) : String(Math.round(b))) + ' ' + units[i];
}
