// k6's console output, as k6 v1 prints it when stdout is not a terminal: the banner, one
// progress line per second, and the end-of-test summary. Shared by the stand-in `k6`
// executable and the fake cluster's pod logs so both read like the real thing.

export const k6Version = 'k6 v1.4.2 (go1.24.9, linux/amd64) [stand-in from test/support/fakeK6]';

const pad2 = (n) => String(Math.floor(n)).padStart(2, '0');

/** `00m01.0s` as k6 formats elapsed time. */
export function elapsed(ms) {
  const s = ms / 1000;
  return `${pad2(s / 60)}m${pad2(s % 60)}.${Math.floor((ms % 1000) / 100)}s`;
}

export function banner({ script, outputs = [], vus = 1, durationSeconds = 1, segment }) {
  const out = outputs.length ? outputs.map((o) => (o.startsWith('influxdb=') ? `InfluxDBv1 (${o.slice('influxdb='.length)})` : o)).join(', ') : '-';
  return [
    '',
    '         /\\      Grafana   /‾‾/  ',
    '    /\\  /  \\     |\\  __   /  /   ',
    '   /  \\/    \\    | |/ /  /   ‾‾\\ ',
    '  /          \\   |   (  |  (‾)  |',
    ' / __________ \\  |_|\\_\\  \\_____/ ',
    '',
    '     execution: local',
    `        script: ${script}`,
    `        output: ${out}`,
    '',
    `     scenarios: (100.00%) 1 scenario, ${vus} max VUs, ${Math.round(durationSeconds) + 30}s max duration (incl. graceful stop):`,
    `              * default: ${vus} looping VUs for ${durationSeconds}s (gracefulStop: 30s)${segment ? ` [segment ${segment}]` : ''}`,
    '',
  ].join('\n');
}

export function progressLine({ elapsedMs, vus, iterations, durationSeconds }) {
  const pct = Math.min(100, Math.round((elapsedMs / 1000 / Math.max(durationSeconds, 0.001)) * 100));
  return `running (${elapsed(elapsedMs)}), ${vus}/${vus} VUs, ${iterations} complete and 0 interrupted iterations\ndefault   [ ${String(pct).padStart(3)}% ] ${vus} VUs  ${elapsed(elapsedMs)}/${durationSeconds}s`;
}

/** The end-of-test summary; `thresholdsPassed` decides the ✓/✗ and the closing error line. */
export function summary({ thresholdsPassed, iterations, elapsedMs, vus, interrupted = false }) {
  const mark = thresholdsPassed ? '✓' : '✗';
  const failedRate = thresholdsPassed ? '0.00%' : '12.50%';
  const lines = [
    '',
    '  █ THRESHOLDS ',
    '',
    '    http_req_failed',
    `    ${mark} 'rate<0.01' rate=${failedRate}`,
    '',
    '',
    '  █ TOTAL RESULTS ',
    '',
    `    checks_total.......................: ${iterations}`,
    `    http_req_duration..................: avg=12.4ms min=3.1ms med=10.2ms max=48.9ms p(90)=21.3ms p(95)=27.8ms`,
    `    http_req_failed....................: ${failedRate}`,
    `    http_reqs..........................: ${iterations}`,
    `    iterations.........................: ${iterations}`,
    `    vus................................: ${vus}      min=${vus}         max=${vus}`,
    '',
    '',
    '',
    `running (${elapsed(elapsedMs)}), 0/${vus} VUs, ${iterations} complete and ${interrupted ? vus : 0} interrupted iterations`,
    `default ${interrupted ? '✗' : '✓'} [ 100% ] ${vus} VUs  ${elapsed(elapsedMs)}`,
  ];
  if (!thresholdsPassed) lines.push(`time="${new Date().toISOString()}" level=error msg="thresholds on metrics 'http_req_failed' have been crossed"`);
  return lines.join('\n');
}

// ---- From a real run (the stand-in engine) ----------------------------------------------

const logo = ['', '         /\\      Grafana   /‾‾/  ', '    /\\  /  \\     |\\  __   /  /   ', '   /  \\/    \\    | |/ /  /   ‾‾\\ ', '  /          \\   |   (  |  (‾)  |', ' / __________ \\  |_|\\_\\  \\_____/ ', ''];

/** The banner for the scenarios a run will execute: `lines` are k6's one-line descriptions. */
export function runBanner({ script, outputs, scenarios, maxVus, maxDuration, segment }) {
  const share = segment ? `${(Math.round((segment[1] - segment[0]) * 10000) / 100).toFixed(2)}%` : '100.00%';
  return [
    ...logo,
    '     execution: local',
    `        script: ${script}`,
    `        output: ${outputs.length ? outputs.join(', ') : '-'}`,
    '',
    `     scenarios: (${share}) ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}, ${maxVus} max VUs, ${maxDuration} max duration (incl. graceful stop):`,
    ...scenarios.map((s) => `              * ${s.name}: ${s.description}`),
    '',
  ].join('\n');
}

/** One progress report, as k6 prints it every second when stdout is not a terminal. */
export function runProgress({ elapsedMs, activeVus, maxVus, complete, interrupted, scenarios }) {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return [
    `running (${elapsed(elapsedMs)}), ${String(activeVus).padStart(2, '0')}/${String(maxVus).padStart(2, '0')} VUs, ${complete} complete and ${interrupted} interrupted iterations`,
    ...scenarios.map((s) => `${s.name.padEnd(width)}   [ ${String(Math.min(100, Math.round(s.progress * 100))).padStart(3)}% ] ${s.text}`),
  ].join('\n');
}

const fmtTime = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : ms >= 1 ? `${ms.toFixed(2)}ms` : `${(ms * 1000).toFixed(2)}µs`);
const fmtData = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`);

function metricLine(name, m, stats) {
  const v = m.values;
  const label = `    ${name}`.padEnd(40, '.') + ': ';
  if (m.type === 'trend') return label + stats.map((s) => `${s}=${m.contains === 'time' ? fmtTime(v[s]) : Math.round(v[s] * 100) / 100}`).join(' ');
  if (m.type === 'rate') return label + `${(v.rate * 100).toFixed(2)}% ${v.passes} out of ${v.passes + v.fails}`;
  if (m.type === 'gauge') return label + `${v.value}  min=${v.min} max=${v.max}`;
  const count = m.contains === 'data' ? fmtData(v.count) : String(v.count);
  const rate = m.contains === 'data' ? `${fmtData(Math.round(v.rate))}/s` : `${Math.round(v.rate * 1000) / 1000}/s`;
  return label + `${count} ${rate}`;
}

/** k6's end-of-test text summary (thresholds, checks, totals) from handleSummary's data. */
export function textSummary(data) {
  const out = [''];
  const withThresholds = Object.entries(data.metrics).filter(([, m]) => m.thresholds);
  if (withThresholds.length) {
    out.push('  █ THRESHOLDS ', '');
    for (const [name, m] of withThresholds) {
      out.push(`    ${name}`);
      for (const [expr, t] of Object.entries(m.thresholds)) {
        const agg = /^\s*(\w+(?:\([\d.]+\))?)/.exec(expr)?.[1] ?? '';
        const v = m.values[agg];
        const shown = v === undefined ? '' : m.type === 'rate' && agg === 'rate' ? `${(v * 100).toFixed(2)}%` : m.contains === 'time' ? fmtTime(v) : String(Math.round(v * 100) / 100);
        out.push(`    ${t.ok ? '✓' : '✗'} '${expr}' ${agg}=${shown}`);
      }
      out.push('');
    }
    out.push('');
  }
  out.push('  █ TOTAL RESULTS ', '');
  const checks = data.metrics.checks;
  if (checks) {
    const perSecond = data.state?.testRunDurationMs ? (checks.values.passes + checks.values.fails) / (data.state.testRunDurationMs / 1000) : 0;
    out.push(`    checks_total.......................: ${String(checks.values.passes + checks.values.fails).padEnd(7)} ${Math.round(perSecond * 1e6) / 1e6}/s`);
    out.push(`    checks_succeeded...................: ${(checks.values.rate * 100).toFixed(2)}% ${checks.values.passes} out of ${checks.values.passes + checks.values.fails}`);
    out.push(`    checks_failed......................: ${((1 - checks.values.rate) * 100).toFixed(2)}% ${checks.values.fails} out of ${checks.values.passes + checks.values.fails}`, '');
    for (const c of data.root_group.checks) out.push(`    ${c.fails ? '✗' : '✓'} ${c.name}`, ...(c.fails ? [`      ↳  ${Math.round((c.passes / (c.passes + c.fails)) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`] : []));
    out.push('');
  }
  const stats = data.options.summaryTrendStats;
  // k6 lists custom metrics first, then its own by category.
  const sections = [
    ['CUSTOM', (n) => !/^(http_req|iteration|vus|dropped_iterations|data_|checks|group_duration)/.test(n) && !n.includes('{')],
    ['HTTP', (n) => n.startsWith('http_req')],
    ['EXECUTION', (n) => ['iteration_duration', 'iterations', 'vus', 'vus_max', 'dropped_iterations'].includes(n)],
    ['NETWORK', (n) => n === 'data_received' || n === 'data_sent'],
  ];
  for (const [title, match] of sections) {
    const names = Object.keys(data.metrics).filter((n) => match(n) && !n.includes('{')).sort();
    if (!names.length) continue;
    out.push(`    ${title}`);
    for (const n of names) out.push(metricLine(n, data.metrics[n], stats));
    out.push('');
  }
  return out.join('\n') + '\n';
}
