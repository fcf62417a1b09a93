// The end-of-test text summary that generated scripts print. A script with handleSummary
// replaces k6's own text summary; k6's documented way to keep it imports jslib's textSummary
// from jslib.k6.io, which fails in test clusters without internet access. So the script
// carries its own: thresholds with ✓/✗, checks, then every metric with k6's usual statistics
// (trend times in ms/s, rates in %, data in kB/MB), in the layout users know from k6.

export const textSummaryBlock: readonly string[] = [
  "// k6's usual end-of-test summary, written out here so that no remote module is needed.",
  'function textSummary(data) {',
  "  const out = [''];",
  '  const names = Object.keys(data.metrics).sort();',
  "  const width = Math.max(20, ...names.map((n) => n.length + 3));",
  "  const line = (label, text) => '    ' + label.padEnd(width, '.') + ': ' + text;",
  '  const withThresholds = names.filter((n) => data.metrics[n].thresholds);',
  "  if (withThresholds.length > 0) out.push('  █ THRESHOLDS', '');",
  '  withThresholds.forEach((n) => {',
  '    const t = data.metrics[n].thresholds;',
  "    Object.keys(t).forEach((expr) => out.push('    ' + (t[expr].ok ? '✓' : '✗') + ' ' + n + ': ' + expr));",
  '  });',
  "  out.push('', '  █ TOTAL RESULTS', '');",
  '  names.forEach((n) => {',
  '    const m = data.metrics[n];',
  "    const stats = Object.keys(m.values).map((k) => k + '=' + summaryValue(m, k, m.values[k]));",
  "    out.push(line(n, stats.join(' ')));",
  '  });',
  "  return out.join('\\n') + '\\n\\n';",
  '}',
  '',
  'function summaryValue(metric, stat, v) {',
  "  if (metric.type === 'rate' && stat === 'rate') return (v * 100).toFixed(2) + '%';",
  "  if (metric.contains === 'time') return v < 1000 ? v.toFixed(2) + 'ms' : (v / 1000).toFixed(2) + 's';",
  "  if (metric.contains === 'data') {",
  "    const perSecond = stat === 'rate' ? '/s' : '';",
  "    return v >= 1e6 ? (v / 1e6).toFixed(1) + ' MB' + perSecond : (v / 1e3).toFixed(1) + ' kB' + perSecond;",
  '  }',
  "  if (stat === 'rate') return v.toFixed(2) + '/s';",
  '  return String(Math.round(v * 100) / 100);',
  '}',
];
