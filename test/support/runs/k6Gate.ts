// A gate a k6 script waits at, so a test decides when a run's k6 ends instead of guessing a
// duration (a shared, loaded machine makes any fixed duration a race). The script asks the gate on
// 127.0.0.1 until it answers 200 — on this machine the pod runner runs k6 pods as local processes,
// so the gate is reachable from a "pod" too — then ends with exit 0.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface K6Gate {
  /** A k6 script: one iteration that waits until the gate opens (at most 5 minutes). */
  readonly script: string;
  open(): void;
  close(): Promise<void>;
}

export async function startK6Gate(): Promise<K6Gate> {
  let open = false;
  const server = http.createServer((_req, res) => res.writeHead(open ? 200 : 503).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    script: `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { gated: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '5m' } } };
export default function () {
  while (http.get('${url}').status !== 200) sleep(0.2);
}
`,
    open: () => void (open = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
