// What the kubelet would hold: each container's log lines with their times, and followers
// that receive new lines until the container ends (pod finished or deleted).

interface LogLine {
  time: Date;
  text: string;
}

interface ContainerLog {
  lines: LogLine[];
  ended: boolean;
  followers: Set<Follower>;
}

interface Follower {
  onLine(line: LogLine): void;
  onEnd(): void;
}

export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  timestamps?: boolean;
}

const rfc3339Nano = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');

export class PodLogs {
  private readonly logs = new Map<string, ContainerLog>();

  private entry(namespace: string, pod: string, container: string): ContainerLog {
    const k = `${namespace}/${pod}/${container}`;
    let e = this.logs.get(k);
    if (!e) this.logs.set(k, (e = { lines: [], ended: false, followers: new Set() }));
    return e;
  }

  /** Appends text (one or more lines) to a container's log and hands each line to followers. */
  append(namespace: string, pod: string, container: string, text: string): void {
    const e = this.entry(namespace, pod, container);
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    for (const t of lines) {
      const line = { time: new Date(), text: t };
      e.lines.push(line);
      for (const f of e.followers) f.onLine(line);
    }
  }

  /** The container stopped: followers' streams end, as `kubectl logs -f` does when a container exits. */
  end(namespace: string, pod: string, container?: string): void {
    for (const [k, e] of this.logs) {
      if (!k.startsWith(`${namespace}/${pod}/`) || (container && k !== `${namespace}/${pod}/${container}`)) continue;
      e.ended = true;
      for (const f of e.followers) f.onEnd();
      e.followers.clear();
    }
  }

  /** The pod is gone: its logs go too. */
  forget(namespace: string, pod: string): void {
    this.end(namespace, pod);
    for (const k of [...this.logs.keys()]) if (k.startsWith(`${namespace}/${pod}/`)) this.logs.delete(k);
  }

  /** The log text as `GET .../log` returns it (without follow). */
  read(namespace: string, pod: string, container: string, q: LogQuery): string {
    return this.select(this.entry(namespace, pod, container).lines, q).map((l) => format(l, q)).join('');
  }

  /** Sends the current lines, then every new one until the container ends or `stop()` is called. */
  follow(namespace: string, pod: string, container: string, q: LogQuery, write: (chunk: string) => void, end: () => void): () => void {
    const e = this.entry(namespace, pod, container);
    let sent = 0;
    const limit = q.limitBytes;
    const send = (chunk: string): boolean => {
      if (limit !== undefined && sent + chunk.length > limit) {
        write(chunk.slice(0, limit - sent));
        end();
        return false;
      }
      sent += chunk.length;
      write(chunk);
      return true;
    };
    for (const l of this.select(e.lines, q)) if (!send(format(l, q))) return () => undefined;
    if (e.ended) {
      end();
      return () => undefined;
    }
    const follower: Follower = {
      onLine: (l) => {
        if (!send(format(l, q))) e.followers.delete(follower);
      },
      onEnd: end,
    };
    e.followers.add(follower);
    return () => e.followers.delete(follower);
  }

  private select(lines: LogLine[], q: LogQuery): LogLine[] {
    let out = lines;
    if (q.sinceSeconds !== undefined) {
      const since = Date.now() - q.sinceSeconds * 1000;
      out = out.filter((l) => l.time.getTime() >= since);
    }
    if (q.tailLines !== undefined) out = q.tailLines === 0 ? [] : out.slice(-q.tailLines);
    if (q.limitBytes !== undefined) {
      let size = 0;
      const limited: LogLine[] = [];
      for (const l of out) {
        size += l.text.length + 1;
        if (size > q.limitBytes) break;
        limited.push(l);
      }
      out = limited;
    }
    return out;
  }
}

function format(l: LogLine, q: LogQuery): string {
  return (q.timestamps ? `${rfc3339Nano(l.time)} ` : '') + l.text + '\n';
}
