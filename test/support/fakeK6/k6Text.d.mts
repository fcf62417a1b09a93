export declare const k6Version: string;
export declare function elapsed(ms: number): string;
export declare function banner(o: { script: string; outputs?: string[]; vus?: number; durationSeconds?: number; segment?: string }): string;
export declare function progressLine(o: { elapsedMs: number; vus: number; iterations: number; durationSeconds: number }): string;
export declare function summary(o: { thresholdsPassed: boolean; iterations: number; elapsedMs: number; vus: number; interrupted?: boolean }): string;
export declare function textSummary(data: unknown): string;
