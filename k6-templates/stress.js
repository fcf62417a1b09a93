// Stress test (Grafana test type "stress testing").
// Above-average load held for a while: how does the system behave, and how fast
// does it recover, when it is busier than usual?
//
// Run: k6 run -e BASE_URL=https://api.example.com k6-templates/stress.js
// Values marked EDIT are the ones to change; the thresholds fail the run (exit code 99).
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const VUS = 50; // EDIT: concurrent users at the plateau
const RAMP_UP = '2m'; // EDIT
const HOLD = '7m'; // EDIT
const RAMP_DOWN = '1m'; // EDIT
const THINK_TIME = 1; // EDIT: seconds each user pauses between iterations
const P95_MS = 1000; // EDIT

export const options = {
  scenarios: {
    stress: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: RAMP_UP, target: VUS }, // ramp up
        { duration: HOLD, target: VUS }, // hold
        { duration: RAMP_DOWN, target: 0 }, // ramp down
      ],
      gracefulRampDown: '30s',
    },
    // Open model instead (requests per second, however slow the answers):
    // stress: {
    //   executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 50, maxVUs: 200,
    //   stages: [{ duration: RAMP_UP, target: 100 }, { duration: HOLD, target: 100 }, { duration: RAMP_DOWN, target: 0 }],
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
