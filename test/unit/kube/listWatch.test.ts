// The informer's reconnect policy with a scripted watch and a manual clock: no sockets, no time.
import { strict as assert } from 'node:assert';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectJson } from '../../../src/core/kube/objects';
import { type Errorable, fail, kubeError, ok } from '../../../src/core/result';
import type { Scheduler } from '../../../src/core/timing';
import { type ListResult, ListWatch, type WatchStarter } from '../../../src/infra/kube/listWatch';

class ManualScheduler implements Scheduler {
  time = 0;
  timers: { ms: number; fn: () => void; live: boolean }[] = [];
  now = () => this.time;
  after(ms: number, fn: () => void) {
    const t = { ms, fn, live: true };
    this.timers.push(t);
    return { cancel: () => (t.live = false) };
  }
  fire(): number {
    const t = this.timers.find((x) => x.live);
    if (!t) throw new Error('no timer');
    t.live = false;
    this.time += t.ms;
    t.fn();
    return t.ms;
  }
}

interface Session {
  params: Record<string, string | number | boolean>;
  emit(type: string, obj: unknown): void;
  end(err?: unknown): void;
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
const pod = (name: string, rv: string): KubeObjectJson => ({ metadata: { name, namespace: 'test', resourceVersion: rv, uid: name } });

function harness(lists: Errorable<ListResult<KubeObjectJson>>[]) {
  const sessions: Session[] = [];
  const startWatch: WatchStarter = async (_path, params, onEvent, onDone) => {
    sessions.push({ params, emit: onEvent, end: (err) => onDone(err ?? null) });
    return () => undefined;
  };
  const scheduler = new ManualScheduler();
  let listCalls = 0;
  const queue = [...lists];
  const lw = new ListWatch<KubeObjectJson>({
    kc: new KubeConfig(),
    list: async () => {
      listCalls++;
      return queue.shift() ?? ok({ items: [], resourceVersion: '1' });
    },
    watchPath: '/api/v1/namespaces/test/pods',
    context: { verb: 'watch', resource: 'pods' },
    backoff: { initialMs: 100, maxMs: 800, jitter: 0 },
    scheduler,
    random: () => 0,
    startWatch,
  });
  return { lw, sessions, scheduler, lists: () => listCalls };
}

describe('ListWatch reconnect policy (scripted watch, manual clock)', () => {
  it('resumes from the newest resourceVersion seen, bookmarks included, with no delay after a long watch', async () => {
    const h = harness([ok({ items: [pod('a', '10')], resourceVersion: '10' })]);
    h.lw.start();
    await settle();
    assert.equal(h.sessions[0].params.resourceVersion, '10');
    assert.equal(h.sessions[0].params.allowWatchBookmarks, true);
    h.sessions[0].emit('ADDED', pod('b', '11'));
    h.sessions[0].emit('BOOKMARK', { metadata: { resourceVersion: '15' } });
    h.scheduler.time += 60_000;
    h.sessions[0].end();
    await settle();
    assert.equal(h.sessions[1].params.resourceVersion, '15');
    assert.equal(h.lists(), 1);
    assert.deepEqual(h.lw.items().map((o) => o.metadata?.name), ['a', 'b']);
    h.lw.dispose();
  });

  it('backs off when the watch keeps closing at once with nothing (no hot loop)', async () => {
    const h = harness([]);
    h.lw.start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      h.sessions.at(-1)?.end();
      await settle();
      delays.push(h.scheduler.fire());
      await settle();
    }
    assert.deepEqual(delays, [100, 200, 400, 800, 800]);
    h.lw.dispose();
  });

  it('re-lists on an ERROR 410 event, and on a watch answered with status 410', async () => {
    const h = harness([ok({ items: [], resourceVersion: '5' }), ok({ items: [pod('x', '9')], resourceVersion: '9' }), ok({ items: [], resourceVersion: '12' })]);
    h.lw.start();
    await settle();
    h.sessions[0].emit('ADDED', pod('y', '6'));
    h.sessions[0].emit('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (8)' });
    await settle();
    assert.equal(h.lists(), 2);
    assert.equal(h.sessions[1].params.resourceVersion, '9');
    assert.deepEqual(h.lw.items().map((o) => o.metadata?.name), ['x']);
    h.sessions[1].emit('MODIFIED', pod('x', '10'));
    h.sessions[1].end(Object.assign(new Error('Gone'), { statusCode: 410 }));
    await settle();
    assert.equal(h.lists(), 3);
    h.lw.dispose();
  });

  it('reports a failed list with the error and the retry delay, keeps retrying, and can retry at once', async () => {
    const h = harness([fail(kubeError('unreachable', 'down')), fail(kubeError('unreachable', 'down')), ok({ items: [pod('a', '3')], resourceVersion: '3' })]);
    const states: string[] = [];
    h.lw.onDidChangeState((s) => states.push(s.phase === 'failed' ? `failed:${s.error.kind}:${s.retryInMs}` : s.phase));
    h.lw.start();
    await settle();
    assert.equal(h.scheduler.fire(), 100);
    await settle();
    h.lw.retryNow();
    await settle();
    assert.deepEqual(states, ['failed:unreachable:100', 'failed:unreachable:200', 'synced']);
    assert.equal(h.lw.items().length, 1);
    h.lw.dispose();
  });

  it('starts the backoff over after a healthy watch: a blip after a long quiet stretch retries soon', async () => {
    const down = fail(kubeError('unreachable', 'down'));
    const h = harness([down, down, down, ok({ items: [], resourceVersion: '1' })]);
    h.lw.start();
    await settle();
    for (const expected of [100, 200, 400]) {
      assert.equal(h.scheduler.fire(), expected);
      await settle();
    }
    assert.deepEqual(h.lw.state, { phase: 'synced' });
    h.scheduler.time += 60_000;
    h.sessions[0].end(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await settle();
    const s = h.lw.state;
    assert.equal(s.phase === 'failed' && s.retryInMs, 100);
    h.lw.dispose();
  });

  it('maps a 403 ERROR event to forbidden and a TimeoutError end to a normal resume', async () => {
    const h = harness([ok({ items: [], resourceVersion: '1' })]);
    h.lw.start();
    await settle();
    h.scheduler.time += 5000;
    h.sessions[0].end(Object.assign(new Error('aborted'), { name: 'TimeoutError' }));
    await settle();
    assert.equal(h.sessions.length, 2, 'resumed at once');
    h.sessions[1].emit('ERROR', { kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods is forbidden' });
    await settle();
    const s = h.lw.state;
    assert.equal(s.phase === 'failed' && s.error.kind, 'forbidden');
    h.lw.dispose();
  });
});
