// A live run's metrics, one tick at a time. Each tick asks InfluxDB only for the windows after
// the last complete one (re-reading the still-open ones), never the whole run, so a tick's
// cost stays flat however long the run gets. When InfluxDB cannot be reached the tick says
// "delayed" and keeps its cursor: the next good tick re-reads from the last complete window,
// so the series has no gap.
import { alignDown, batchPoints, EndpointAccumulator, mergeSeries, planTick } from '../../core/metrics/windows';
import type { EndpointTable, ResourceMessage, ResourceProblem, WindowPoint } from '../../core/metrics/types';
import type { MetricsDialect, MetricsError } from '../../infra/influx/dialect';
import { type PodResourceSource, type PodTarget, ResourceSampler, type SampleSink } from './resources';

export type LiveStatus =
  /** Fresh data. */
  | 'live'
  /** InfluxDB unreachable or refusing: the panel shows "metrics delayed". */
  | 'delayed'
  /** The database does not exist yet (k6 creates it on its first write). */
  | 'waiting';

export interface TickResult {
  at: number;
  status: LiveStatus;
  error?: MetricsError;
  /** Points replacing every point at or after `from` (absent when the tick failed). */
  series?: { from: number; points: WindowPoint[] };
  endpoints: EndpointTable;
  /** Absent when the run has no resource sampling. */
  resources?: { messages: ResourceMessage[]; problem?: ResourceProblem };
}

export interface LiveSnapshot {
  status: LiveStatus;
  error?: MetricsError;
  windowMs: number;
  series: WindowPoint[];
  endpoints: EndpointTable;
  resources: ResourceMessage[];
  resourceProblem?: ResourceProblem;
}

export interface LiveSessionOptions {
  dialect: MetricsDialect;
  testid: string;
  /** Epoch ms the run started (its first window). */
  start: number;
  /** Window size; 1 s matches k6's push interval. */
  windowMs?: number;
  /** A window counts as complete this long after its end (late k6 pushes). */
  settleMs?: number;
  /** How far back the live per-endpoint p95 looks. */
  recentSeconds?: number;
  now?: () => number;
  resources?: { source: PodResourceSource; target: PodTarget; sink?: SampleSink };
  /** The run's k6 pods: sampled into the sink only (the findings judge them), not charted. */
  generators?: { source: PodResourceSource; target: PodTarget; sink: SampleSink };
  /** Bound on resource messages kept for a panel opened mid-run. */
  maxResourceHistory?: number;
}

export interface LiveMetricsSession {
  readonly testid: string;
  readonly windowMs: number;
  /** One tick; concurrent calls share the tick in flight. */
  tick(): Promise<TickResult>;
  /** Everything so far, for a panel that opens (or reloads) mid-run. */
  snapshot(): LiveSnapshot;
  /** The start of the first window that is not complete yet. */
  readonly cursor: number;
}

export function createLiveMetricsSession(o: LiveSessionOptions): LiveMetricsSession {
  const windowMs = o.windowMs ?? 1000;
  const plan = { windowMs, settleMs: o.settleMs ?? 3000, recentSeconds: o.recentSeconds ?? 30 };
  const now = o.now ?? Date.now;
  const runStart = alignDown(o.start, windowMs);
  const sampler = o.resources ? new ResourceSampler(o.resources.source, o.resources.target, o.testid, o.resources.sink) : undefined;
  const generators = o.generators ? new ResourceSampler(o.generators.source, { ...o.generators.target, role: 'generator' }, o.testid, o.generators.sink) : undefined;
  const maxHistory = o.maxResourceHistory ?? 20_000;
  const endpoints = new EndpointAccumulator();
  let cursor = runStart;
  let series: WindowPoint[] = [];
  let resourceHistory: ResourceMessage[] = [];
  let resourceProblem: ResourceProblem | undefined;
  let status: LiveStatus = 'waiting';
  let lastError: MetricsError | undefined;
  let inFlight: Promise<TickResult> | undefined;

  /** From the first window with data to the end of the last one (or now, before any data). */
  const elapsedSeconds = (at: number) => {
    if (series.length === 0) return Math.max(0, at - runStart) / 1000;
    return (series[series.length - 1].t + windowMs - series[0].t) / 1000;
  };

  async function run(): Promise<TickResult> {
    const at = now();
    const p = planTick(cursor, at, plan);
    const [metrics, resources] = await Promise.all([
      o.dialect.windows(o.testid, { range: p.range, windowMs, recentRange: p.recentRange }),
      sampler?.sample(at),
      generators?.sample(at),
    ]);
    if (resources) {
      resourceProblem = resources.problem;
      resourceHistory = resourceHistory.concat(resources.messages);
      if (resourceHistory.length > maxHistory) resourceHistory = resourceHistory.slice(-maxHistory);
    }
    const base = { at, resources };
    if (!metrics.ok) {
      status = metrics.error.kind === 'not-found' ? 'waiting' : 'delayed';
      lastError = metrics.error;
      return { ...base, status, error: metrics.error, endpoints: endpoints.table(elapsedSeconds(at)) };
    }
    const points = batchPoints(metrics.value);
    series = mergeSeries(series, points, p.range.start);
    endpoints.apply(metrics.value.endpoints, p.range.start, p.completeUntil);
    endpoints.setRecentP95(metrics.value.recentP95, plan.recentSeconds);
    cursor = p.completeUntil;
    status = 'live';
    lastError = undefined;
    return { ...base, status, series: { from: p.range.start, points }, endpoints: endpoints.table(elapsedSeconds(at)) };
  }

  return {
    testid: o.testid,
    windowMs,
    get cursor() {
      return cursor;
    },
    tick() {
      inFlight ??= run().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    snapshot() {
      return {
        status,
        error: lastError,
        windowMs,
        series: series.slice(),
        endpoints: endpoints.table(elapsedSeconds(now())),
        resources: resourceHistory.slice(),
        resourceProblem,
      };
    },
  };
}
