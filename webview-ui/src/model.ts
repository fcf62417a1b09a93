// The panel's model: what the host has told it so far. Pure functions, so the state that is
// persisted with setState and the one rebuilt from messages are the same thing.
import { type HostMessage, isActiveRunState, type PanelFilter, type PanelRun, type PanelState, type WindowPoint } from '../../src/core/panelProtocol';

export interface Persisted {
  runId: string;
  filter: PanelFilter;
  state?: PanelState;
}

/** Points kept in the persisted state (a reload asks the host for the rest anyway). */
export const persistedPoints = 3600;

/** Replaces every point at or after `from`; the host sends them sorted. */
export function mergePoints(existing: readonly WindowPoint[], from: number, points: readonly WindowPoint[]): WindowPoint[] {
  let lo = 0;
  let hi = existing.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (existing[mid].t < from) lo = mid + 1;
    else hi = mid;
  }
  return existing.slice(0, lo).concat(points);
}

/** The state after a host message (a `state` message replaces everything). */
export function applyHostMessage(state: PanelState | undefined, m: HostMessage): PanelState | undefined {
  if (m.type === 'state') return m.state;
  if (!state) return undefined;
  switch (m.type) {
    case 'series':
      return { ...state, series: mergePoints(state.series, m.from, m.points), live: m.live };
    case 'endpoints':
      return { ...state, endpoints: m.endpoints };
    case 'resources':
      return { ...state, resources: state.resources.concat(m.messages).slice(-20_000), resourceProblem: m.problem };
    case 'run':
      // A run that ended is no longer live, whatever the last tick said.
      return { ...state, run: m.run, live: isActiveRunState(m.run.state) ? state.live : 'finished' };
    case 'live':
      return { ...state, live: m.live };
    case 'summary':
      return { ...state, summary: m.summary, endpoints: { rows: m.summary.endpoints }, live: 'finished' };
    case 'comparison':
      return { ...state, comparison: m.comparison };
    case 'banner':
      return { ...state, banner: m.banner };
    case 'explanation':
      return { ...state, explanation: m.explanation };
    case 'liveFindings':
      return { ...state, liveFindings: m.findings };
    case 'exported':
      return state;
  }
}

/** What is written with setState: bounded, so persisting stays cheap on long runs. */
export function toPersisted(runId: string, filter: PanelFilter, state: PanelState | undefined): Persisted {
  if (!state) return { runId, filter };
  return { runId, filter, state: { ...state, series: state.series.slice(-persistedPoints), resources: state.resources.slice(-2000) } };
}

/** Reads back what setState stored (it may be from an older version or absent). */
export function fromPersisted(raw: unknown): Persisted | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Partial<Persisted>;
  if (typeof p.runId !== 'string') return undefined;
  const filter: PanelFilter = p.filter === 'k6' || p.filter === 'resources' ? p.filter : 'all';
  const ok = p.state && typeof p.state === 'object' && Array.isArray(p.state.series) && Array.isArray(p.state.resources) && p.state.run?.id === p.runId;
  return { runId: p.runId, filter, state: ok ? p.state : undefined };
}

/** The live indicator's text: only an active run can be live, delayed or waiting. */
export function liveLabel(run: PanelRun, live: PanelState['live']): string {
  if (!isActiveRunState(run.state) || live === 'finished') return '';
  return live === 'live' ? '● live' : live;
}

/** What the endpoint table says when it has no rows, by where the run is. */
export function emptyEndpointsText(run: PanelRun): string {
  if (isActiveRunState(run.state)) return 'No requests yet.';
  return run.state === 'finished' ? 'No requests were recorded for this run.' : `No requests were recorded: the run ${run.state} before any reached InfluxDB.`;
}
