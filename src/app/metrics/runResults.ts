// What one run's results panel shows, kept by the host whether or not the panel is open:
// live ticks and the summary go in, panel messages come out. A panel that opens (or
// reloads) mid-run gets `state()`; an open one gets the incremental messages.
import { redactSecrets } from '../../core/analysis/explainPrompt';
import { liveFindings } from '../../core/analysis/analyzeRun';
import type { ResourceProblem, RunSummary } from '../../core/metrics/types';
import { mergeSeries } from '../../core/metrics/windows';
import { activeRunStates, type RunRecord } from '../../core/model';
import type { Banner, Explanation, HostMessage, LiveState, PanelRun, PanelState } from '../../core/panelProtocol';
import type { MetricsError } from '../../infra/influx/dialect';
import type { LiveSnapshot, TickResult } from './liveSession';

export function panelRun(r: RunRecord): PanelRun {
  return {
    id: r.id,
    state: r.state,
    engine: r.engine,
    scriptPath: r.scriptPath,
    // A target URL can carry user info or a key; the panel (screen-shared, exported) shows it without.
    ...(r.target ? { target: redactSecrets(r.target) } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  };
}

/** The banner for a tick that could not read InfluxDB. */
export function bannerFor(status: 'delayed' | 'waiting', error: MetricsError | undefined, refreshSeconds: number): Banner {
  if (status === 'waiting') {
    return { kind: 'waiting', message: `Waiting for the first metrics. ${error?.message ?? ''}`.trim() };
  }
  const why = error?.message ?? 'InfluxDB did not answer.';
  return {
    kind: 'delayed',
    message: `Metrics delayed: ${why} Retrying every ${refreshSeconds} s; the charts catch up with no gap once it answers.`,
  };
}

export class RunResults {
  private state_: PanelState;

  constructor(run: RunRecord, windowMs = 1000) {
    this.state_ = { run: panelRun(run), live: isActive(run) ? 'waiting' : 'finished', windowMs, series: [], endpoints: { rows: [] }, resources: [] };
  }

  get runId(): string {
    return this.state_.run.id;
  }

  get summary(): RunSummary | undefined {
    return this.state_.summary;
  }

  get run(): PanelRun {
    return this.state_.run;
  }

  /** Everything, for a panel that just said `ready`. */
  state(): PanelState {
    return this.state_;
  }

  setRun(run: RunRecord): HostMessage[] {
    const live: LiveState = isActive(run) ? (this.state_.live === 'finished' ? 'waiting' : this.state_.live) : 'finished';
    this.state_ = { ...this.state_, run: panelRun(run), live };
    return [{ type: 'run', run: this.state_.run }];
  }

  /** Replaces everything with a live session's snapshot (a panel reattaching to a running run). */
  setSnapshot(s: LiveSnapshot): HostMessage[] {
    this.state_ = {
      ...this.state_,
      live: s.status,
      windowMs: s.windowMs,
      series: s.series,
      endpoints: s.endpoints,
      // A session without pod sampling leaves what the host already knows about resources.
      resources: s.resources.length > 0 ? s.resources : this.state_.resources,
      resourceProblem: s.resourceProblem ?? this.state_.resourceProblem,
    };
    return [{ type: 'state', state: this.state_ }];
  }

  /** A finished run, loaded from SQLite and InfluxDB. */
  setHistory(h: Partial<Pick<PanelState, 'series' | 'windowMs' | 'resources' | 'resourceProblem' | 'summary' | 'banner'>>): HostMessage[] {
    this.state_ = { ...this.state_, ...h, live: 'finished' };
    if (h.summary) this.state_.endpoints = { rows: h.summary.endpoints };
    return [{ type: 'state', state: this.state_ }];
  }

  applyTick(tick: TickResult, refreshSeconds: number): HostMessage[] {
    const out: HostMessage[] = [];
    if (tick.status === 'live') {
      if (tick.series) {
        this.state_.series = mergeSeries(this.state_.series, tick.series.points, tick.series.from);
        out.push({ type: 'series', from: tick.series.from, points: tick.series.points, live: 'live' });
      }
      if (this.state_.banner && this.state_.banner.kind !== 'error') out.push(...this.setBanner(undefined));
    } else {
      out.push(...this.setBanner(bannerFor(tick.status, tick.error, refreshSeconds)));
    }
    if (tick.status === 'live' && tick.series && !this.state_.summary) out.push(...this.updateLiveFindings());
    const live: LiveState = this.state_.live === 'finished' ? 'finished' : tick.status;
    if (live !== this.state_.live && !(tick.status === 'live' && tick.series)) out.push({ type: 'live', live });
    this.state_.live = live;
    if (!this.state_.summary) {
      this.state_.endpoints = tick.endpoints;
      out.push({ type: 'endpoints', endpoints: tick.endpoints });
    }
    if (tick.resources) {
      this.state_.resources = this.state_.resources.concat(tick.resources.messages).slice(-20_000);
      this.state_.resourceProblem = tick.resources.problem;
      out.push({ type: 'resources', messages: tick.resources.messages, ...(tick.resources.problem ? { problem: tick.resources.problem } : {}) });
    }
    return out;
  }

  setSummary(summary: RunSummary): HostMessage[] {
    this.state_ = { ...this.state_, summary, endpoints: { rows: summary.endpoints }, live: 'finished' };
    return [{ type: 'summary', summary }];
  }

  setResourceProblem(problem: ResourceProblem | undefined): HostMessage[] {
    this.state_ = { ...this.state_, resourceProblem: problem };
    return [{ type: 'resources', messages: [], ...(problem ? { problem } : {}) }];
  }

  /** The findings the windows so far show; sent only when they change. */
  private updateLiveFindings(): HostMessage[] {
    const found = liveFindings(this.state_.series, this.state_.windowMs);
    if (JSON.stringify(found) === JSON.stringify(this.state_.liveFindings ?? [])) return [];
    this.state_ = { ...this.state_, liveFindings: found };
    return [{ type: 'liveFindings', findings: found }];
  }

  setExplanation(explanation: Explanation): HostMessage[] {
    this.state_ = { ...this.state_, explanation };
    return [{ type: 'explanation', explanation }];
  }

  setBanner(banner: Banner | undefined): HostMessage[] {
    const same = JSON.stringify(banner) === JSON.stringify(this.state_.banner);
    this.state_ = { ...this.state_, banner };
    return same ? [] : [{ type: 'banner', ...(banner ? { banner } : {}) }];
  }
}

function isActive(r: RunRecord): boolean {
  return activeRunStates.includes(r.state);
}
