// Counts in words, so no message reads "1 requests/s" or "2 endpoint".

/** `1 request`, `2 requests`; `unit` is appended after the noun (`1 request/s`). */
export function countOf(n: number, singular: string, plural = `${singular}s`, unit = ''): string {
  return `${n} ${n === 1 ? singular : plural}${unit}`;
}
