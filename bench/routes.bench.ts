// Route scanning of a 10,000-line source file, per language, against the goal of 5 ms
// (the CodeLens provider scans the whole document on every change). The files are built from
// the realistic fixtures in test/fixtures/routes, repeated with ordinary code between routes,
// so the scanners meet both matches and the near-misses (`.get(` on maps, comments, strings).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchReport } from './index';
import { detectRoutes } from '../src/core/routes';

const goalMs = 5;
const lines = 10_000;
const fixtures = path.resolve(__dirname, '../test/fixtures/routes');

const filler: Record<string, string[]> = {
  'fastapi_shop.py': ['def helper_{n}(values: list[int]) -> int:', '    total = sum(v * 2 for v in values if v > 0)  # not @app.get("/x")', '    cache.get("/key/{n}", None)', '    return total', ''],
  'express_store.js': ['function helper{n}(map) {', "  const v = map.get('/key/{n}'); // app.get('/commented', h)", '  return v ? v.length : 0;', '}', ''],
  'SpringItemsController.java': ['    private int helper{n}(Map<String, Integer> m) {', '        // @GetMapping("/commented")', '        return m.getOrDefault("/key/{n}", 0);', '    }', ''],
  'chi_router.go': ['func helper{n}(m map[string]int) int {', '\t// r.Get("/commented", h)', '\treturn m["/key/{n}"]', '}', ''],
};

/** `every`: the fixture's routes come back every `every` blocks (4: a route every ~7 lines, the worst case). */
function buildFile(fixture: string, every: number): string {
  const source = fs.readFileSync(path.join(fixtures, fixture), 'utf8').split('\n');
  const out: string[] = [];
  for (let n = 0; out.length < lines; n++) {
    if (n % every === 0) out.push(...source);
    else out.push(...filler[fixture].map((l) => l.replaceAll('{n}', String(n))));
  }
  return out.slice(0, lines).join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function bench(): Promise<BenchReport> {
  const report: BenchReport = { name: 'routes: scan a 10,000-line file (goal ≤ 5 ms)', lines: [], data: {} };
  const dense: Record<string, { wall: number; cpu: number }> = {};
  for (const [fixture, every] of Object.keys(filler).flatMap((f) => [[f, 4], [f, 40]] as const)) {
    const text = buildFile(fixture, every);
    let routes = 0;
    for (let i = 0; i < 20; i++) routes = detectRoutes(text, fixture).length; // warm up the JIT
    const times: number[] = [];
    // CPU time too: on a shared machine the wall clock also counts the time other processes ran.
    // (CPU time counts every thread of this process: the garbage collector's helpers too.)
    const cpu: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      detectRoutes(text, fixture);
      const used = process.cpuUsage(c);
      times.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
    }
    const med = median(times);
    const cpuMed = median(cpu);
    const p95 = [...times].sort((a, b) => a - b)[94];
    const cold = (() => {
      const t = performance.now();
      detectRoutes(text + '\n', fixture);
      return performance.now() - t;
    })();
    report.lines.push(
      `${fixture.padEnd(28)} ${lines} lines, ${(text.length / 1024).toFixed(0)} KB, ${routes} routes: median ${med.toFixed(2)} ms (CPU ${cpuMed.toFixed(2)} ms), p95 ${p95.toFixed(2)} ms — ${(med / goalMs).toFixed(2)}× the ${goalMs} ms goal`,
    );
    report.data[`${fixture} (${routes} routes)`] = { lines, bytes: text.length, routes, medianMs: med, cpuMedianMs: cpuMed, p95Ms: p95, changedTextMs: cold, goalMs, ratioToGoal: med / goalMs };
    if (every === 4) dense[fixture] = { wall: med, cpu: cpuMed };
  }
  // Languages against each other in the same run: a slower machine moves both alike.
  const base = dense['fastapi_shop.py'];
  for (const [fixture, d] of Object.entries(dense)) {
    if (fixture !== 'fastapi_shop.py') report.lines.push(`dense ${fixture} / dense fastapi_shop.py: ${(d.wall / base.wall).toFixed(2)}× wall, ${(d.cpu / base.cpu).toFixed(2)}× CPU`);
  }
  return report;
}
