// The kubelet's container-log endpoint for the pods the runner ran, so `pods/log` on the real
// API server works: the API server asks the node's kubelet port (kwok writes the runner's port
// into the nodes it manages) for /containerLogs/<ns>/<pod>/<container>, with `follow`,
// `tailLines` and `limitBytes` as kubectl logs sends them.
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ContainerLog {
  file: string;
  /** True once the container exited (a follow ends after the last bytes). */
  ended: () => boolean;
}

export interface KubeletLogServer {
  port: number;
  close(): Promise<void>;
}

function tail(text: string, lines: number): string {
  const parts = text.split('\n');
  const trailing = parts.at(-1) === '' ? 1 : 0;
  return parts.slice(Math.max(0, parts.length - trailing - lines)).join('\n');
}

export interface KubeletLogOptions {
  port: number;
  cert: Buffer;
  key: Buffer;
  logOf: (ns: string, pod: string, container: string) => ContainerLog | undefined;
  /** The container's waiting reason in its pod's status (ContainerCreating, ErrImagePull …), if it waits. */
  waitingReason?: (ns: string, pod: string, container: string) => Promise<string | undefined>;
}

export async function startKubeletLogServer(opts: KubeletLogOptions): Promise<KubeletLogServer> {
  const server = https.createServer({ cert: opts.cert, key: opts.key }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const [ns, pod, container] = m ? [m[1], m[2], m[3]].map(decodeURIComponent) : [];
    const log = m ? opts.logOf(ns, pod, container) : undefined;
    // As the kubelet answers for a container not started yet (the API server passes it on as a 400 BadRequest).
    const waiting = m && !log ? await opts.waitingReason?.(ns, pod, container).catch(() => undefined) : undefined;
    if (waiting) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`container "${container}" in pod "${pod}" is waiting to start: ${waiting}`);
      return;
    }
    if (!m || !log || !fs.existsSync(log.file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(m ? `container "${m[3]}" in pod "${m[2]}" has no logs here` : 'not found');
      return;
    }
    const limit = Number(url.searchParams.get('limitBytes') ?? Infinity);
    const tailLines = url.searchParams.get('tailLines');
    let text = fs.readFileSync(log.file, 'utf8');
    if (tailLines !== null) text = tail(text, Number(tailLines));
    let sent = Buffer.byteLength(text);
    let offset = fs.statSync(log.file).size;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write(text.slice(0, Number.isFinite(limit) ? limit : undefined));
    if (url.searchParams.get('follow') !== 'true' || sent >= limit) {
      res.end();
      return;
    }
    const timer = setInterval(() => {
      const size = fs.existsSync(log.file) ? fs.statSync(log.file).size : offset;
      if (size > offset) {
        const fd = fs.openSync(log.file, 'r');
        const chunk = Buffer.alloc(size - offset);
        fs.readSync(fd, chunk, 0, chunk.length, offset);
        fs.closeSync(fd);
        offset = size;
        sent += chunk.length;
        res.write(chunk);
      }
      if ((log.ended() && size <= offset) || sent >= limit) {
        clearInterval(timer);
        res.end();
      }
    }, 200);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
