// The pod network, as far as the pod runner's processes need one: every pod runs on this
// machine, so a k6 started with `--address=<host>:<port>` (k6-operator's runners listen for
// the starter on 0.0.0.0:6565) gets a free loopback port instead, and another pod's argument
// that names `<pod IP>:<port>` (the starter's curl to a runner) is routed to that port.
import { freeLoopbackPort } from '../influxd';

export class PodNetwork {
  /** `<pod IP>:<port>` → the loopback port the pod's process really listens on. */
  private readonly ports = new Map<string, number>();

  get size(): number {
    return this.ports.size;
  }

  /** Picks the loopback ports for the `--address=host:port` arguments of a pod about to start. */
  async reserve(podIP: string, args: readonly string[]): Promise<void> {
    for (const a of args) {
      const port = /^--address=.*:(\d+)$/.exec(a)?.[1];
      if (port) this.ports.set(`${podIP}:${port}`, await freeLoopbackPort());
    }
  }

  /** The loopback address replacing the pod's own `host:port`. */
  listen(podIP: string, address: string): string {
    const port = /:(\d+)$/.exec(address)?.[1];
    const local = port ? this.ports.get(`${podIP}:${port}`) : undefined;
    return local ? `127.0.0.1:${local}` : address;
  }

  /** An argument with every known `<pod IP>:<port>` pointed at its loopback port. */
  route(arg: string): string {
    let out = arg;
    for (const [address, port] of this.ports) out = out.split(address).join(`127.0.0.1:${port}`);
    return out;
  }
}
