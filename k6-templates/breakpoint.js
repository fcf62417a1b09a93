// Breakpoint test (Grafana test type "breakpoint testing").
// Raise the request rate steadily until the system breaks: the thresholds abort the
// run at that moment, and the rate reached then is the capacity. Stop it yourself
// if errors or latency climb before a threshold trips.
//
// Run: k6 run -e BASE_URL=https://api.example.com k6-templates/breakpoint.js
// Values marked EDIT are the ones to change; the thresholds fail the run (exit code 99).
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const TARGET_RATE = 500; // EDIT: requests per second at the end (set it above what you expect to hold)
const DURATION = '20m'; // EDIT: how long the ramp takes
const THINK_TIME = 0; // arrival-rate tests need no pause
const P95_MS = 1500; // EDIT

export const options = {
  scenarios: {
    breakpoint: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      stages: [
        { duration: DURATION, target: TARGET_RATE }, // ramp up
      ],
      preAllocatedVUs: 250, // EDIT: about TARGET_RATE × typical response time (s)
      maxVUs: 1000, // EDIT: the most virtual users k6 may start
    },
  },
  thresholds: {
    http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }],
    http_req_duration: [{ threshold: 'p(95)<' + P95_MS, abortOnFail: true, delayAbortEval: '10s' }],
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

// k6's usual end-of-test summary, written out here so that no remote module is needed.
function textSummary(data) {
  const out = [''];
  const names = Object.keys(data.metrics).sort();
  const width = Math.max(20, ...names.map((n) => n.length + 3));
  const line = (label, text) => '    ' + label.padEnd(width, '.') + ': ' + text;
  const withThresholds = names.filter((n) => data.metrics[n].thresholds);
  if (withThresholds.length > 0) out.push('  █ THRESHOLDS', '');
  withThresholds.forEach((n) => {
    const t = data.metrics[n].thresholds;
    Object.keys(t).forEach((expr) => out.push('    ' + (t[expr].ok ? '✓' : '✗') + ' ' + n + ': ' + expr));
  });
  out.push('', '  █ TOTAL RESULTS', '');
  names.forEach((n) => {
    const m = data.metrics[n];
    const stats = Object.keys(m.values).map((k) => k + '=' + summaryValue(m, k, m.values[k]));
    out.push(line(n, stats.join(' ')));
  });
  return out.join('\n') + '\n\n';
}

function summaryValue(metric, stat, v) {
  if (metric.type === 'rate' && stat === 'rate') return (v * 100).toFixed(2) + '%';
  if (metric.contains === 'time') return v < 1000 ? v.toFixed(2) + 'ms' : (v / 1000).toFixed(2) + 's';
  if (metric.contains === 'data') {
    const perSecond = stat === 'rate' ? '/s' : '';
    return v >= 1e6 ? (v / 1e6).toFixed(1) + ' MB' + perSecond : (v / 1e3).toFixed(1) + ' kB' + perSecond;
  }
  if (stat === 'rate') return v.toFixed(2) + '/s';
  return String(Math.round(v * 100) / 100);
}
