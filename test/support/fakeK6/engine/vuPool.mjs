// The engine's side of the VUs: one worker thread per VU (runtime/vu.mjs), started on demand
// and reused across scenarios like k6's VU buffer. A VU's HTTP calls arrive on its port while
// its thread waits; the request is performed here and k6's http_req_* samples recorded (the
// engine knows the timings and the bytes on the wire), then the VU is woken with the answer.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { VuHttpClient } from './httpClient.mjs';

const vuFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'runtime', 'vu.mjs');

/** Does the response callback (k6's expectedStatuses list, or null) accept this status? */
function expectedOf(ranges, status) {
  if (ranges === null) return undefined;
  return ranges.some((r) => status >= r.min && status <= r.max);
}

export class Vu {
  constructor(engine, idInInstance) {
    this.engine = engine;
    this.id = idInInstance;
    this.iterations = 0;
    this.bytesSent = 0;
    this.bytesReceived = 0;
    this.http = new VuHttpClient();
    this.flags = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(vuFile, {
      execArgv: [],
      stdout: false,
      workerData: {
        scriptPath: engine.config.scriptPath,
        scriptText: engine.config.scriptText,
        env: engine.config.env,
        port: port2,
        flags: this.flags.buffer,
        vu: { idInInstance, idInTest: engine.vuIdInTest(idInInstance) },
        options: engine.scriptOptions,
      },
      transferList: [port2],
    });
    this.port.on('message', (m) => void this.onCall(m));
    this.worker.on('message', (m) => this.onMessage(m));
    this.worker.on('error', (err) => this.settle({ error: { message: `${err.name}: ${err.message}`, stack: '' } }));
    this.worker.on('exit', () => this.settle({ error: { message: 'the VU stopped', stack: '' }, interrupted: true }));
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  onMessage(m) {
    if (m.type === 'samples') for (const s of m.samples) this.engine.ingest(s, this);
    else if (m.type === 'log') this.engine.log(m.level, m.text, { source: 'console' });
    else if (m.type === 'ready' || m.type === 'initError') this.resolveReady(m);
    else if (m.type === 'done') this.settle(m);
  }

  settle(m) {
    this.resolveReady?.({ type: 'initError', error: m.error });
    const resolve = this.resolveRun;
    this.resolveRun = undefined;
    resolve?.(m);
  }

  /** Runs one exported function (an iteration, setup, teardown or handleSummary). */
  run(job) {
    this.bytesSent = 0;
    this.bytesReceived = 0;
    this.interruptedAt = undefined;
    return new Promise((resolve) => {
      this.resolveRun = (m) => resolve({ ...m, interrupted: Boolean(m.error?.interrupted || m.interrupted) });
      this.worker.postMessage({ type: 'run', ...job });
    });
  }

  /** Asks the script to stop at its next sleep or request; a VU stuck in plain JS is terminated. */
  interrupt(graceMs = 2000) {
    if (!this.resolveRun) return;
    Atomics.store(this.flags, 1, 1);
    Atomics.notify(this.flags, 1);
    const t = setTimeout(() => {
      if (this.resolveRun) void this.worker.terminate();
    }, graceMs);
    t.unref();
  }

  async onCall({ type, payload }) {
    let reply;
    try {
      if (type === 'http') reply = await this.performHttp(payload);
      else if (type === 'instance') reply = this.engine.instanceInfo();
      else reply = { __error: `unknown call ${type}` };
    } catch (err) {
      reply = { __error: String(err?.message ?? err) };
    }
    this.port.postMessage(reply);
    Atomics.store(this.flags, 0, 1);
    Atomics.notify(this.flags, 0);
  }

  async performHttp({ requests, tags, expected }) {
    const done = await Promise.all(requests.map((r) => this.http.perform(r)));
    done.forEach(({ hops }, i) => hops.forEach((h) => this.recordHttp(h.req, tags[i], expected[i], h.result)));
    return done.map((d) => d.result);
  }

  /** k6's samples for one request: http_reqs, the six timings, duration and http_req_failed. */
  recordHttp(req, vuTags, expectedRanges, result) {
    this.bytesSent += result.bytesSent;
    this.bytesReceived += result.bytesReceived;
    const ok = expectedOf(expectedRanges, result.status);
    const tags = { method: req.method, url: req.url, name: req.url, status: String(result.status), proto: result.proto ?? '' };
    if (ok !== undefined) tags.expected_response = String(ok);
    if (result.error) {
      Object.assign(tags, { error: result.error, error_code: String(result.errorCode) });
      // As k6 (with throw off): every request that got no response is logged, in Go's url.Error words.
      const verb = req.method.charAt(0) + req.method.slice(1).toLowerCase();
      this.engine.log('warning', 'Request Failed', { error: `${verb} "${req.url}": ${result.error}` });
    }
    if (result.tlsVersion) tags.tls_version = result.tlsVersion.replace('TLSv', 'tls');
    Object.assign(tags, vuTags);
    const time = performance.timeOrigin + performance.now();
    const t = result.timings;
    const add = (metric, type, value, contains = 'time') => this.engine.ingest({ metric, type, contains, value, tags, time }, this);
    add('http_reqs', 'counter', 1, 'default');
    add('http_req_duration', 'trend', t.duration);
    add('http_req_blocked', 'trend', t.blocked);
    add('http_req_connecting', 'trend', t.connecting);
    add('http_req_tls_handshaking', 'trend', t.tls_handshaking);
    add('http_req_sending', 'trend', t.sending);
    add('http_req_waiting', 'trend', t.waiting);
    add('http_req_receiving', 'trend', t.receiving);
    if (ok !== undefined) add('http_req_failed', 'rate', ok ? 0 : 1, 'default');
    this.engine.config.hooks?.onRequest?.(req, tags, result);
  }

  async terminate() {
    this.http.close();
    this.port.close();
    await this.worker.terminate();
  }
}

/** The VUs of a test, started lazily (at most `max`), handed out to executors and given back. */
export class VuPool {
  constructor(engine, max) {
    this.engine = engine;
    this.max = max;
    this.all = [];
    this.free = [];
    this.starting = 0;
    this.nextId = 1;
  }

  get initialized() {
    return this.all.length;
  }

  /** A free VU, starting a new one if there is none and the cap allows; undefined otherwise. */
  async acquire() {
    const vu = this.free.pop();
    if (vu) return vu;
    if (this.all.length + this.starting >= this.max) return undefined;
    this.starting++;
    const fresh = new Vu(this.engine, this.nextId++);
    const ready = await fresh.ready;
    this.starting--;
    if (ready.type !== 'ready') {
      await fresh.terminate();
      throw Object.assign(new Error(ready.error?.message ?? 'VU initialization failed'), { vuError: ready.error });
    }
    this.all.push(fresh);
    return fresh;
  }

  release(vu) {
    this.free.push(vu);
  }

  async close() {
    await Promise.all(this.all.map((v) => v.terminate()));
  }
}
