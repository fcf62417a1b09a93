// The pod runner as a background process (started by `scripts/cluster.sh up`):
//   node --import tsx test/support/podRunner/main.ts --kubeconfig FILE --k6 PATH
//        [--namespace NS] [--influx-url URL] [--work-dir DIR] [--allow-hosts LIST]
//        [--kubelet-port N --kubelet-cert FILE --kubelet-key FILE]
// Runs until SIGTERM/SIGINT, then kills the k6 processes it started.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startPodRunner } from './index';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    k6: { type: 'string' },
    namespace: { type: 'string' },
    'influx-url': { type: 'string' },
    'work-dir': { type: 'string' },
    'allow-hosts': { type: 'string' },
    'kubelet-port': { type: 'string' },
    'kubelet-cert': { type: 'string' },
    'kubelet-key': { type: 'string' },
  },
});
if (!values.kubeconfig || !values.k6) {
  process.stderr.write('usage: main.ts --kubeconfig FILE --k6 PATH [--namespace NS] [--influx-url URL] [--work-dir DIR]\n');
  process.exit(2);
}

async function main(kubeconfig: string, k6Path: string): Promise<void> {
  const runner = await startPodRunner({
    kubeconfig,
    k6Path,
    namespace: values.namespace,
    influxUrl: values['influx-url'] ?? process.env.POD_RUNNER_INFLUX_URL,
    workDir: values['work-dir'],
    allowHosts: values['allow-hosts'],
    kubeletPort: values['kubelet-port'] ? Number(values['kubelet-port']) : undefined,
    kubeletTls: values['kubelet-cert'] && values['kubelet-key'] ? { cert: fs.readFileSync(values['kubelet-cert']), key: fs.readFileSync(values['kubelet-key']) } : undefined,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(`${new Date().toISOString()} pod runner watching ${values.namespace ?? 'all namespaces'}\n`);
  const stop = () => void runner.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(values.kubeconfig, values.k6).catch((err: unknown) => {
  process.stderr.write(`pod runner failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
