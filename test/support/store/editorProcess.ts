// A child process playing one editor window on a shared database: it builds the run use cases
// the way the extension does (RunService over the store and the kubeconfig in KUBECONFIG),
// reattaches at start and again every `--refresh-ms` (the Runs view's refresh), optionally
// starts a cluster and/or a local run, and prints one JSON line per event on stdout:
//   {"ev":"started","id","engine"} {"ev":"warn","message"} {"ev":"changed","id","state","reason"} {"ev":"finished","id","state"}
// SIGTERM closes it the way the editor closes (monitors disposed, leases released).
import { parseArgs } from 'node:util';
import { kubeconfigRunCluster } from '../../../src/app/runs/clusterProvider';
import type { RunEvents } from '../../../src/app/runs/ports';
import { RunService } from '../../../src/app/runs/runService';
import { defaultRunSettings, type RunSettings } from '../../../src/app/runs/runSettings';
import { Store } from '../../../src/infra/store/store';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    namespace: { type: 'string', default: 'test' },
    'start-cluster': { type: 'string' },
    'start-local': { type: 'string' },
    'refresh-ms': { type: 'string', default: '300' },
    'lease-ms': { type: 'string', default: '1500' },
    'with-secret': { type: 'boolean', default: false },
    'leftover-age-ms': { type: 'string' },
  },
});

const print = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const events: RunEvents = {
  changed: (r) => print({ ev: 'changed', id: r.id, state: r.state, reason: r.reason }),
  output: () => undefined,
  finished: (r) => print({ ev: 'finished', id: r.id, state: r.state }),
  warn: (m) => print({ ev: 'warn', message: m }),
};
const settings: RunSettings = { ...defaultRunSettings, namespace: values.namespace!, influx: { ...defaultRunSettings.influx, url: 'http://127.0.0.1:9' } };
const { store } = Store.open(values.db!);
const service = new RunService({
  store,
  cluster: kubeconfigRunCluster({ env: process.env, namespace: () => settings.namespace }),
  events,
  settings: () => settings,
  periodMs: () => 200,
  leaseMs: Number(values['lease-ms']),
  leftoverAgeMs: values['leftover-age-ms'] === undefined ? undefined : Number(values['leftover-age-ms']),
  // A run's API token reaches the cluster as a Secret (as from SecretStorage in the editor).
  credentials: async () => (values['with-secret'] ? { apiToken: 'tok-from-secret-storage' } : {}),
});

async function main(): Promise<void> {
  await service.reattach();
  for (const [flag, start] of [['start-cluster', (f: string) => service.startInCluster({ scriptFile: f })], ['start-local', (f: string) => service.startLocally({ scriptFile: f })]] as const) {
    const file = values[flag];
    if (!file) continue;
    const r = await start(file);
    if (!r.ok) throw new Error(`${flag}: ${r.problems.join('; ')}`);
    print({ ev: 'started', id: r.run.id, engine: r.run.engine });
  }
  print({ ev: 'ready', pid: process.pid });
  const refresh = setInterval(() => void service.reattach().catch((err: unknown) => print({ ev: 'warn', message: String(err) })), Number(values['refresh-ms']));
  process.once('SIGTERM', () => {
    clearInterval(refresh);
    service.dispose();
    store.close();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  print({ ev: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
