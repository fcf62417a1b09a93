// A real InfluxDB 1.x server for tests and benchmarks: Debian's /usr/bin/influxd on a free
// loopback port, with its meta/data/wal directories in a temp folder. No other listener is
// opened (graphite, collectd, opentsdb, udp off; the RPC service bound to another free
// loopback port), usage reporting is off, and everything is deleted on close.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeTempDir } from './tempDir';

export const influxdBinary = '/usr/bin/influxd';

export interface InfluxdServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Runs an InfluxQL statement that needs no database (CREATE DATABASE, DROP ...). */
  admin(q: string): Promise<void>;
  /** Writes line protocol into `db` (nanosecond timestamps). */
  write(db: string, lines: readonly string[]): Promise<void>;
  /** Stops the process but keeps its data: `start()` brings the same server back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and deletes the data directory. */
  close(): Promise<void>;
}

/** A port nobody listens on right now (the kernel picks it; we release it for influxd). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface InfluxdOptions {
  /**
   * How long the in-memory cache waits without writes before it is written to TSM files
   * (influxd's default is 10m). Long-running servers hold old data in TSM, recent in cache.
   */
  snapshotColdDuration?: string;
}

function configText(dir: string, httpPort: number, rpcPort: number, o: InfluxdOptions): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${path.join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${path.join(dir, 'data')}"
  wal-dir = "${path.join(dir, 'wal')}"
  query-log-enabled = false
  wal-fsync-delay = "0s"
  cache-snapshot-write-cold-duration = "${o.snapshotColdDuration ?? '10m'}"

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false
  max-body-size = 0

[logging]
  level = "warn"
  suppress-logo = true

[ifql]
  enabled = false

[[graphite]]
  enabled = false

[[collectd]]
  enabled = false

[[opentsdb]]
  enabled = false

[[udp]]
  enabled = false

[continuous_queries]
  enabled = false
`;
}

async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return res.status === 204;
  } catch {
    return false;
  }
}

/** Starts influxd; resolves once `/ping` answers. */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdServer> {
  if (!fs.existsSync(influxdBinary)) throw new Error(`${influxdBinary} is missing: apt-get install influxdb`);
  const temp = makeTempDir('metric-vault-influxd-');
  const port = await freeLoopbackPort();
  const rpcPort = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(temp.dir, 'influxdb.conf');
  fs.writeFileSync(configFile, configText(temp.dir, port, rpcPort, options));
  let proc: ChildProcess | undefined;
  let log = '';

  async function start(): Promise<void> {
    if (proc) return;
    const child = spawn(influxdBinary, ['-config', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc = child;
    child.stderr?.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-4000);
    });
    child.once('exit', () => {
      if (proc === child) proc = undefined;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (await ping(url)) return;
      if (!proc) throw new Error(`influxd exited while starting:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await stop();
    throw new Error(`influxd did not answer /ping within 30 s:\n${log}`);
  }

  async function stop(): Promise<void> {
    const child = proc;
    if (!child) return;
    proc = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async function post(pathAndQuery: string, body?: string): Promise<void> {
    const res = await fetch(`${url}${pathAndQuery}`, { method: 'POST', body, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`influxd ${pathAndQuery.split('?')[0]} ${res.status}: ${text}`);
    if (text.includes('"error"')) throw new Error(`influxd: ${text}`);
  }

  await start();
  return {
    url,
    port,
    admin: (q) => post(`/query?${new URLSearchParams({ q })}`),
    async write(db, lines) {
      const batch = 5000;
      for (let i = 0; i < lines.length; i += batch) {
        await post(`/write?${new URLSearchParams({ db, precision: 'ns' })}`, lines.slice(i, i + batch).join('\n'));
      }
    },
    stop,
    start,
    async close() {
      await stop();
      temp.cleanup();
    },
  };
}
