// List + watch with a local cache — a small informer. It lists once, then watches from the
// list's resourceVersion; when the stream ends it resumes from the last resourceVersion it saw
// (events and BOOKMARKs both advance it), re-lists on 410 Gone/Expired (diffing the new list
// against the cache so consumers still see each change), and reconnects after errors with
// capped, jittered exponential backoff. There is no polling: a quiet namespace costs one open
// watch, re-established when the server or client-node's idle timer closes it.
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { Emitter } from '../../core/events';
import type { KubeObjectJson } from '../../core/kube/objects';
import { type Errorable, type KubeError } from '../../core/result';
import { backoffDelay, type BackoffPolicy, realScheduler, type Scheduler, type TimerHandle } from '../../core/timing';
import { type ErrorContext, fromStatus, toKubeError } from './errors';

export type { KubeObjectJson, ObjectMetaJson } from '../../core/kube/objects';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change<T> {
  type: ChangeType;
  object: T;
}

export type ListWatchState =
  /** Listing for the first time. */
  | { phase: 'connecting' }
  /** The cache mirrors the server; the watch is open or being re-opened. */
  | { phase: 'synced' }
  /** Something failed; the cache keeps its last content (empty if never listed). Retrying after `retryInMs`. */
  | { phase: 'failed'; error: KubeError; retryInMs: number; everSynced: boolean }
  | { phase: 'stopped' };

export interface ListWatchOptions<T extends KubeObjectJson> {
  kc: KubeConfig;
  /** Lists the collection (the same scope and selector as the watch). */
  list: () => Promise<Errorable<ListResult<T>>>;
  /** e.g. `/api/v1/namespaces/test/pods`. */
  watchPath: string;
  /** Extra watch query parameters (labelSelector, fieldSelector). */
  watchParams?: Record<string, string>;
  /** For error messages: verb/resource/namespace. */
  context: ErrorContext;
  backoff?: BackoffPolicy;
  /** How long the server should keep each watch open; jittered by up to +100% (client-go does 5–10 min). */
  watchTimeoutSeconds?: number;
  scheduler?: Scheduler;
  random?: () => number;
  /** Starts one watch request (tests substitute a scripted stream). */
  startWatch?: WatchStarter;
}

/** Starts a watch; `onEvent` per line, `onDone` once (null: the stream ended normally). Returns a stop function. */
export type WatchStarter = (
  path: string,
  params: Record<string, string | number | boolean>,
  onEvent: (type: string, object: unknown) => void,
  onDone: (err: unknown) => void,
) => Promise<() => void>;

export function clientNodeWatch(kc: KubeConfig): WatchStarter {
  const watch = new Watch(kc);
  // client-node aborts a watch after 30 s without a byte. A quiet namespace sends nothing but
  // a bookmark about once a minute, so that would reconnect every 30 s; two minutes still
  // notices a dead connection, without the churn.
  (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = 120_000;
  return async (path, params, onEvent, onDone) => {
    const controller = await watch.watch(path, params, (type, obj) => onEvent(type, obj), onDone);
    return () => controller.abort();
  };
}

const keyOf = (o: KubeObjectJson): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

type Outcome = { kind: 'closed'; events: number } | { kind: 'expired'; events: number } | { kind: 'error'; error: KubeError; events: number } | { kind: 'stopped' };

export class ListWatch<T extends KubeObjectJson> {
  private readonly cache = new Map<string, T>();
  private resourceVersion: string | undefined;
  private _state: ListWatchState = { phase: 'connecting' };
  private running = false;
  private stopCurrent: (() => void) | undefined;
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;
  private everSynced = false;
  private readonly changeEmitter = new Emitter<Change<T>[]>('watched object changes');
  private readonly stateEmitter = new Emitter<ListWatchState>('watch state');
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly startWatch: WatchStarter;

  /** Batches of changes: one per watch event, or one per re-list (its diff against the cache). */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly opts: ListWatchOptions<T>) {
    this.scheduler = opts.scheduler ?? realScheduler;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? { initialMs: 1000, maxMs: 30_000, jitter: 0.5 };
    this.startWatch = opts.startWatch ?? clientNodeWatch(opts.kc);
  }

  get state(): ListWatchState {
    return this._state;
  }

  /** The cached objects, ordered by namespace/name. */
  items(): T[] {
    return [...this.cache.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }

  get(name: string, namespace?: string): T | undefined {
    if (namespace !== undefined) return this.cache.get(`${namespace}/${name}`);
    for (const o of this.cache.values()) if (o.metadata?.name === name) return o;
    return undefined;
  }

  /** The resourceVersion the next watch would resume from. */
  get lastResourceVersion(): string | undefined {
    return this.resourceVersion;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** Retries now instead of waiting out the backoff (the user pressed Refresh). */
  retryNow(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.stopCurrent?.();
    this.retryNow();
    this.setState({ phase: 'stopped' });
  }

  dispose(): void {
    this.stop();
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }

  private setState(s: ListWatchState): void {
    this._state = s;
    this.stateEmitter.fire(s);
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    let needList = true;
    while (this.running) {
      if (needList) {
        const listed = await this.opts.list();
        if (!this.running) return;
        if (!listed.ok) {
          await this.waitBackoff(listed.error, attempt++);
          continue;
        }
        this.replaceAll(listed.value);
        needList = false;
        this.everSynced = true;
        this.setState({ phase: 'synced' });
      }
      const startedAt = this.scheduler.now();
      const outcome = await this.watchOnce();
      if (outcome.kind === 'stopped' || !this.running) return;
      // A watch that delivered events or stayed open a while was healthy: whatever ends it
      // starts the backoff over. One that ended at once with nothing to say keeps escalating.
      const healthy = outcome.events > 0 || this.scheduler.now() - startedAt >= 1000;
      if (healthy) attempt = 0;
      if (outcome.kind === 'expired') {
        // The resourceVersion was compacted away: start over from a fresh list. Back off only if
        // that keeps happening without any event in between.
        needList = true;
        if (outcome.events === 0) await this.pause(attempt++);
        continue;
      }
      if (outcome.kind === 'error') {
        if (outcome.error.kind === 'not-found') needList = true;
        await this.waitBackoff(outcome.error, attempt++);
        continue;
      }
      // Closed normally (server timeout, idle timer). Resume at once unless it closed
      // immediately with nothing to say, which repeated would be a hot loop.
      if (!healthy) await this.pause(attempt++);
      if (this._state.phase !== 'synced') this.setState({ phase: 'synced' });
    }
  }

  private replaceAll(list: ListResult<T>): void {
    const next = new Map(list.items.map((o) => [keyOf(o), o] as const));
    const changes: Change<T>[] = [];
    for (const [k, o] of next) {
      const old = this.cache.get(k);
      if (!old) changes.push({ type: 'ADDED', object: o });
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion || old.metadata?.uid !== o.metadata?.uid) changes.push({ type: 'MODIFIED', object: o });
    }
    for (const [k, o] of this.cache) if (!next.has(k)) changes.push({ type: 'DELETED', object: o });
    this.cache.clear();
    for (const [k, o] of next) this.cache.set(k, o);
    this.resourceVersion = list.resourceVersion;
    // Fire even when nothing changed: the first list is news (the cache is now known to be complete).
    this.changeEmitter.fire(changes);
  }

  private watchOnce(): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let events = 0;
      let finished = false;
      const finish = (o: Outcome): void => {
        if (finished) return;
        finished = true;
        this.stopCurrent = undefined;
        stop?.();
        resolve(o);
      };
      let stop: (() => void) | undefined;
      this.stopCurrent = () => finish({ kind: 'stopped' });
      const timeout = Math.round((this.opts.watchTimeoutSeconds ?? 300) * (1 + this.random()));
      const params: Record<string, string | number | boolean> = {
        ...this.opts.watchParams,
        allowWatchBookmarks: true,
        timeoutSeconds: timeout,
        ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
      };
      const onEvent = (type: string, object: unknown): void => {
        if (finished) return;
        if (type === 'ERROR') {
          const status = object as { code?: number; reason?: string };
          if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') finish({ kind: 'expired', events });
          else finish({ kind: 'error', error: fromStatus(status.code ?? 500, status, this.opts.context), events });
          return;
        }
        const obj = object as T;
        const rv = obj.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
        if (type === 'BOOKMARK') return;
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
        events++;
        if (type === 'DELETED') this.cache.delete(keyOf(obj));
        else this.cache.set(keyOf(obj), obj);
        this.changeEmitter.fire([{ type, object: obj }]);
      };
      const onDone = (err: unknown): void => {
        if (finished) return;
        if (!err || isAbort(err)) return finish({ kind: 'closed', events });
        if ((err as { statusCode?: number }).statusCode === 410) return finish({ kind: 'expired', events });
        finish({ kind: 'error', error: toKubeError(err, { ...this.opts.context, verb: 'watch' }), events });
      };
      this.startWatch(this.opts.watchPath, params, onEvent, onDone).then(
        (s) => {
          stop = s;
          if (finished) s();
          // Connected again after a failure: the cache is live once more.
          else if (this._state.phase === 'failed') this.setState({ phase: 'synced' });
        },
        (err: unknown) => onDone(err ?? new Error('watch failed to start')),
      );
    });
  }

  private async waitBackoff(error: KubeError, attempt: number): Promise<void> {
    const delay = backoffDelay(attempt, this.backoff, this.random);
    this.setState({ phase: 'failed', error, retryInMs: delay, everSynced: this.everSynced });
    await this.sleep(delay);
  }

  private pause(attempt: number): Promise<void> {
    return this.sleep(backoffDelay(attempt, this.backoff, this.random));
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.scheduler.after(ms, () => {
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      });
    });
  }
}

/** client-node aborts the request when its 30 s idle timer fires or when we stop it; both are a normal end. */
function isAbort(err: unknown): boolean {
  const name = (err as { name?: string }).name;
  return name === 'AbortError' || name === 'TimeoutError';
}
