// The results panel's message protocol, imported by both the extension host and the webview
// bundle (GitLens-style protocol module). The host posts notifications only after the
// webview's `ready`; every message from the webview is validated by `parseWebviewMessage`
// before use — the webview is treated as untrusted input.
import type { Finding } from './analysis/finding';
import type { BaselineComparison } from './metrics/compare';
import { activeRunStates, type RunEngine, type RunState } from './model';
import type {
  EndpointTable,
  ResourceMessage,
  ResourceProblem,
  RunSummary,
  WindowPoint,
} from './metrics/types';

export type {
  EndpointRow,
  EndpointTable,
  ResourceMessage,
  ResourceProblem,
  RunSummary,
  SummaryEndpoint,
  ThresholdVerdict,
  WindowPoint,
} from './metrics/types';
export type { Finding, FindingKind, FindingSeverity } from './analysis/finding';
export type { BaselineComparison, ComparedMetric, DeltaDirection, EndpointComparison, MetricDelta } from './metrics/compare';

/** The webview panel type (also the serializer's key). */
export const resultsViewType = 'metricVault.results';

/** The header: what ran, where, and how it stands. */
export interface PanelRun {
  id: string;
  state: RunState;
  engine: RunEngine;
  scriptPath: string;
  target?: string;
  reason?: string;
  startedAt?: number;
  finishedAt?: number;
}

export type LiveState = 'live' | 'delayed' | 'waiting' | 'finished';

/** Whether a run in this state may still produce metrics (the panel shows it as live). */
export const isActiveRunState = (state: RunState): boolean => activeRunStates.includes(state);

export type BannerKind = 'delayed' | 'waiting' | 'error' | 'info';
export interface Banner {
  kind: BannerKind;
  message: string;
}

/** Everything the panel shows; sent after `ready` and whenever the host reloads the run. */
export interface PanelState {
  run: PanelRun;
  live: LiveState;
  windowMs: number;
  series: WindowPoint[];
  endpoints: EndpointTable;
  resources: ResourceMessage[];
  resourceProblem?: ResourceProblem;
  summary?: RunSummary;
  /** A finished run compared with its script's (else its first endpoint's) baseline run. */
  comparison?: BaselineComparison;
  banner?: Banner;
  /** "Explain This Run": the language model's answer so far. */
  explanation?: Explanation;
  /** While the run goes: findings the windows so far already show (early failures, errors rising, a plateau). */
  liveFindings?: Finding[];
}

/** A language model's explanation of the run, streamed in; plain text, shown with textContent only. */
export interface Explanation {
  status: 'pending' | 'done' | 'error';
  /** The model's name, e.g. "GPT-4o (Copilot)". */
  model?: string;
  text: string;
}

export const chartIds = ['throughput', 'latency', 'errors', 'data', 'cpu', 'memory'] as const;
export type ChartId = (typeof chartIds)[number];

export const filters = ['all', 'k6', 'resources'] as const;
/** The PLOG guide's filter: all | k6 only | resources only. */
export type PanelFilter = (typeof filters)[number];

/** Host → webview. */
export type HostMessage =
  | { type: 'state'; state: PanelState }
  /** Replace every point at or after `from` with `points`. */
  | { type: 'series'; from: number; points: WindowPoint[]; live: LiveState }
  | { type: 'endpoints'; endpoints: EndpointTable }
  | { type: 'resources'; messages: ResourceMessage[]; problem?: ResourceProblem }
  | { type: 'run'; run: PanelRun }
  /** Whether metrics are flowing (a delayed or waiting tick sends no series). */
  | { type: 'live'; live: LiveState }
  | { type: 'summary'; summary: RunSummary }
  /** Absent comparison: the run has no baseline (or no summary) to compare with. */
  | { type: 'comparison'; comparison?: BaselineComparison }
  /** Absent banner: clear it. */
  | { type: 'banner'; banner?: Banner }
  | { type: 'explanation'; explanation: Explanation }
  | { type: 'liveFindings'; findings: Finding[] }
  /** The outcome of an export the webview asked for. */
  | { type: 'exported'; what: ExportKind; ok: boolean; message: string };

export type ExportKind = 'png' | 'json' | 'csv' | 'report';

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'export'; what: 'png'; chart: ChartId; dataUrl: string }
  /** `report`: the host asks for the format (Markdown, HTML, JUnit, JSON) and where to save. */
  | { type: 'export'; what: 'json' | 'csv' | 'report' }
  | { type: 'filter'; filter: PanelFilter }
  | { type: 'openScript' };

/** Largest PNG we accept from the webview (a chart canvas is far smaller). */
export const maxPngDataUrlLength = 16 * 1024 * 1024;
const pngDataUrlPrefix = 'data:image/png;base64,';
const pngDataUrl = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

/** Validates an untrusted message from the webview; anything else is rejected (undefined). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openScript':
      return { type: 'openScript' };
    case 'filter':
      return isOneOf(filters, m.filter) ? { type: 'filter', filter: m.filter } : undefined;
    case 'export':
      if (m.what === 'json' || m.what === 'csv' || m.what === 'report') return { type: 'export', what: m.what };
      if (m.what !== 'png' || !isOneOf(chartIds, m.chart)) return undefined;
      // Padded base64 only (what canvas.toDataURL makes): other lengths make atob throw.
      if (typeof m.dataUrl !== 'string' || m.dataUrl.length > maxPngDataUrlLength || !pngDataUrl.test(m.dataUrl) || (m.dataUrl.length - pngDataUrlPrefix.length) % 4 !== 0) return undefined;
      return { type: 'export', what: 'png', chart: m.chart, dataUrl: m.dataUrl };
    default:
      return undefined;
  }
}

/** The bytes of a validated PNG data URL. */
export function pngBytesFromDataUrl(dataUrl: string): Uint8Array {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
