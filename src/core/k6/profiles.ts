// Load profiles after Grafana's test types (grafana.com/docs/k6/latest/testing-guides/test-types):
// smoke, average load, stress, spike, soak and breakpoint. Each becomes one k6 scenario built
// from what the user picked: a load model (virtual users or arrival rate), its size and a
// duration. Closed models use constant-vus / ramping-vus, open models constant-arrival-rate /
// ramping-arrival-rate.
import { formatDuration } from './duration';

export const profileIds = ['smoke', 'average', 'stress', 'spike', 'soak', 'breakpoint'] as const;
export type LoadProfileId = (typeof profileIds)[number];
export type LoadModel = 'vus' | 'rate';

export interface LoadProfile {
  id: LoadProfileId;
  label: string;
  /** One line for a quick pick: what the profile is for. */
  description: string;
  /** Which models make sense; the first is the default. */
  models: LoadModel[];
  defaultVus: number;
  /** Iterations per second. */
  defaultRate: number;
  /** Seconds. */
  defaultDurationSeconds: number;
  /** Default p95 response-time limit, ms. */
  p95Ms: number;
  /** Stop the test as soon as a threshold fails (breakpoint tests look for that moment). */
  abortOnFail: boolean;
  /** Share of the duration per stage: [ramp up, hold, ramp down]; an empty hold means no plateau. */
  shape: 'constant' | [number, number, number];
}

export const loadProfiles: Record<LoadProfileId, LoadProfile> = {
  smoke: {
    id: 'smoke',
    label: 'Smoke',
    description: 'A minimal load for a short time: does the endpoint work at all?',
    models: ['vus', 'rate'],
    defaultVus: 1,
    defaultRate: 1,
    defaultDurationSeconds: 30,
    p95Ms: 500,
    abortOnFail: false,
    shape: 'constant',
  },
  average: {
    id: 'average',
    label: 'Average load',
    description: 'Ramp up to the usual production load, hold it, ramp down.',
    models: ['vus', 'rate'],
    defaultVus: 10,
    defaultRate: 20,
    defaultDurationSeconds: 300,
    p95Ms: 500,
    abortOnFail: false,
    shape: [0.125, 0.75, 0.125],
  },
  stress: {
    id: 'stress',
    label: 'Stress',
    description: 'Above-average load held for a while: how does it behave when busy?',
    models: ['vus', 'rate'],
    defaultVus: 50,
    defaultRate: 100,
    defaultDurationSeconds: 600,
    p95Ms: 1000,
    abortOnFail: false,
    shape: [0.2, 0.7, 0.1],
  },
  spike: {
    id: 'spike',
    label: 'Spike',
    description: 'A sudden, very high surge with no plateau, then back to zero.',
    models: ['vus', 'rate'],
    defaultVus: 100,
    defaultRate: 200,
    defaultDurationSeconds: 180,
    p95Ms: 1500,
    abortOnFail: false,
    shape: [2 / 3, 0, 1 / 3],
  },
  soak: {
    id: 'soak',
    label: 'Soak',
    description: 'Average load for hours: leaks and slow degradation show up here.',
    models: ['vus', 'rate'],
    defaultVus: 10,
    defaultRate: 20,
    defaultDurationSeconds: 7200,
    p95Ms: 500,
    abortOnFail: false,
    shape: [0.05, 0.9, 0.05],
  },
  breakpoint: {
    id: 'breakpoint',
    label: 'Breakpoint',
    description: 'Raise the request rate steadily until a threshold fails; the test then stops.',
    models: ['rate', 'vus'],
    defaultVus: 200,
    defaultRate: 500,
    defaultDurationSeconds: 1200,
    p95Ms: 1500,
    abortOnFail: true,
    shape: [1, 0, 0],
  },
};

export function isProfileId(value: string): value is LoadProfileId {
  return (profileIds as readonly string[]).includes(value);
}

export interface LoadSettings {
  model: LoadModel;
  /** Virtual users (closed model) or iterations per second (open model). */
  amount: number;
  durationSeconds: number;
  /** Pause at the end of each iteration, seconds (only meaningful for the closed model). */
  thinkTimeSeconds: number;
  p95Ms: number;
}

/** The profile's defaults, overridden by whatever the user chose. */
export function loadSettings(profile: LoadProfileId, chosen: Partial<LoadSettings> = {}): LoadSettings {
  const p = loadProfiles[profile];
  const model = chosen.model ?? p.models[0];
  return {
    model,
    amount: Math.max(1, Math.round(chosen.amount ?? (model === 'vus' ? p.defaultVus : p.defaultRate))),
    durationSeconds: Math.max(1, Math.round(chosen.durationSeconds ?? p.defaultDurationSeconds)),
    thinkTimeSeconds: Math.max(0, chosen.thinkTimeSeconds ?? (model === 'vus' ? 1 : 0)),
    p95Ms: Math.max(1, Math.round(chosen.p95Ms ?? p.p95Ms)),
  };
}

export interface Stage {
  duration: string;
  target: number;
  /** What the stage does, for a comment in the script. */
  note: string;
}

/** One k6 scenario; key order is the order a person reads it in. */
export interface ScenarioConfig {
  executor: 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'ramping-arrival-rate';
  exec?: string;
  vus?: number;
  startVUs?: number;
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  duration?: string;
  stages?: Stage[];
  preAllocatedVUs?: number;
  maxVUs?: number;
  gracefulRampDown?: string;
  gracefulStop?: string;
}

/** Splits the duration by the profile's shape into whole-second stages (each at least 1 s). */
function stagesFor(shape: [number, number, number], seconds: number, target: number): Stage[] {
  // Round ramps to whole 5 s (or minutes, for tests of 10 minutes and more) so stages read well.
  const unit = seconds >= 600 ? 60 : seconds >= 60 ? 5 : 1;
  const round = (x: number) => Math.max(1, Math.round(x / unit) * unit);
  const up = shape[1] === 0 && shape[2] === 0 ? seconds : round(seconds * shape[0]);
  const down = shape[2] > 0 ? (shape[1] === 0 ? seconds - up : round(seconds * shape[2])) : 0;
  const hold = shape[1] > 0 ? Math.max(1, seconds - up - down) : 0;
  const stages: Stage[] = [{ duration: formatDuration(up), target, note: 'ramp up' }];
  if (hold > 0) stages.push({ duration: formatDuration(hold), target, note: 'hold' });
  if (down > 0) stages.push({ duration: formatDuration(down), target: 0, note: 'ramp down' });
  return stages;
}

/** VUs an arrival-rate scenario starts with and may grow to, for a rate in iterations/s. */
export function vusForRate(rate: number): { preAllocatedVUs: number; maxVUs: number } {
  // Little's law with a 0.5 s typical and 2 s slow iteration.
  const preAllocatedVUs = Math.max(1, Math.ceil(rate * 0.5));
  return { preAllocatedVUs, maxVUs: Math.max(preAllocatedVUs, Math.ceil(rate * 2)) };
}

/** The scenario for a profile and the user's settings. */
export function scenarioFor(profile: LoadProfileId, s: LoadSettings): ScenarioConfig {
  const shape = loadProfiles[profile].shape;
  const duration = formatDuration(s.durationSeconds);
  if (s.model === 'vus') {
    if (shape === 'constant') return { executor: 'constant-vus', vus: s.amount, duration };
    return { executor: 'ramping-vus', startVUs: 0, stages: stagesFor(shape, s.durationSeconds, s.amount), gracefulRampDown: '30s' };
  }
  const vus = vusForRate(s.amount);
  if (shape === 'constant') return { executor: 'constant-arrival-rate', rate: s.amount, timeUnit: '1s', duration, ...vus };
  return { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: stagesFor(shape, s.durationSeconds, s.amount), ...vus };
}

/**
 * Splits one scenario's load between endpoints by weight (largest remainder, at least 1 each
 * where the whole is above 0), so a whole tag or server gets one scenario per endpoint.
 */
export function splitScenario(base: ScenarioConfig, weights: number[]): ScenarioConfig[] {
  const share = (total: number | undefined, minimum: number): number[] | undefined =>
    total === undefined ? undefined : apportion(total, weights, total > 0 ? minimum : 0);
  const vus = share(base.vus, 1);
  const rate = share(base.rate, 1);
  const pre = share(base.preAllocatedVUs, 1);
  const max = share(base.maxVUs, 1);
  const stageTargets = base.stages?.map((st) => apportion(st.target, weights, st.target > 0 ? 1 : 0));
  return weights.map((_, i) => {
    const out: ScenarioConfig = { ...base };
    if (vus) out.vus = vus[i];
    if (rate) out.rate = rate[i];
    if (pre) out.preAllocatedVUs = pre[i];
    if (max) out.maxVUs = Math.max(max[i], out.preAllocatedVUs ?? 0);
    if (base.stages && stageTargets) out.stages = base.stages.map((st, j) => ({ ...st, target: stageTargets[j][i] }));
    return out;
  });
}

/** Integer shares of `total` proportional to `weights`, each at least `minimum`. */
export function apportion(total: number, weights: number[], minimum: number): number[] {
  const w = weights.some((x) => x > 0) ? weights.map((x) => Math.max(0, x)) : weights.map(() => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (total * x) / sum);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors.map((f) => Math.max(minimum, f));
}

export interface ThresholdRule {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string;
}

/** Default thresholds: under 1 % failed requests and a p95 limit. */
export function thresholdsFor(profile: LoadProfileId, s: LoadSettings): Record<string, (string | ThresholdRule)[]> {
  const rules = [`rate<0.01`, `p(95)<${s.p95Ms}`];
  if (!loadProfiles[profile].abortOnFail) return { http_req_failed: [rules[0]], http_req_duration: [rules[1]] };
  return {
    http_req_failed: [{ threshold: rules[0], abortOnFail: true, delayAbortEval: '10s' }],
    http_req_duration: [{ threshold: rules[1], abortOnFail: true, delayAbortEval: '10s' }],
  };
}

/** Parses a load size typed by a person: "20" (in the given model), "20 vus", "50/s", "50 rps". */
export function parseLoadSize(text: string, fallback: LoadModel): { model: LoadModel; amount: number } | undefined {
  const m = /^\s*(\d+)\s*(vus?|virtual users?|users?|\/s|rps|req\/s|requests?\/s|iterations?\/s)?\s*$/i.exec(text);
  if (!m) return undefined;
  const amount = Number(m[1]);
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > 1_000_000) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  const model: LoadModel = unit === '' ? fallback : unit.endsWith('/s') || unit === 'rps' ? 'rate' : 'vus';
  return { model, amount };
}
