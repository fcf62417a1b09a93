// The pod runner as a background process (started by `scripts/cluster.sh up`):
//   node --import tsx test/support/podRunner/main.ts --kubeconfig FILE --k6 PATH
//        [--namespace NS] [--influx-url URL] [--work-dir DIR]
// Runs until SIGTERM/SIGINT, then kills the k6 processes it started.
import { parseArgs } from 'node:util';
import { startPodRunner } from './index';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    k6: { type: 'string' },
    namespace: { type: 'string' },
    'influx-url': { type: 'string' },
    'work-dir': { type: 'string' },
  },
});
if (!values.kubeconfig || !values.k6) {
  process.stderr.write('usage: main.ts --kubeconfig FILE --k6 PATH [--namespace NS] [--influx-url URL] [--work-dir DIR]\n');
  process.exit(2);
}

const runner = await startPodRunner({
  kubeconfig: values.kubeconfig,
  k6Path: values.k6,
  namespace: values.namespace,
  influxUrl: values['influx-url'] ?? process.env.POD_RUNNER_INFLUX_URL,
  workDir: values['work-dir'],
  log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
});
process.stdout.write(`${new Date().toISOString()} pod runner watching ${values.namespace ?? 'all namespaces'}\n`);
const stop = () => void runner.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
