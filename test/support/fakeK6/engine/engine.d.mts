// Types for the stand-in engine (engine.mjs), as the TypeScript test helpers use it.
export declare const exitCodes: Record<'ok' | 'thresholds' | 'invalidConfig' | 'externalAbort' | 'scriptException' | 'scriptAborted', number>;

export interface EngineSample {
  metric: string;
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'default' | 'time' | 'data';
  value: number;
  tags: Record<string, string>;
  /** Epoch milliseconds (fractional). */
  time: number;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  timeoutMs: number;
  redirects: number;
}

export interface WireResult {
  status: number;
  statusText: string;
  proto: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  error?: string;
  errorCode?: number;
  timings: Record<'blocked' | 'connecting' | 'tls_handshaking' | 'sending' | 'waiting' | 'receiving' | 'duration', number>;
  bytesSent: number;
  bytesReceived: number;
}

export interface ThresholdRule {
  key: string;
  metric: string;
  source: string;
  actual?: number;
  ok: boolean;
  abortOnFail: boolean;
}

export interface EngineConfig {
  scriptPath: string;
  scriptText?: string;
  scriptLabel?: string;
  env: Record<string, string>;
  cli: Record<string, unknown>;
  outputs: string[];
  tags: Record<string, string>;
  processEnv?: Record<string, string | undefined>;
  checkIterations?: number;
  inspect?: boolean;
  beforeStart?: () => Promise<void>;
  writeFiles?: boolean;
  cwd?: string;
  hooks: {
    stdout(text: string): void;
    stderr(text: string): void;
    onSample?(sample: EngineSample): void;
    onRequest?(req: WireRequest, tags: Record<string, string>, result: WireResult): void;
    onIterationError?(e: { scenario: string; iteration?: number; message: string }): void;
    onLog?(level: string, msg: string, fields: Record<string, string>): void;
  };
}

export interface EngineResult {
  exitCode: number;
  summary?: { metrics: Record<string, { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>; [k: string]: unknown };
  files?: Record<string, string>;
  thresholds?: ThresholdRule[];
  errors: { scenario: string; iteration?: number; message: string }[];
  options?: Record<string, unknown>;
  /** With `inspect`: the script's own options, the most VUs and the longest scenario span. */
  scriptOptions?: Record<string, unknown>;
  maxVus?: number;
  totalDurationMs?: number;
}

export declare class Engine {
  constructor(config: EngineConfig);
  run(): Promise<EngineResult>;
  stop(code: number): void;
}
