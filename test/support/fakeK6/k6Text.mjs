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
