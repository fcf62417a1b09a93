// k6's executors, run against the real clock: which VU starts which iteration when. Looping
// executors (constant-vus, ramping-vus, shared-iterations, per-vu-iterations) keep VUs
// iterating back to back; arrival-rate executors start iterations at a rate whatever the
// answers' speed, from a set of VUs that grows up to maxVUs (an iteration with no free VU is
// dropped and counted in dropped_iterations, as in k6). When a scenario's time is up its
// running iterations get gracefulStop to finish, then they are interrupted.

export class ScenarioRun {
  /** `ctx` is the engine: pool, iterate(), sleepUntil(), stopped, dropped(). */
  constructor(ctx, sc) {
    this.ctx = ctx;
    this.sc = sc;
    this.nextIteration = 0;
    this.vus = new Set();
    this.busy = new Set();
  }

  async run() {
    const { ctx, sc } = this;
    await ctx.sleepUntil(sc.startMs);
    if (ctx.stopped) return;
    this.t0 = ctx.elapsed();
    this.startedAt = Date.now();
    try {
      await this[sc.executor.replace(/-([a-z])/g, (_, c) => c.toUpperCase())]();
    } finally {
      for (const vu of this.vus) ctx.pool.release(vu);
      this.vus.clear();
    }
  }

  since() {
    return this.ctx.elapsed() - this.t0;
  }

  untilScenario(ms) {
    return this.ctx.sleepUntil(this.t0 + ms);
  }

  async take() {
    const vu = await this.ctx.acquire();
    if (vu) this.vus.add(vu);
    return vu;
  }

  async takeN(n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const vu = await this.take();
      if (!vu) break;
      out.push(vu);
    }
    return out;
  }

  async iterate(vu) {
    this.busy.add(vu);
    try {
      return await this.ctx.iterate(vu, this.sc, this.nextIteration++, this);
    } finally {
      this.busy.delete(vu);
    }
  }

  /** Loops a VU while `more()` says so and the test is not stopping. */
  async loop(vu, more) {
    while (!this.ctx.stopped && more()) await this.iterate(vu);
  }

  /** After the scenario's time: running iterations get `graceMs`, then are interrupted. */
  async finish(work, graceMs) {
    const all = Promise.all(work);
    await Promise.race([all, this.ctx.sleep(graceMs)]);
    for (const vu of this.busy) vu.interrupt();
    await all;
  }

  async constantVus() {
    const { sc } = this;
    const vus = await this.takeN(sc.vus);
    const loops = vus.map((vu) => this.loop(vu, () => this.since() < sc.durationMs));
    await Promise.race([Promise.all(loops), this.untilScenario(sc.durationMs)]);
    await this.finish(loops, sc.gracefulStopMs);
  }

  /** VUs at `t` ms into the stages: linear between targets, whole VUs as k6 steps them. */
  rampTarget(t) {
    const { sc } = this;
    let from = sc.startVUs;
    let at = 0;
    for (const st of sc.stages) {
      if (t < at + st.durationMs) {
        const v = from + ((st.target - from) * (t - at)) / st.durationMs;
        return st.target >= from ? Math.floor(v + 1e-9) : Math.ceil(v - 1e-9);
      }
      at += st.durationMs;
      from = st.target;
    }
    return from;
  }

  async rampingVus() {
    const { sc, ctx } = this;
    const totalMs = sc.stages.reduce((a, s) => a + s.durationMs, 0);
    const slots = [];
    const active = () => slots.filter((s) => !s.retired);
    while (!ctx.stopped && this.since() < totalMs) {
      const want = this.rampTarget(this.since());
      while (active().length < want) {
        const vu = await this.take();
        if (!vu) break;
        const slot = { vu, retired: false };
        slot.done = this.loop(vu, () => !slot.retired && this.since() < totalMs);
        slots.push(slot);
      }
      for (const slot of active().slice(want).reverse()) {
        slot.retired = true;
        // gracefulRampDown: a VU leaving the ramp may finish its iteration, within limits.
        const t = setTimeout(() => this.busy.has(slot.vu) && slot.vu.interrupt(), sc.gracefulRampDownMs);
        t.unref();
        void slot.done.then(() => clearTimeout(t));
      }
      await ctx.sleep(50);
    }
    await this.finish(slots.map((s) => s.done), sc.gracefulStopMs);
  }

  async sharedIterations() {
    const { sc } = this;
    let taken = 0;
    const vus = await this.takeN(Math.min(sc.vus, sc.iterations));
    const loops = vus.map((vu) => this.loop(vu, () => this.since() < sc.maxDurationMs && taken++ < sc.iterations));
    await Promise.race([Promise.all(loops), this.untilScenario(sc.maxDurationMs)]);
    await this.finish(loops, sc.gracefulStopMs);
  }

  async perVuIterations() {
    const { sc } = this;
    const vus = await this.takeN(sc.vus);
    const loops = vus.map((vu) => {
      let n = 0;
      return this.loop(vu, () => this.since() < sc.maxDurationMs && n++ < sc.iterations);
    });
    await Promise.race([Promise.all(loops), this.untilScenario(sc.maxDurationMs)]);
    await this.finish(loops, sc.gracefulStopMs);
  }

  /** When (ms into the scenario) iteration `i` starts, for a rate that changes linearly by stage. */
  arrivalTime(i) {
    const { sc } = this;
    const perMs = (r) => r / sc.timeUnitMs;
    if (sc.executor === 'constant-arrival-rate') {
      const t = i / perMs(sc.rate);
      return t < sc.durationMs ? t : undefined;
    }
    let from = sc.startRate;
    let at = 0;
    let done = 0;
    for (const st of sc.stages) {
      const a = perMs(from);
      const b = perMs(st.target);
      const inStage = ((a + b) / 2) * st.durationMs;
      if (done + inStage > i) {
        const rem = i - done;
        const slope = (b - a) / st.durationMs;
        const x = Math.abs(slope) < 1e-15 ? rem / a : (-a + Math.sqrt(Math.max(0, a * a + 2 * slope * rem))) / slope;
        return at + x;
      }
      done += inStage;
      at += st.durationMs;
      from = st.target;
    }
    return undefined;
  }

  async arrivalRate() {
    const { sc, ctx } = this;
    const free = [];
    let starting = 0;
    const running = new Set();
    const endMs = sc.durationMs ?? sc.stages.reduce((a, s) => a + s.durationMs, 0);
    for (let i = 0; !ctx.stopped; i++) {
      const at = this.arrivalTime(i);
      if (at === undefined || at >= endMs) break;
      await this.untilScenario(at);
      if (ctx.stopped) break;
      let vu = free.pop();
      if (!vu && this.vus.size + starting < sc.preAllocatedVUs) vu = await this.take();
      if (!vu) {
        ctx.dropped(sc);
        if (this.vus.size + starting < sc.maxVUs) {
          // k6 starts another VU in the background, up to maxVUs; this iteration is lost.
          starting++;
          void this.take().then((v) => {
            starting--;
            if (v) free.push(v);
          });
        }
        continue;
      }
      const p = this.iterate(vu).then(() => {
        running.delete(p);
        free.push(vu);
      });
      running.add(p);
    }
    await this.untilScenario(endMs);
    await this.finish([...running], sc.gracefulStopMs);
  }

  constantArrivalRate() {
    return this.arrivalRate();
  }

  rampingArrivalRate() {
    return this.arrivalRate();
  }
}
