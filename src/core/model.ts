// Records shared by every layer. Plain data: no methods, no I/O.

export type ServerKind = 'cluster' | 'external';

/** A place endpoints come from: a service in the cluster or a server registered by URL. */
export interface ServerRecord {
  id: string;
  kind: ServerKind;
  name: string;
  baseUrl: string;
  specUrl?: string;
  namespace?: string;
  service?: string;
  port?: number;
  specHash?: string;
  /** Validation problems found in the server's document; the tree still loads. */
  warnings: string[];
  createdAt: number;
  updatedAt: number;
}

/** One operation as listed in the Endpoints view. `detail` carries the parsed operation. */
export interface EndpointRecord {
  id?: number;
  serverId: string;
  method: string;
  path: string;
  operationId?: string;
  tag: string;
  summary?: string;
  deprecated: boolean;
  specHash: string;
  detail: unknown;
}

export interface ScriptRecord {
  path: string;
  serverId?: string;
  endpoints: string[];
  profile?: string;
  createdAt: number;
}

export type RunEngine = 'job' | 'indexed-job' | 'k6-operator' | 'local';
export type RunState = 'queued' | 'starting' | 'running' | 'finished' | 'failed' | 'stopped';
export const activeRunStates: readonly RunState[] = ['queued', 'starting', 'running'];

/**
 * A process on a machine: its pid, a token for when it started (so a reused pid is not taken
 * for the same process) and the host name. Owns a local run (k6 is its child).
 */
export interface ProcessIdentity {
  pid: number;
  start: string;
  host: string;
}

/** A load-test run. Its id is the k6 `testid` tag on every metric point it writes. */
export interface RunRecord {
  id: string;
  scriptPath: string;
  engine: RunEngine;
  state: RunState;
  reason?: string;
  target?: string;
  namespace?: string;
  /** Names of the Kubernetes objects the run created, as `kind/name`. */
  k8sObjects: string[];
  /** Endpoint keys such as `GET /pets/{petId}` the script exercises. */
  endpoints: string[];
  exitCode?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Local runs: the process whose child k6 is. */
  owner?: ProcessIdentity;
  /** The git commit the script's checkout was at when the run started (Show Trend marks changes). */
  gitCommit?: string;
}

export type Verdict = 'passed' | 'failed' | 'unknown';

export interface RunSummaryRecord {
  runId: string;
  verdict: Verdict;
  summary: unknown;
  createdAt: number;
}

/** One pod's CPU/memory at one instant, with the pod's specs (null when a spec is unset). */
export interface ResourceSampleRecord {
  runId?: string;
  pod: string;
  ts: number;
  cpuMillicores: number | null;
  memoryMb: number | null;
  cpuRequestMillicores: number | null;
  cpuLimitMillicores: number | null;
  memoryRequestMb: number | null;
  memoryLimitMb: number | null;
  cpuIsPredicted: boolean;
  memoryIsPredicted: boolean;
  /** Whose pod: the service under test (default) or a k6 load generator. */
  role?: 'target' | 'generator';
  /** The pod's container restarts summed, when read. */
  restarts?: number | null;
  /** Why a container last terminated (`OOMKilled`, `Error`), when one did. */
  lastTerminatedReason?: string | null;
}

export interface BaselineRecord {
  endpointKey: string;
  runId: string;
  createdAt: number;
}
