// `npm run bench`: runs every bench/*.bench.ts (each exports `bench(): Promise<BenchReport>`),
// prints its lines and writes all results to bench/results/latest.json.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchReport {
  name: string;
  /** Human-readable lines: measurements and ratios against the baseline. */
  lines: string[];
  data: Record<string, unknown>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const reports: BenchReport[] = [];
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { bench: () => Promise<BenchReport> };
    const report = await mod.bench();
    console.log(`\n## ${report.name}`);
    for (const line of report.lines) console.log(`  ${line}`);
    reports.push(report);
  }
  const out = path.join(__dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, reports }, null, 2));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
