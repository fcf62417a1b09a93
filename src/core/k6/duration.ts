// k6 durations, parsed exactly as k6 does (lib/types ParseExtendedDuration): Go duration
// strings (`1h2m3.5s`, `300ms`), an optional leading day count (`2d12h`), and bare numbers,
// which k6 reads as milliseconds.

const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const goDuration = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const goPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

function parseGoDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (!goDuration.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of text.matchAll(goPart)) total += Number(m[1]) * unitMs[m[2]];
  return sign * total;
}

/** Milliseconds for a k6 duration value (string or number of ms), or undefined when k6 would reject it. */
export function parseK6Duration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const d = text.indexOf('d');
  if (d < 0) return parseGoDuration(text);
  const daysText = text.slice(0, d);
  if (!/^[+-]?\d+$/.test(daysText)) return undefined;
  const days = Number(daysText);
  let rest = 0;
  if (d + 1 < text.length) {
    const parsed = parseGoDuration(text.slice(d + 1));
    if (parsed === undefined || parsed < 0) return undefined;
    rest = parsed;
  }
  return days * 86_400_000 + (days < 0 ? -rest : rest);
}

/** A compact k6 duration for whole seconds: 90 → `1m30s`, 3600 → `1h`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  let s = Math.max(0, Math.round(seconds));
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
