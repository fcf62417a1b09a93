// Serves the demo: code-server with the extension linked in and the demo workspace open.
// State (settings, the extension's database) is kept in .cache/demo between runs.
import * as path from 'node:path';
import { startCodeServer } from '../test/support/codeServer';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..');
  const port = Number(process.env.PORT ?? 8080);
  const server = await startCodeServer({ root: path.join(repo, '.cache', 'demo'), port });
  console.log(`\nMetric Vault demo: open ${server.url}\n(Ctrl-C to stop)\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
